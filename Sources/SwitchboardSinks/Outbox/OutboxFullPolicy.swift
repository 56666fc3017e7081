/// What a full ``Outbox`` does with more deliveries for a sink that already holds
/// ``Outbox/Configuration/maximumRowsPerSink``.
public enum OutboxFullPolicy: String, Sendable, Hashable, CaseIterable, Codable {
    /// `append` throws ``OutboxFullError`` and stores nothing: nothing already accepted is lost,
    /// and the producer learns at once that the sink has been down too long.
    case refuseNew
    /// The oldest pending deliveries make room and are counted (``Outbox/droppedCount(for:)``):
    /// the newest events matter most to a live dashboard.
    case dropOldest
}
