import CoreMetrics
import Foundation
import SwitchboardPipeline

/// One sink's metrics through swift-metrics (names in ``MetricName``, dimension `sink`):
/// deliveries offered, delivered, dropped and given up, failed attempts, the queue's depth, and
/// the lag from an event's receipt to its delivery.
///
/// ``SinkQueue`` and ``DurableSinkQueue`` keep their own; by default through the factory the
/// process bootstrapped (`MetricsSystem.bootstrap`, a no-op until the executable does).
public struct SinkMetrics: Sendable {
    private let offered: Counter
    private let delivered: Counter
    private let dropped: Counter
    private let givenUp: Counter
    private let failedAttempts: Counter
    private let queued: Gauge
    private let lag: CoreMetrics.Timer

    public init(sink: String, factory: any MetricsFactory = MetricsSystem.factory) {
        func dimensions(_ name: MetricName) -> [(String, String)] { [(name.dimension ?? "sink", sink)] }
        offered = Counter(
            label: MetricName.sinkOffered.rawValue, dimensions: dimensions(.sinkOffered), factory: factory)
        delivered = Counter(
            label: MetricName.sinkDelivered.rawValue, dimensions: dimensions(.sinkDelivered), factory: factory)
        dropped = Counter(
            label: MetricName.sinkDropped.rawValue, dimensions: dimensions(.sinkDropped), factory: factory)
        givenUp = Counter(
            label: MetricName.sinkGivenUp.rawValue, dimensions: dimensions(.sinkGivenUp), factory: factory)
        failedAttempts = Counter(
            label: MetricName.sinkFailedAttempts.rawValue, dimensions: dimensions(.sinkFailedAttempts),
            factory: factory)
        queued = Gauge(label: MetricName.sinkQueued.rawValue, dimensions: dimensions(.sinkQueued), factory: factory)
        lag = CoreMetrics.Timer(label: MetricName.sinkLag.rawValue, dimensions: dimensions(.sinkLag), factory: factory)
    }

    func recordOffered(_ count: Int) { offered.increment(by: Int64(count)) }

    func recordDropped(_ count: Int) { if count > 0 { dropped.increment(by: Int64(count)) } }

    func recordGivenUp(_ count: Int) { givenUp.increment(by: Int64(count)) }

    func recordFailedAttempt() { failedAttempts.increment() }

    func recordQueued(_ count: Int) { queued.record(Int64(count)) }

    /// Counts a delivered batch and records each delivery's lag at `now`.
    func recordDelivered(_ batch: [Delivery], at now: Date = Date()) {
        delivered.increment(by: Int64(batch.count))
        for delivery in batch {
            let seconds = max(0, now.timeIntervalSince(delivery.time))
            lag.recordNanoseconds(Int64((seconds * 1e9).rounded()))
        }
    }
}
