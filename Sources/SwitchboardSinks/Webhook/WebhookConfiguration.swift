import Foundation

/// Where and how ``WebhookSink`` posts: validated when made, so a bad setting fails at start-up
/// with the fix, not at the first delivery.
///
/// Printing a configuration (`description`, `debugDescription`, `dump`) never shows the secret,
/// the values of ``headers`` (they often carry a token) or a password in the URL.
public struct WebhookConfiguration: Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The user agent sent when none is given.
    public static let defaultUserAgent = "switchboard-webhook/1"

    /// The address each batch is posted to: absolute, `http` or `https`, with a host.
    public let url: URL
    /// How long one request may take, from connecting to the last byte of the answer.
    public let timeout: Duration
    /// Signs each request (``WebhookSink`` describes the signature); nil sends requests unsigned.
    public let secret: WebhookSecret?
    /// Extra headers on every request (an `Authorization` token, a tenant id).
    public let headers: [String: String]
    /// The `User-Agent` header.
    public let userAgent: String

    /// Headers the sink sets itself; an extra header by one of these names would contradict it.
    static let reservedHeaders: Set<String> = [
        "content-type", "content-length", "host", "user-agent", "idempotency-key", "x-switchboard-signature",
        "x-switchboard-timestamp", "transfer-encoding", "connection",
    ]

    /// - Throws: ``WebhookConfigurationError`` naming the bad value and the fix: a `url` that is
    ///   not an absolute `http`/`https` address with a host, a timeout that is not positive, an
    ///   empty secret, an extra header with an invalid or reserved name or a line break in its
    ///   value, or an empty user agent.
    public init(
        url: String, secret: WebhookSecret?, timeout: Duration = .seconds(3), headers: [String: String] = [:],
        userAgent: String = WebhookConfiguration.defaultUserAgent
    ) throws(WebhookConfigurationError) {
        self.url = try Self.validatedURL(url)
        guard timeout > .zero else {
            throw WebhookConfigurationError(
                setting: "timeout",
                "webhook timeout \(timeout) is not positive: set it to how long one request may take, such as 3 seconds."
            )
        }
        self.timeout = timeout
        if let secret, secret.isEmpty {
            throw WebhookConfigurationError(
                setting: "secret",
                "webhook secret is empty: set a long random secret shared with the receiver, or pass nil to send "
                    + "unsigned requests.")
        }
        self.secret = secret
        for (name, value) in headers {
            guard !name.isEmpty, name.utf8.allSatisfy(Self.isTokenByte) else {
                throw WebhookConfigurationError(
                    setting: "headers",
                    "webhook header name \(JSONText.quoted(name)) is not a valid HTTP header name: use letters, "
                        + "digits and -, such as X-Tenant.")
            }
            guard !Self.reservedHeaders.contains(name.lowercased()) else {
                throw WebhookConfigurationError(
                    setting: "headers",
                    "webhook header \(name) is set by the sink itself: remove it from the extra headers"
                        + (name.lowercased() == "user-agent" ? " and set userAgent instead." : "."))
            }
            guard !Self.hasLineBreak(value) else {
                throw WebhookConfigurationError(
                    setting: "headers",
                    "webhook header \(name) has a line break in its value: HTTP header values are one line; "
                        + "remove the line break.")
            }
        }
        self.headers = headers
        guard !userAgent.isEmpty, !Self.hasLineBreak(userAgent) else {
            throw WebhookConfigurationError(
                setting: "userAgent",
                "webhook user agent \(JSONText.quoted(userAgent)) is empty or has a line break: set one line "
                    + "such as \(Self.defaultUserAgent).")
        }
        self.userAgent = userAgent
    }

    public var description: String {
        "WebhookConfiguration(url: \(Self.redacted(url.absoluteString)), timeout: \(timeout), secret: "
            + (secret == nil ? "none" : "<redacted>") + ", headers: [\(headers.keys.sorted().joined(separator: ", "))]"
            + ", userAgent: \(userAgent))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "url": Self.redacted(url.absoluteString), "timeout": timeout,
                "secret": secret == nil ? "none" : "<redacted>", "headers": headers.keys.sorted(),
                "userAgent": userAgent,
            ], displayStyle: .struct)
    }

    private static func validatedURL(_ text: String) throws(WebhookConfigurationError) -> URL {
        let shown = JSONText.quoted(redacted(text))
        let fix = "set url to an absolute http:// or https:// address, such as https://example.com/hooks/switchboard."
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased() else {
            throw WebhookConfigurationError(setting: "url", "webhook url \(shown) is not an absolute URL: \(fix)")
        }
        guard scheme == "http" || scheme == "https" else {
            throw WebhookConfigurationError(
                setting: "url", "webhook url \(shown) has scheme \(scheme), which the sink cannot post to: \(fix)")
        }
        guard let host = url.host, !host.isEmpty else {
            throw WebhookConfigurationError(setting: "url", "webhook url \(shown) has no host: \(fix)")
        }
        return url
    }

    /// `text` with the password of a `user:password@` part replaced, for messages and logs.
    static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "***"
        return components.string ?? "<url with a password>"
    }

    /// Scalars, not characters: `"\r\n"` is one `Character`, equal to neither `"\r"` nor `"\n"`.
    private static func hasLineBreak(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0 == "\r" || $0 == "\n" || $0 == "\0" }
    }

    /// RFC 9110 `tchar`.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
