/// What happened to the deliveries offered to a sink's queue: every one is delivered, still
/// queued, dropped by a policy, or given up. ``SinkQueue`` and ``DurableSinkQueue`` keep them;
/// a sink with both (a memory queue spilling to the outbox) adds them up.
public struct SinkCounts: Sendable, Hashable, Codable {
    /// Offered and accepted by the queue (for a durable queue: stored in the outbox).
    public var offered = 0
    /// Delivered (for a durable queue: including what a previous process left pending).
    public var delivered = 0
    /// Dropped by the overflow policy (for a durable queue: by the outbox's
    /// ``OutboxFullPolicy/dropOldest`` since it was opened).
    public var dropped = 0
    /// Given up after the last attempt, or at once for a permanent error.
    public var givenUp = 0
    /// Failed attempts of a batch.
    public var failedAttempts = 0
    /// Held now (for a durable queue: pending in the outbox for the sink).
    public var queued = 0

    public init(
        offered: Int = 0, delivered: Int = 0, dropped: Int = 0, givenUp: Int = 0, failedAttempts: Int = 0,
        queued: Int = 0
    ) {
        self.offered = offered
        self.delivered = delivered
        self.dropped = dropped
        self.givenUp = givenUp
        self.failedAttempts = failedAttempts
        self.queued = queued
    }

    /// Adds another queue's counts, field by field.
    public static func += (total: inout SinkCounts, other: SinkCounts) {
        total.offered += other.offered
        total.delivered += other.delivered
        total.dropped += other.dropped
        total.givenUp += other.givenUp
        total.failedAttempts += other.failedAttempts
        total.queued += other.queued
    }
}
