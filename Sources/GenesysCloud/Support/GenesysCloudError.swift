/// Everything that can go wrong talking to Genesys Cloud, each case with its cause and its fix.
///
/// Messages never contain tokens, secrets or full channel ids.
public enum GenesysCloudError: Error, Sendable, CustomStringConvertible {
    /// The login service refused the client-credentials grant.
    case authenticationFailed(status: Int, error: String?, detail: String?)
    /// A REST call failed with a status that retrying cannot fix.
    case requestFailed(request: String, status: Int, body: ErrorBody?)
    /// The rate limit held after every allowed retry, or asked for a longer wait than allowed.
    case rateLimited(request: String, retryAfter: Duration?)
    /// The server kept answering 5xx.
    case serverUnavailable(request: String, status: Int, attempts: Int)
    /// No answer within the request timeout.
    case timedOut(request: String, after: Duration, attempts: Int)
    /// The connection could not be made or broke.
    case network(request: String, reason: String)
    /// The request waited for a free connection of this process's HTTP pool and none came free:
    /// a local queue, not the network.
    case noFreeConnection(request: String, attempts: Int)
    /// An answer that is not what the platform sends.
    case malformedResponse(request: String, status: Int, reason: String)

    /// The platform's error code, when there is one (`bad.request`, `not.found`, ...).
    public var platformCode: String? {
        switch self {
        case .requestFailed(_, _, let body): body?.code
        case .authenticationFailed(_, let error, _): error
        default: nil
        }
    }

    /// The HTTP status, when the server answered.
    public var status: Int? {
        switch self {
        case .authenticationFailed(let status, _, _), .requestFailed(_, let status, _),
            .serverUnavailable(_, let status, _), .malformedResponse(_, let status, _):
            status
        case .rateLimited: 429
        case .timedOut, .network, .noFreeConnection: nil
        }
    }

    public var description: String {
        switch self {
        case .authenticationFailed(let status, let error, let detail):
            let said = [error, detail].compactMap { $0 }.joined(separator: ": ")
            let cause = said.isEmpty ? "login failed with HTTP \(status)" : "login failed (HTTP \(status), \(said))"
            return "\(cause). \(Self.loginFix(status: status, error: error))"
        case .requestFailed(let request, let status, let body):
            let said = body?.message.map { ": \($0)" } ?? ""
            let code = body?.code.map { " [\($0)]" } ?? ""
            return
                "\(request) failed with HTTP \(status)\(code)\(said). \(Self.requestFix(status: status, code: body?.code, request: request))"
        case .rateLimited(let request, let retryAfter):
            let wait = retryAfter.map { " (the server asked to wait \($0.wholeSeconds) s)" } ?? ""
            return "\(request) was rate limited\(wait) beyond the allowed retries. Lower the request rate, "
                + "or share fewer calls across one OAuth client (300 requests a minute per token)."
        case .serverUnavailable(let request, let status, let attempts):
            return "\(request) failed with HTTP \(status) after \(attempts) attempts: Genesys Cloud is degraded "
                + "or under maintenance. Retry later; check status.mypurecloud.com for incidents."
        case .timedOut(let request, let after, let attempts):
            return "\(request) got no answer within \(after.wholeSeconds) s (\(attempts) attempts). Check the "
                + "network path to the region, or raise the request timeout."
        case .network(let request, let reason):
            return "\(request) could not reach the server (\(reason)). Check the region or --api-url, DNS, "
                + "proxies and firewalls."
        case .noFreeConnection(let request, let attempts):
            return "\(request) waited for a free HTTP connection in this process and none came free "
                + "(\(attempts) attempts): every connection was busy with slower requests. Nothing is wrong "
                + "with the network; the server is answering slowly for the load asked of it. Watch fewer "
                + "users or queues per process, or retry when the server is less busy."
        case .malformedResponse(let request, let status, let reason):
            return "\(request) returned HTTP \(status) with a body Switchboard cannot read (\(reason)). Check "
                + "that the API URL points at Genesys Cloud or a faithful gateway."
        }
    }

    private static func loginFix(status: Int, error: String?) -> String {
        switch (status, error) {
        case (_, "unauthorized_client"):
            "The OAuth client may not use the Client Credentials grant: choose that grant type for it in "
                + "Admin > Integrations > OAuth."
        case (401, _), (_, "invalid_client"):
            "The client id or secret is wrong, or the client belongs to another region: check "
                + "GENESYSCLOUD_OAUTHCLIENT_ID, GENESYSCLOUD_OAUTHCLIENT_SECRET and GENESYSCLOUD_REGION."
        case (403, _):
            "The OAuth client is disabled or its organisation refuses it: check the client in Admin > OAuth."
        case (429, _):
            "Too many logins: wait a minute and reuse tokens instead of logging in repeatedly."
        default:
            "Check the credentials and the login URL."
        }
    }

    private static func requestFix(status: Int, code: String?, request: String) -> String {
        switch status {
        case 400: "Correct the request as the message says."
        case 401: "The token was refused even after a fresh login: check that the OAuth client belongs to this region."
        case 403:
            "The OAuth client lacks a permission for this call: add a role that grants it to the client in Admin > OAuth > Roles."
        case 404 where request.contains("/notifications/channels/"):
            "The notification channel no longer exists (expired after 24 hours, or evicted by the 20-channel limit): create a new channel and subscribe again."
        case 404: "The object does not exist, or the OAuth client's divisions do not include it."
        case 409: "The object changed meanwhile: read it again and retry."
        default: "See the message for details."
        }
    }
}

extension Duration {
    package var wholeSeconds: Int64 { components.seconds }
    package var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
