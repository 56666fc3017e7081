import Foundation
import Logging
import Testing

@testable import SwitchboardSinks

@Suite("DurableSinkQueue")
struct DurableSinkQueueTests {
    /// A queue that never pauses between attempts (jitter 0), so failures cost no time.
    private func queue(
        _ sink: any Sink, _ outbox: Outbox, batchSize: Int = 100, maximumAttempts: Int? = nil,
        onGiveUp: @escaping @Sendable ([Delivery], any Error) -> Void = { _, _ in }
    ) -> DurableSinkQueue {
        DurableSinkQueue(
            sink: sink, outbox: outbox, outboxName: "test",
            configuration: .init(batchSize: batchSize, maximumAttempts: maximumAttempts),
            logger: Logger(label: "test"), jitter: { 0 }, clock: ContinuousClock(), onGiveUp: onGiveUp)
    }

    @Test("a sink that fails and recovers gets every delivery once, in order, and the outbox empties")
    func failingThenRecovering() async throws {
        try await withTemporaryDirectory { directory in
            let outbox = try Outbox(path: directory + "/outbox.sqlite")
            let sink = RecordingSink()
            sink.fail(3)
            let queue = queue(sink, outbox, batchSize: 4)
            for delivery in SinkFixtures.deliveries(10) { try await queue.offer(delivery) }
            await queue.finish()
            await queue.run()

            #expect(sink.keys == SinkFixtures.deliveries(10).map(\.key))
            let counts = try await queue.currentCounts
            #expect(counts.offered == 10 && counts.delivered == 10 && counts.failedAttempts == 3)
            #expect(counts.queued == 0 && counts.givenUp == 0)
            #expect(try outbox.pendingCount(for: "test") == 0)
        }
    }

    @Test("offers made while the runner delivers arrive in order")
    func offersWhileRunning() async throws {
        try await withTemporaryDirectory { directory in
            let outbox = try Outbox(path: directory + "/outbox.sqlite")
            let sink = RecordingSink()
            let queue = queue(sink, outbox, batchSize: 3)
            let runner = Task { await queue.run() }
            for delivery in SinkFixtures.deliveries(20) { try await queue.offer(delivery) }
            await queue.finish()
            await runner.value
            #expect(sink.keys == SinkFixtures.deliveries(20).map(\.key))
        }
    }

    @Test("after a restart, what the previous queue left pending is delivered first")
    func restartDeliversLeftoversFirst() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/outbox.sqlite"
            let before = try Outbox(path: path)
            let first = queue(RecordingSink(), before)
            try await first.offer(contentsOf: SinkFixtures.deliveries(5))
            try before.close()

            let after = try Outbox(path: path)
            let sink = RecordingSink()
            let second = queue(sink, after, batchSize: 2)
            #expect(try await second.currentCounts.queued == 5)
            try await second.offer(contentsOf: SinkFixtures.deliveries(3, from: 5))
            await second.finish()
            await second.run()
            #expect(sink.keys == SinkFixtures.deliveries(8).map(\.key))
            #expect(try await second.currentCounts.delivered == 8)
        }
    }

    @Test("a permanent error gives the batch up to onGiveUp, deletes it and counts it")
    func permanentErrorGivesUp() async throws {
        try await withTemporaryDirectory { directory in
            let outbox = try Outbox(path: directory + "/outbox.sqlite")
            let sink = RecordingSink()
            sink.fail(1, with: RecordingSink.Permanent())
            let givenUp = Locked<[String]>([])
            let queue = queue(sink, outbox, batchSize: 2) { batch, _ in
                givenUp.update { $0 += batch.map(\.key) }
            }
            try await queue.offer(contentsOf: SinkFixtures.deliveries(4))
            await queue.finish()
            await queue.run()
            #expect(givenUp.value == ["k0", "k1"])
            #expect(sink.keys == ["k2", "k3"])
            let counts = try await queue.currentCounts
            #expect(counts.givenUp == 2 && counts.delivered == 2 && counts.queued == 0 && counts.failedAttempts == 1)
        }
    }

    @Test("a batch that uses up maximumAttempts is given up and the next one goes")
    func exhaustedAttemptsGiveUp() async throws {
        try await withTemporaryDirectory { directory in
            let outbox = try Outbox(path: directory + "/outbox.sqlite")
            let sink = RecordingSink()
            sink.fail(3)
            let givenUp = Locked(0)
            let queue = queue(sink, outbox, batchSize: 2, maximumAttempts: 3) { batch, _ in
                givenUp.update { $0 += batch.count }
            }
            try await queue.offer(contentsOf: SinkFixtures.deliveries(3))
            await queue.finish()
            await queue.run()
            #expect(givenUp.value == 2)
            #expect(sink.keys == ["k2"])
            #expect(try await queue.currentCounts.failedAttempts == 3)
        }
    }

    @Test("a full outbox refuses the offer with OutboxFullError, and nothing is counted as offered")
    func fullOutboxRefusesOffer() async throws {
        try await withTemporaryDirectory { directory in
            let outbox = try Outbox(
                path: directory + "/outbox.sqlite", configuration: .init(maximumRowsPerSink: 2, whenFull: .refuseNew))
            let queue = queue(RecordingSink(), outbox)
            try await queue.offer(contentsOf: SinkFixtures.deliveries(2))
            await #expect(throws: OutboxFullError.self) {
                try await queue.offer(SinkFixtures.deliveries(1, from: 2)[0])
            }
            let counts = try await queue.currentCounts
            #expect(counts.offered == 2 && counts.queued == 2)
        }
    }
}
