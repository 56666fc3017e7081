/// An ``Outbox`` with ``OutboxFullPolicy/refuseNew`` refused deliveries because the sink already
/// has as many pending as allowed.
public struct OutboxFullError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The sink whose pending deliveries reached the bound.
    public let sink: String
    /// ``Outbox/Configuration/maximumRowsPerSink``.
    public let maximumRows: Int
    /// Pending before the refused append.
    public let pending: Int
    /// Refused by this append.
    public let refused: Int
    /// The outbox file.
    public let path: String

    public var description: String {
        "outbox \(path) is full for sink \(sink): \(pending) deliveries pending, the bound is \(maximumRows) "
            + "(maximumRowsPerSink), so \(refused) new ones were refused. The sink has not been taking deliveries; "
            + "fix the sink, or raise maximumRowsPerSink, or choose the dropOldest policy to keep the newest."
    }
}
