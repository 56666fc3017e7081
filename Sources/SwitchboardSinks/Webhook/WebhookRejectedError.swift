/// The receiver refused the request in a way a retry cannot fix (a 4xx other than 408 and 429, or
/// a redirect): the batch is given up, and the message says what to change.
public struct WebhookRejectedError: PermanentSinkError, CustomStringConvertible, Sendable {
    /// The web hook URL (a password in it replaced).
    public let url: String
    /// The receiver's status.
    public let status: Int
    /// The start of the receiver's answer, for the log and the dead letter file.
    public let responseExcerpt: String?
    /// The redirect's target, for a 3xx.
    public let location: String?

    public init(url: String, status: Int, responseExcerpt: String? = nil, location: String? = nil) {
        self.url = url
        self.status = status
        self.responseExcerpt = responseExcerpt
        self.location = location
    }

    public var description: String {
        var text = "webhook \(url) refused the batch with \(status)"
        if let responseExcerpt, !responseExcerpt.isEmpty { text += " (\(responseExcerpt))" }
        return text + "; it will not be retried: " + fix
    }

    /// What to change, by status.
    var fix: String {
        switch status {
        case 300..<400:
            return "the url redirects"
                + (location.map { " to \($0)" } ?? "")
                + "; redirects are not followed because a POST would be re-sent as a GET, so set url to the final "
                + "address."
        case 400, 422:
            return "the receiver does not accept the payload; make it accept a JSON array of Switchboard "
                + "deliveries (Content-Type: application/json)."
        case 401, 403:
            return "the receiver refused the credentials; check the secret and the Authorization header it expects."
        case 404, 410:
            return "nothing receives at that address; check the webhook url."
        case 405:
            return "the receiver does not accept POST at that address; check the webhook url."
        case 413:
            return "the batch is too large for the receiver; lower SinkQueue.Configuration.batchSize or raise its "
                + "request size limit."
        case 415:
            return "the receiver does not accept application/json at that address; check the webhook url."
        default:
            return "check the receiver's logs for why it refused the request."
        }
    }
}
