import Foundation
import Logging

/// Hands out a valid bearer token, logging in with the client-credentials grant when needed.
///
/// The token is cached and refreshed `refreshMargin` before it expires. However many tasks ask at
/// once, at most one login is in flight (single flight): the others wait for its result.
public actor TokenProvider {
    public struct Configuration: Sendable {
        public var credentials: ClientCredentials
        public var loginBaseURL: String
        /// Refresh this long before expiry. Capped at a fifth of the token's lifetime, so a
        /// short-lived token is not refreshed on every call.
        public var refreshMargin: Duration
        public var requestTimeout: Duration
        public var retry: RetryPolicy

        public init(
            credentials: ClientCredentials,
            loginBaseURL: String,
            refreshMargin: Duration = .seconds(300),
            requestTimeout: Duration = .seconds(15),
            retry: RetryPolicy = RetryPolicy()
        ) {
            self.credentials = credentials
            self.loginBaseURL = loginBaseURL
            self.refreshMargin = refreshMargin
            self.requestTimeout = requestTimeout
            self.retry = retry
        }
    }

    private let configuration: Configuration
    private let transport: any HTTPTransport
    private let clock: any PlatformClock
    private let logger: Logger
    private let sender: RetryingSender
    private var cached: (token: AccessToken, refreshAt: ContinuousClock.Instant)?
    private var inFlight: Task<AccessToken, any Error>?
    /// Logins performed, for tests and diagnostics.
    public private(set) var loginCount = 0

    public init(
        configuration: Configuration,
        transport: any HTTPTransport,
        clock: any PlatformClock = SystemClock(),
        logger: Logger = Logger(label: "genesys.oauth"),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.configuration = configuration
        self.transport = transport
        self.clock = clock
        self.logger = logger
        self.sender = RetryingSender(
            policy: configuration.retry, timeout: configuration.requestTimeout, clock: clock, logger: logger,
            random: random)
    }

    /// A token valid for at least the refresh margin, from the cache or a fresh login.
    ///
    /// - Throws: ``GenesysCloudError`` when the login fails.
    public func token() async throws -> AccessToken {
        if let cached, clock.now() < cached.refreshAt {
            return cached.token
        }
        if let inFlight {
            return try await inFlight.value
        }
        let login = Task { try await self.login() }
        inFlight = login
        defer { inFlight = nil }
        return try await login.value
    }

    /// Forgets `token` after the API refused it (revoked, or expired early), so the next call logs
    /// in again. A newer token already cached is kept.
    public func invalidate(_ token: AccessToken) {
        if cached?.token == token { cached = nil }
    }

    private func login() async throws -> AccessToken {
        let request = HTTPRequestData(
            method: "POST",
            url: configuration.loginBaseURL + "/oauth/token",
            headers: [
                (
                    "Authorization",
                    "Basic "
                        + Data("\(configuration.credentials.clientId):\(configuration.credentials.clientSecret)".utf8)
                        .base64EncodedString()
                ),
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Accept", "application/json"),
            ],
            body: Array("grant_type=client_credentials".utf8))
        let label = "POST /oauth/token"
        // A token request has no side effect worth protecting: retrying it is always safe.
        let response = try await sender.send(label: label, idempotent: true) {
            try await transport.send(request, timeout: configuration.requestTimeout)
        }
        guard (200..<300).contains(response.status) else {
            let body = try? GenesysJSON.decoder().decode(OAuthErrorBody.self, from: Data(response.body))
            throw GenesysCloudError.authenticationFailed(
                status: response.status, error: body?.error, detail: body?.errorDescription ?? body?.description)
        }
        return try store(response, label: label)
    }

    private func store(_ response: HTTPResponseData, label: String) throws -> AccessToken {
        let body: OAuthTokenResponse
        do {
            body = try GenesysJSON.decoder().decode(OAuthTokenResponse.self, from: Data(response.body))
        } catch {
            throw GenesysCloudError.malformedResponse(
                request: label, status: response.status, reason: "no access_token and expires_in in the body")
        }
        guard !body.accessToken.isEmpty, body.expiresIn > 0 else {
            throw GenesysCloudError.malformedResponse(
                request: label, status: response.status, reason: "empty access_token or non-positive expires_in")
        }
        let now = clock.now()
        let lifetime = Duration.seconds(body.expiresIn)
        let margin = min(configuration.refreshMargin, lifetime / 5)
        let token = AccessToken(value: body.accessToken, expiresAt: now + lifetime)
        cached = (token, now + lifetime - margin)
        loginCount += 1
        logger.debug("logged in", metadata: ["expires_in_s": "\(body.expiresIn)"])
        return token
    }
}
