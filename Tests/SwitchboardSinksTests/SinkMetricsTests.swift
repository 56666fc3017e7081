import Foundation
import Logging
import MetricsTestKit
import SwitchboardPipeline
import Testing

@testable import SwitchboardSinks

/// The sink queues' metrics agree with their own counts. Each test passes its own `TestMetrics`
/// factory instead of bootstrapping the process-wide one, so they run in parallel.
@Suite("Sink metrics through swift-metrics", .timeLimit(.minutes(1)))
struct SinkMetricsTests {
    static func total(_ factory: TestMetrics, _ name: MetricName, sink: String) -> Int64 {
        factory.counterTotal(label: name.rawValue, dimensions: [("sink", sink)])
    }

    @Test("a memory queue counts offers, drops, deliveries, failed attempts and what it gives up, per sink")
    func memoryQueue() async throws {
        let factory = TestMetrics()
        let sink = RecordingSink()
        sink.fail(2)
        let queue = SinkQueue(
            sink: sink,
            configuration: .init(
                capacity: 5, overflow: .dropNewest, batchSize: 2, retryBase: .milliseconds(1),
                retryCap: .milliseconds(2), maximumAttempts: 2),
            metrics: SinkMetrics(sink: "hook", factory: factory))
        for delivery in SinkFixtures.deliveries(8) { await queue.offer(delivery) }
        await queue.finish()
        await queue.run()

        let counts = await queue.currentCounts
        #expect(counts.offered == 8 && counts.dropped == 3 && counts.givenUp == 2 && counts.delivered == 3)
        #expect(Self.total(factory, .sinkOffered, sink: "hook") == 8)
        #expect(Self.total(factory, .sinkDropped, sink: "hook") == 3)
        #expect(Self.total(factory, .sinkGivenUp, sink: "hook") == 2)
        #expect(Self.total(factory, .sinkFailedAttempts, sink: "hook") == 2)
        #expect(Self.total(factory, .sinkDelivered, sink: "hook") == 3)
        let queued = try factory.expectGauge(MetricName.sinkQueued.rawValue, [("sink", "hook")])
        #expect(queued.lastValue == 0)
        #expect(queued.values.max() == 5)
    }

    @Test("lag is the time from an event's receipt to its delivery, once per delivery")
    func lag() async throws {
        let factory = TestMetrics()
        let queue = SinkQueue(sink: RecordingSink(), metrics: SinkMetrics(sink: "lines", factory: factory))
        let received = Date().addingTimeInterval(-2)
        for index in 0..<3 {
            await queue.offer(Delivery(key: "k\(index)", kind: .event, time: received, json: "{}"))
        }
        await queue.finish()
        await queue.run()
        let lag = try factory.expectTimer(MetricName.sinkLag.rawValue, [("sink", "lines")])
        #expect(lag.values.count == 3)
        // About two seconds: at least that, and not much more on a loaded machine.
        #expect(lag.values.allSatisfy { $0 >= 2_000_000_000 && $0 < 12_000_000_000 })
    }

    @Test("a durable queue counts offers, refusals when the outbox is full, deliveries, and its depth")
    func durableQueue() async throws {
        try await withTemporaryDirectory { directory in
            let factory = TestMetrics()
            let outbox = try Outbox(
                path: directory + "/outbox.sqlite", configuration: .init(maximumRowsPerSink: 4, whenFull: .refuseNew))
            let queue = DurableSinkQueue(
                sink: RecordingSink(), outbox: outbox, outboxName: "redis",
                configuration: .init(batchSize: 3), logger: Logger(label: "test"), jitter: { 0 },
                clock: ContinuousClock(), metrics: SinkMetrics(sink: "redis", factory: factory), onGiveUp: { _, _ in })
            for delivery in SinkFixtures.deliveries(6) {
                do { try await queue.offer(delivery) } catch is OutboxFullError {}
            }
            await queue.finish()
            await queue.run()
            #expect(Self.total(factory, .sinkOffered, sink: "redis") == 6)
            #expect(Self.total(factory, .sinkDropped, sink: "redis") == 2)
            #expect(Self.total(factory, .sinkDelivered, sink: "redis") == 4)
            let queued = try factory.expectGauge(MetricName.sinkQueued.rawValue, [("sink", "redis")])
            #expect(queued.values.first == 4)
            #expect(queued.lastValue == 0)
        }
    }
}
