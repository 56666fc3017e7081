import Foundation
import Logging

/// The Genesys Cloud REST client: JSON in and out, bearer tokens from a ``TokenProvider``,
/// retries by a ``RetryPolicy``, and a ``RequestBudget`` that keeps it under the per-token rate
/// limit.
///
/// Every failure is thrown as a ``GenesysCloudError``.
public final class GenesysCloudClient: Sendable {
    public struct Configuration: Sendable {
        public var endpoints: PlatformEndpoints
        public var credentials: ClientCredentials
        /// The longest a single attempt may take.
        public var requestTimeout: Duration
        public var retry: RetryPolicy
        /// The client-side request budget. Genesys allows 300 a minute per client-credentials token.
        public var requestsPerMinute: Int
        public var tokenRefreshMargin: Duration
        public var userAgent: String

        public init(
            endpoints: PlatformEndpoints,
            credentials: ClientCredentials,
            requestTimeout: Duration = .seconds(15),
            retry: RetryPolicy = RetryPolicy(),
            requestsPerMinute: Int = 300,
            tokenRefreshMargin: Duration = .seconds(300),
            userAgent: String = "switchboard/0.1"
        ) {
            self.endpoints = endpoints
            self.credentials = credentials
            self.requestTimeout = requestTimeout
            self.retry = retry
            self.requestsPerMinute = requestsPerMinute
            self.tokenRefreshMargin = tokenRefreshMargin
            self.userAgent = userAgent
        }
    }

    public let configuration: Configuration
    public let tokens: TokenProvider
    public let budget: RequestBudget
    private let transport: any HTTPTransport
    private let clock: any PlatformClock
    private let sender: RetryingSender

    public init(
        configuration: Configuration,
        transport: any HTTPTransport = AsyncHTTPTransport(),
        clock: any PlatformClock = SystemClock(),
        logger: Logger = Logger(label: "genesys.rest"),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.configuration = configuration
        self.transport = transport
        self.clock = clock
        self.sender = RetryingSender(
            policy: configuration.retry, timeout: configuration.requestTimeout, clock: clock, logger: logger,
            random: random)
        self.tokens = TokenProvider(
            configuration: .init(
                credentials: configuration.credentials,
                loginBaseURL: configuration.endpoints.loginBaseURL,
                refreshMargin: configuration.tokenRefreshMargin,
                requestTimeout: configuration.requestTimeout,
                retry: configuration.retry),
            transport: transport, clock: clock, logger: logger, random: random)
        self.budget = RequestBudget(requestsPerMinute: configuration.requestsPerMinute, clock: clock)
    }

    // MARK: - Requests

    /// One REST call: method, path under the API base URL, query items and an optional JSON body.
    public struct Request: Sendable {
        public var method: String
        public var path: String
        public var query: [(name: String, value: String)]
        public var body: [UInt8]?
        /// Whether repeating the call is harmless if the first attempt may have been executed.
        public var idempotent: Bool

        public init(
            method: String, path: String, query: [(name: String, value: String)] = [], body: [UInt8]? = nil,
            idempotent: Bool? = nil
        ) {
            self.method = method
            self.path = path
            self.query = query
            self.body = body
            self.idempotent = idempotent ?? (method != "POST" && method != "PATCH")
        }

        /// `METHOD /path` with channel ids shortened: a channel id is a capability.
        public var label: String { "\(method) \(Self.redacted(path))" }

        static func redacted(_ path: String) -> String {
            path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
                segment.hasPrefix("streaming-") ? String(segment).redactedIdentifier : String(segment)
            }.joined(separator: "/")
        }
    }

    /// Sends `request` and decodes the JSON answer as `Response`.
    public func send<Response: Decodable>(_ request: Request, as type: Response.Type = Response.self) async throws
        -> Response
    {
        let response = try await perform(request)
        do {
            return try GenesysJSON.decoder().decode(Response.self, from: Data(response.body))
        } catch {
            throw GenesysCloudError.malformedResponse(
                request: request.label, status: response.status, reason: Self.describe(error))
        }
    }

    /// Sends `request` and returns the raw answer (2xx only; anything else throws).
    @discardableResult
    public func perform(_ request: Request) async throws -> HTTPResponseData {
        let response = try await sender.send(label: request.label, idempotent: request.idempotent) {
            let (response, token) = try await exchange(request)
            guard response.status == 401 else { return response }
            // The token expired early or was revoked: log in again once, then resend.
            await tokens.invalidate(token)
            return try await exchange(request).response
        }
        guard (200..<300).contains(response.status) else {
            throw GenesysCloudError.requestFailed(
                request: request.label, status: response.status, body: Self.errorBody(response))
        }
        return response
    }

    /// One exchange within the budget, with a current token.
    private func exchange(_ request: Request) async throws -> (response: HTTPResponseData, token: AccessToken) {
        try await budget.acquire()
        let token = try await tokens.token()
        let response = try await transport.send(
            httpRequest(request, token: token), timeout: configuration.requestTimeout)
        if let allowed = response.header("inin-ratelimit-allowed").flatMap(Int.init) {
            await budget.adopt(serverLimit: allowed)
        }
        return (response, token)
    }

    private func httpRequest(_ request: Request, token: AccessToken) -> HTTPRequestData {
        var url = configuration.endpoints.apiBaseURL + request.path
        if !request.query.isEmpty {
            var components = URLComponents()
            components.queryItems = request.query.map { URLQueryItem(name: $0.name, value: $0.value) }
            url += "?" + (components.percentEncodedQuery ?? "")
        }
        var headers: [(name: String, value: String)] = [
            ("Authorization", "Bearer \(token.value)"),
            ("Accept", "application/json"),
            ("User-Agent", configuration.userAgent),
        ]
        if request.body != nil { headers.append(("Content-Type", "application/json")) }
        return HTTPRequestData(method: request.method, url: url, headers: headers, body: request.body)
    }

    private static func errorBody(_ response: HTTPResponseData) -> ErrorBody? {
        guard !response.body.isEmpty else { return nil }
        return try? GenesysJSON.decoder().decode(ErrorBody.self, from: Data(response.body))
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            "missing field '\(path(context.codingPath + [key]))'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "wrong type at '\(path(context.codingPath))': \(context.debugDescription)"
        case DecodingError.dataCorrupted(let context):
            context.codingPath.isEmpty
                ? "not valid JSON" : "bad value at '\(path(context.codingPath))': \(context.debugDescription)"
        default:
            String(describing: error)
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(
            in: CharacterSet(charactersIn: "."))
    }

    /// Encodes a request body the way the platform expects it.
    package static func jsonBody(_ value: some Encodable) throws -> [UInt8] {
        Array(try GenesysJSON.encoder().encode(value))
    }
}
