import Foundation
import Synchronization
import Testing

@testable import SwitchboardSinks

@Suite("Sink queue: order, batches, retries, overflow and accounting", .timeLimit(.minutes(1)))
struct SinkQueueTests {
    /// Retries pause a millisecond or two: the tests are about what happens, not how long.
    static func configuration(
        capacity: Int = 100, overflow: OverflowPolicy = .block, batchSize: Int = 10, maximumAttempts: Int? = nil
    ) -> SinkQueue.Configuration {
        SinkQueue.Configuration(
            capacity: capacity, overflow: overflow, batchSize: batchSize, retryBase: .milliseconds(1),
            retryCap: .milliseconds(2), maximumAttempts: maximumAttempts)
    }

    @Test("queued deliveries go out in order, in batches of at most the batch size")
    func ordersAndBatches() async {
        let sink = RecordingSink()
        let queue = SinkQueue(sink: sink, configuration: Self.configuration(batchSize: 10))
        for delivery in SinkFixtures.deliveries(25) { await queue.offer(delivery) }
        await queue.finish()
        await queue.run()
        #expect(sink.batches.map(\.count) == [10, 10, 5])
        #expect(sink.keys == (0..<25).map { "k\($0)" })
        let counts = await queue.currentCounts
        #expect(counts.offered == 25 && counts.delivered == 25 && counts.queued == 0 && counts.dropped == 0)
    }

    @Test("a failing batch is tried again, whole and in order, until it goes through")
    func retries() async {
        let sink = RecordingSink()
        sink.fail(3)
        let queue = SinkQueue(sink: sink, configuration: Self.configuration(batchSize: 4))
        for delivery in SinkFixtures.deliveries(6) { await queue.offer(delivery) }
        await queue.finish()
        await queue.run()
        #expect(sink.batches.map(\.count) == [4, 2])
        #expect(sink.keys == (0..<6).map { "k\($0)" })
        let counts = await queue.currentCounts
        #expect(counts.failedAttempts == 3 && counts.delivered == 6 && counts.givenUp == 0)
    }

    @Test("after the last attempt a batch is given up, handed over and counted; the next goes on")
    func givesUp() async {
        let sink = RecordingSink()
        sink.fail(3)
        let givenUp = Locked<[String]>([])
        let queue = SinkQueue(
            sink: sink, configuration: Self.configuration(batchSize: 2, maximumAttempts: 3)
        ) { batch, _ in givenUp.update { $0 += batch.map(\.key) } }
        for delivery in SinkFixtures.deliveries(4) { await queue.offer(delivery) }
        await queue.finish()
        await queue.run()
        #expect(givenUp.value == ["k0", "k1"])
        #expect(sink.keys == ["k2", "k3"])
        let counts = await queue.currentCounts
        #expect(counts.givenUp == 2 && counts.delivered == 2 && counts.failedAttempts == 3)
    }

    @Test("a permanent error gives the batch up at once")
    func permanentError() async {
        let sink = RecordingSink()
        sink.fail(1, with: RecordingSink.Permanent())
        let reasons = Locked<[String]>([])
        let queue = SinkQueue(sink: sink, configuration: Self.configuration(batchSize: 5)) { _, error in
            reasons.update { $0.append("\(error)") }
        }
        for delivery in SinkFixtures.deliveries(3) { await queue.offer(delivery) }
        await queue.finish()
        await queue.run()
        #expect(reasons.value == ["refused for good"])
        #expect(await queue.currentCounts.failedAttempts == 1)
        #expect(sink.keys.isEmpty)
    }

    @Test("drop newest keeps the first deliveries and counts the rest")
    func dropNewest() async {
        let sink = RecordingSink()
        let queue = SinkQueue(sink: sink, configuration: Self.configuration(capacity: 3, overflow: .dropNewest))
        for delivery in SinkFixtures.deliveries(5) { await queue.offer(delivery) }
        #expect(await queue.currentCounts.dropped == 2)
        await queue.finish()
        await queue.run()
        #expect(sink.keys == ["k0", "k1", "k2"])
    }

