/// A pending delivery as the ``Outbox`` holds it: its place in line and the delivery.
public struct OutboxEntry: Sendable, Hashable {
    /// Increases with every append across all sinks and is never reused, so it orders a sink's
    /// deliveries and names one to ``Outbox/acknowledge(_:for:)``.
    public let seq: Int64
    public let delivery: Delivery

    public init(seq: Int64, delivery: Delivery) {
        self.seq = seq
        self.delivery = delivery
    }
}
