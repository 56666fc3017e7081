/// A web hook request that may succeed later: the receiver answered 408, 429 or 5xx, did not
/// answer within the timeout, or could not be reached. ``SinkQueue`` tries the batch again, not
/// sooner than the receiver's `Retry-After`.
public struct WebhookDeliveryError: RetryAfterSinkError, CustomStringConvertible, Sendable {
    /// What went wrong.
    public enum Reason: Sendable, Hashable {
        /// The receiver answered with this status.
        case status(Int)
        /// No complete answer within ``WebhookConfiguration/timeout``.
        case timedOut
        /// No connection, or it broke; the text says why.
        case connectionFailed(String)
    }

    /// The web hook URL (a password in it replaced).
    public let url: String
    public let reason: Reason
    /// The receiver's `Retry-After`, when it sent one.
    public let retryAfter: Duration?
    /// The start of the receiver's answer, for the log.
    public let responseExcerpt: String?

    public init(url: String, reason: Reason, retryAfter: Duration? = nil, responseExcerpt: String? = nil) {
        self.url = url
        self.reason = reason
        self.retryAfter = retryAfter
        self.responseExcerpt = responseExcerpt
    }

    public var description: String {
        var text: String
        switch reason {
        case .status(let status):
            text = "webhook \(url) answered \(status)"
            if let retryAfter { text += " with Retry-After \(retryAfter)" }
        case .timedOut:
            text = "webhook \(url) did not answer within the timeout"
        case .connectionFailed(let why):
            text = "webhook \(url) could not be reached: \(why)"
        }
        if let responseExcerpt, !responseExcerpt.isEmpty { text += ": \(responseExcerpt)" }
        return text + "; the batch will be tried again"
    }
}