    @Test("drop oldest keeps the latest deliveries and counts the rest")
    func dropOldest() async {
        let sink = RecordingSink()
        let queue = SinkQueue(sink: sink, configuration: Self.configuration(capacity: 3, overflow: .dropOldest))
        for delivery in SinkFixtures.deliveries(5) { await queue.offer(delivery) }
        await queue.finish()
        await queue.run()
        #expect(sink.keys == ["k2", "k3", "k4"])
        let counts = await queue.currentCounts
        #expect(counts.dropped == 2 && counts.delivered == 3 && counts.offered == 5)
    }

    @Test("block makes the producer wait for room and loses nothing")
    func blocks() async {
        let sink = RecordingSink()
        sink.fail(20)
        let queue = SinkQueue(sink: sink, configuration: Self.configuration(capacity: 2, batchSize: 1))
        let offered = Locked(0)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await queue.run() }
            group.addTask {
                for delivery in SinkFixtures.deliveries(6) {
                    await queue.offer(delivery)
                    offered.update { $0 += 1 }
                }
                await queue.finish()
            }
            // The sink refuses its first twenty attempts, so the queue stays full a while: the
            // producer must be waiting, not dropping. (Two queued, one more offered and waiting.)
            while await queue.currentCounts.failedAttempts < 5 { try? await Task.sleep(for: .milliseconds(1)) }
            #expect(offered.value <= 3)
        }
        #expect(sink.keys == (0..<6).map { "k\($0)" })
        #expect(await queue.currentCounts.dropped == 0)
    }

    @Test("a cancelled producer waiting for room stops waiting; its deliveries are counted as dropped")
    func cancelledProducer() async {
        let queue = SinkQueue(sink: RecordingSink(), configuration: Self.configuration(capacity: 1))
        let producer = Task {
            for delivery in SinkFixtures.deliveries(3) { await queue.offer(delivery) }
        }
        // Nothing drains the queue: the producer queues one delivery and waits with the second.
        while await queue.currentCounts.offered < 2 { try? await Task.sleep(for: .milliseconds(1)) }
        producer.cancel()
        await producer.value
        let counts = await queue.currentCounts
        #expect(counts.offered == 3 && counts.queued == 1 && counts.dropped == 2)
    }

    @Test("a cancelled runner waiting for work returns")
    func cancelledRunner() async {
        let queue = SinkQueue(sink: RecordingSink(), configuration: Self.configuration())
        let runner = Task { await queue.run() }
        await Task.yield()
        runner.cancel()
        await runner.value
        #expect(await queue.currentCounts.delivered == 0)
    }

    @Test("deliveries offered after finish are dropped and counted")
    func afterFinish() async {
        let queue = SinkQueue(sink: RecordingSink(), configuration: Self.configuration())
        await queue.finish()
        await queue.offer(SinkFixtures.deliveries(1)[0])
        #expect(await queue.currentCounts.dropped == 1)
    }

    @Test("retry pauses grow from the base, stop at the cap, and are spread by full jitter")
    func retryPauses() async {
        let configuration = SinkQueue.Configuration(retryBase: .milliseconds(100), retryCap: .seconds(1))
        let top = SinkQueue(
            sink: RecordingSink(), configuration: configuration, logger: .init(label: "test"), jitter: { 1 },
            onGiveUp: { _, _ in })
        #expect(await top.retryPause(afterFailures: 1) == .milliseconds(100))
        #expect(await top.retryPause(afterFailures: 3) == .milliseconds(400))
        #expect(await top.retryPause(afterFailures: 12) == .seconds(1))
        let bottom = SinkQueue(
            sink: RecordingSink(), configuration: configuration, logger: .init(label: "test"), jitter: { 0 },
            onGiveUp: { _, _ in })
        #expect(await bottom.retryPause(afterFailures: 5) == .zero)
    }
}
