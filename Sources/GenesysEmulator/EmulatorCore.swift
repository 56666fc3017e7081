import Foundation

/// The emulated Genesys Cloud: every REST answer comes from here. The HTTP server in front of it
/// only translates requests and responses.
public actor EmulatorCore {
    public let configuration: EmulatorConfiguration
    public let catalog: TopicCatalog
    let clock: any EmulatorClock
    /// The contact centre; it owns the organisation every REST answer and event describes.
    var simulation: ContactCentreSimulation
    public internal(set) var organization: Organization {
        get { simulation.organization }
        set { simulation.organization = newValue }
    }

    struct IssuedToken {
        let clientId: String
        let expiresAt: Date
    }

    struct ChannelRecord {
        let id: String
        let clientId: String
        let created: Date
        var expires: Date
        var lastUsed: Date
        var connected = false
        /// Individual topics in subscription order, and their case-folded keys.
        var topics: [String] = []
        var topicKeys: Set<String> = []
    }

    var tokens: [String: IssuedToken] = [:]
    var channels: [String: ChannelRecord] = [:]
    private var requestStamps: [String: [Date]] = [:]
    /// Sockets, the published-event log and injected faults: the streaming half's state.
    var streaming: StreamingState
    /// Where sockets connect: `ws://host:port`, set once the server is bound.
    public private(set) var streamingBaseURL = "ws://127.0.0.1"

    public init(
        configuration: EmulatorConfiguration = EmulatorConfiguration(), clock: any EmulatorClock = SystemEmulatorClock()
    ) {
        self.configuration = configuration
        self.clock = clock
        self.catalog = .standard
        let start = clock.now()
        self.simulation = ContactCentreSimulation(
            organization: Organization.generate(configuration.organization, now: start),
            profile: configuration.simulation, seed: configuration.organization.seed, start: start)
        self.streaming = StreamingState(configuration: configuration)
    }

    public func setStreamingBaseURL(_ url: String) { streamingBaseURL = url }

    /// Answers one request.
    public func handle(_ request: EmulatorRequest) -> EmulatorResponse {
        let segments = request.path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        do {
            if segments == ["oauth", "token"] {
                guard request.method == "POST" else { return methodNotAllowed(request) }
                return try issueToken(request)
            }
            if segments.first == EmulatorAdmin.pathPrefix {
                return try administer(request, Array(segments.dropFirst()))
            }
            guard segments.count >= 2, segments[0] == "api", segments[1] == "v2" else {
                return .platformError(404, code: "not.found", message: "No resource found for path \(request.path)")
            }
            if let retryAfter = streaming.storm.take() {
                return tooManyRequests(retryAfter: retryAfter, count: configuration.requestsPerMinute)
            }
            let token = try authenticate(request)
            let limit = rateLimit(token: token)
            if let refusal = limit.refusal { return refusal }
            var response = try route(request, Array(segments.dropFirst(2)), clientId: tokens[token]?.clientId ?? "")
            response.headers += limit.headers
            return response
        } catch let failure as EmulatorFailure {
            return failure.response
        } catch {
            return .platformError(500, code: "internal.server.error", message: "The emulator failed: \(error)")
        }
    }

    private func route(_ request: EmulatorRequest, _ path: [String], clientId: String) throws -> EmulatorResponse {
        func match(_ method: String, _ pattern: String) -> [String]? {
            guard request.method == method || method == "*" else { return nil }
            let expected = pattern.split(separator: "/").map(String.init)
            guard expected.count == path.count else { return nil }
            var captured: [String] = []
            for (want, have) in zip(expected, path) {
                if want == "*" { captured.append(have) } else if want != have { return nil }
            }
            return captured
        }
        if match("POST", "notifications/channels") != nil { return createChannel(clientId: clientId) }
        if match("GET", "notifications/channels") != nil { return listChannels(request, clientId: clientId) }
        if let id = match("HEAD", "notifications/channels/*")?.first {
            return channelRecord(id, clientId: clientId) == nil
                ? EmulatorResponse(status: 404) : EmulatorResponse(status: 200)
        }
        if let id = match("*", "notifications/channels/*/subscriptions")?.first {
            return try subscriptions(request, channelId: id, clientId: clientId)
        }
        if match("GET", "notifications/availabletopics") != nil { return availableTopics(request) }
        if match("GET", "presence/definitions") != nil { return presenceDefinitions(request) }
        if match("GET", "presencedefinitions") != nil { return legacyPresenceDefinitions(request) }
        if match("GET", "routing/queues") != nil { return queues(request) }
        if let id = match("GET", "routing/queues/*")?.first { return try queue(id) }
        if let id = match("GET", "routing/queues/*/members")?.first { return try queueMembers(request, queueId: id) }
        if match("GET", "users") != nil { return users(request) }
        if let id = match("GET", "users/*")?.first { return try user(request, id: id) }
        if match("POST", "analytics/queues/observations/query") != nil {
            try require("analytics:queueObservation:view")
            return try queueObservations(request)
        }
        if match("POST", "analytics/conversations/aggregates/query") != nil {
            try require("analytics:conversationAggregate:view")
            return try conversationAggregates(request)
        }
        return .platformError(
            404, code: "not.found", message: "No resource found for \(request.method) \(request.path)")
    }

    /// Refuses a call the OAuth client lacks `permission` for. The platform answers 403 naming the
    /// missing permissions; the exact code and wording are UNCONFIRMED.
    private func require(_ permission: String) throws {
        guard hasPermission(permission) else {
            throw EmulatorFailure(
                response: .platformError(
                    403, code: "missing.permissions",
                    message: "Unable to perform the requested action. "
                        + "You are missing the following permission(s): [\(permission)]"))
        }
    }

    private func methodNotAllowed(_ request: EmulatorRequest) -> EmulatorResponse {
        .platformError(
            405, code: "method.not.allowed", message: "\(request.method) is not supported on \(request.path)")
    }

    // MARK: - OAuth

    private func issueToken(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let form = Self.parseForm(request.body)
        var clientId = form["client_id"]
        var secret = form["client_secret"]
        // The SDKs send Basic credentials; some third-party code puts them in the form (UNCONFIRMED
        // on the real service, accepted here).
        if let header = request.header("Authorization"), header.lowercased().hasPrefix("basic ") {
            let encoded = header.dropFirst(6).trimmingCharacters(in: .whitespaces)
            guard let data = Data(base64Encoded: encoded), let pair = String(data: data, encoding: .utf8),
                let colon = pair.firstIndex(of: ":")
            else {
                return .oauthError(400, error: "invalid_request", description: "malformed Basic authorization header")
            }
            clientId = String(pair[..<colon])
            secret = String(pair[pair.index(after: colon)...])
        }
        guard let grant = form["grant_type"] else {
            return .oauthError(400, error: "invalid_request", description: "grant_type is required")
        }
        guard let clientId, let secret else {
            return .oauthError(401, error: "invalid_client", description: "client authentication is required")
        }
        guard clientId == configuration.clientId, secret == configuration.clientSecret else {
            // The real status for a bad secret is UNCONFIRMED; 401 invalid_client follows RFC 6749.
            return .oauthError(401, error: "invalid_client", description: "authentication failed")
        }
        guard grant == "client_credentials" else {
            return .oauthError(400, error: "unsupported_grant_type", description: "unsupported grant type: \(grant)")
        }
        guard configuration.clientCredentialsGrantAllowed else {
            return .oauthError(
                400, error: "unauthorized_client",
                description: "client is not authorized to use the client_credential grant type")
        }
        let value = Self.randomToken()
        let lifetime = Double(configuration.tokenLifetime.components.seconds)
        tokens[value] = IssuedToken(clientId: clientId, expiresAt: clock.now().addingTimeInterval(lifetime))
        return .json(
            200,
            ["access_token": .string(value), "token_type": "bearer", "expires_in": .int(max(1, Int(lifetime) - 1))])
    }

    private func authenticate(_ request: EmulatorRequest) throws -> String {
        guard let header = request.header("Authorization"), header.lowercased().hasPrefix("bearer ") else {
            throw EmulatorFailure(
                response: .platformError(
                    401, code: "authentication.required",
                    message: "No authentication bearer token specified in authorization header."))
        }
        let value = header.dropFirst(7).trimmingCharacters(in: .whitespaces)
        guard let token = tokens[value] else {
            throw EmulatorFailure(
                response: .platformError(401, code: "bad.credentials", message: "Invalid login credentials."))
        }
        guard token.expiresAt > clock.now() else {
            tokens[value] = nil
            throw EmulatorFailure(
                response: .platformError(
                    401, code: "credentials.expired", message: "The supplied credentials are expired."))
        }
        return value
    }

    /// Revokes every token, as an administrator would; the next call with one gets 401.
    public func revokeAllTokens() { tokens.removeAll() }

    // MARK: - Rate limit

    private func rateLimit(token: String) -> (refusal: EmulatorResponse?, headers: [(name: String, value: String)]) {
        let now = clock.now()
        var stamps = requestStamps[token, default: []].filter { now.timeIntervalSince($0) < 60 }
        let allowed = configuration.requestsPerMinute
        let reset = stamps.first.map { max(1, Int((60 - now.timeIntervalSince($0)).rounded(.up))) } ?? 60
        if stamps.count >= allowed {
            requestStamps[token] = stamps
            return (tooManyRequests(retryAfter: reset, count: stamps.count), [])
        }
        stamps.append(now)
        requestStamps[token] = stamps
        return (
            nil,
            [
                ("ININ-Correlation-Id", RandomIdentifier.make()), ("inin-ratelimit-count", String(stamps.count)),
                ("inin-ratelimit-allowed", String(allowed)), ("inin-ratelimit-reset", String(reset)),
            ]
        )
    }

    /// The platform's normalised 429 (since 2021-11): `Retry-After` and the ErrorBody.
    func tooManyRequests(retryAfter: Int, count: Int) -> EmulatorResponse {
        var refusal = EmulatorResponse.platformError(
            429, code: "too.many.requests.retry.after",
            message: "Rate limit exceeded the maximum. Retry the request in [\(retryAfter)] seconds")
        refusal.headers += [
            ("Retry-After", String(retryAfter)), ("inin-ratelimit-count", String(count)),
            ("inin-ratelimit-allowed", String(configuration.requestsPerMinute)),
            ("inin-ratelimit-reset", String(retryAfter)),
        ]
        return refusal
    }

    // MARK: - Helpers

    static func parseForm(_ body: [UInt8]) -> [String: String] {
        let text = String(decoding: body, as: UTF8.self)
        var result: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            if let key = parts.first { result[key] = parts.count > 1 ? parts[1] : "" }
        }
        return result
    }

    static func randomToken() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        return String((0..<86).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] })
    }

    /// Page parameters with the platform's defaults (page 1, 25 a page).
    static func paging(_ request: EmulatorRequest, maxPageSize: Int = 500) throws -> (number: Int, size: Int) {
        let number = request.queryValue("pageNumber").map { Int($0) } ?? 1
        let size = request.queryValue("pageSize").map { Int($0) } ?? 25
        guard let number, number >= 1 else { throw EmulatorFailure.badRequest("pageNumber must be a positive integer") }
        guard let size, size >= 1, size <= maxPageSize else {
            throw EmulatorFailure.badRequest("pageSize must be between 1 and \(maxPageSize)")
        }
        return (number, size)
    }

    func decodeBody<T: Decodable>(_ type: T.Type, _ request: EmulatorRequest) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(request.body))
        } catch {
            throw EmulatorFailure.badRequest("The request body could not be read as JSON of the expected shape.")
        }
    }
}
