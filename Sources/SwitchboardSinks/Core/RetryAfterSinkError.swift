/// A failure after which the sink knows when to be tried again: an HTTP 429 or 503 with
/// `Retry-After`, a rate limit's reset.
///
/// ``SinkQueue`` pauses at least ``retryAfter`` before the next attempt (longer if its own
/// back-off says so), and gives the batch up when it is beyond
/// ``SinkQueue/Configuration/maximumRetryAfter``. Retrying sooner would only be refused again and
/// count against the receiver's limit.
public protocol RetryAfterSinkError: Error {
    /// The shortest pause before the next attempt; nil when the sink was not told.
    var retryAfter: Duration? { get }
}
