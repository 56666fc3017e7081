/// A sink asked to be tried again later than ``SinkQueue/Configuration/maximumRetryAfter`` allows:
/// the batch is given up rather than holding every later delivery that long.
public struct RetryAfterTooLongError: PermanentSinkError, CustomStringConvertible {
    /// The sink's name.
    public let sink: String
    /// The pause the sink asked for.
    public let retryAfter: Duration
    /// The longest pause the queue waits.
    public let maximumRetryAfter: Duration
    /// The failure that carried the request.
    public let underlying: any Error

    public init(sink: String, retryAfter: Duration, maximumRetryAfter: Duration, underlying: any Error) {
        self.sink = sink
        self.retryAfter = retryAfter
        self.maximumRetryAfter = maximumRetryAfter
        self.underlying = underlying
    }

    public var description: String {
        "\(sink) asked to be retried after \(Self.seconds(retryAfter)) s, longer than maximumRetryAfter "
            + "(\(Self.seconds(maximumRetryAfter)) s), so the batch was given up (\(underlying)). Raise "
            + "SinkQueue.Configuration.maximumRetryAfter to wait that long, or ask the receiver's owner about "
            + "its rate limit."
    }

    private static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let milliseconds = attoseconds / 1_000_000_000_000_000
        return milliseconds == 0 ? "\(seconds)" : "\(Double(seconds) + Double(milliseconds) / 1000)"
    }
}
