import Foundation
import Logging
import Testing

@testable import SwitchboardSinks

/// ``SinkQueue/Configuration/batchAge`` on a clock the tests move by hand.
@Suite("SinkQueue batching by age", .timeLimit(.minutes(1)))
struct SinkQueueBatchAgeTests {
    static func deliveries(_ count: Int, from first: Int = 0) -> [Delivery] {
        (first..<(first + count)).map {
            Delivery(key: "test|\($0)", kind: .event, time: Date(timeIntervalSince1970: 0), json: #"{"n":\#($0)}"#)
        }
    }

    /// Runs a queue over `sink` on `clock` for the duration of `body`, then finishes it.
    func withQueue(
        _ sink: ScriptedSink, clock: TestClock, _ configuration: SinkQueue.Configuration,
        _ body: (SinkQueue) async throws -> Void
    ) async throws {
        let queue = SinkQueue(
            sink: sink, configuration: configuration, logger: Logger(label: "test"), jitter: { 1 }, clock: clock,
            onGiveUp: { _, _ in })
        let runner = Task { await queue.run() }
        do {
            try await body(queue)
        } catch {
            runner.cancel()
            throw error
        }
        await queue.finish()
        await runner.value
    }

    @Test("three deliveries with batchAge 200 ms go as one batch when the first has waited 200 ms, not before")
    func batchGoesAtAge() async throws {
        let sink = ScriptedSink()
        let clock = TestClock()
        try await withQueue(sink, clock: clock, .init(batchSize: 10, batchAge: .milliseconds(200))) { queue in
            for delivery in Self.deliveries(3) { await queue.offer(delivery) }
            try await eventually("the runner to wait for the batch's age") { clock.nextDeadline != nil }
            #expect(clock.nextDeadline == .milliseconds(200))
            clock.advance(by: .milliseconds(199))
            #expect(await sink.attempts.isEmpty)
            clock.advance(by: .milliseconds(1))
            try await eventually("the batch") { await sink.delivered.count == 1 }
            #expect(await sink.delivered.map(\.count) == [3])
        }
    }

    @Test("the age counts from the oldest queued delivery, not the newest")
    func ageCountsFromOldest() async throws {
        let sink = ScriptedSink()
        let clock = TestClock()
        try await withQueue(sink, clock: clock, .init(batchSize: 10, batchAge: .milliseconds(200))) { queue in
            await queue.offer(Self.deliveries(1)[0])
            try await eventually("the runner to wait") { clock.nextDeadline != nil }
            clock.advance(by: .milliseconds(150))
            await queue.offer(Self.deliveries(1, from: 1)[0])
            clock.advance(by: .milliseconds(49))
            #expect(await sink.attempts.isEmpty)
            clock.advance(by: .milliseconds(1))
            try await eventually("the batch") { await sink.delivered.count == 1 }
            #expect(await sink.delivered.map { $0.map(\.key) } == [["test|0", "test|1"]])
        }
    }

    @Test("a full batch goes at once, without waiting for its age")
    func fullBatchGoesAtOnce() async throws {
        let sink = ScriptedSink()
        let clock = TestClock()
        try await withQueue(sink, clock: clock, .init(batchSize: 3, batchAge: .seconds(3600))) { queue in
            for delivery in Self.deliveries(7) { await queue.offer(delivery) }
            try await eventually("two full batches") { await sink.delivered.count == 2 }
            #expect(await sink.delivered.map(\.count) == [3, 3])
        }
        // finish() sent the last one without waiting an hour.
        #expect(await sink.delivered.map(\.count) == [3, 3, 1])
    }

    @Test("finish() delivers what is left at once, however young")
    func finishDeliversAtOnce() async throws {
        let sink = ScriptedSink()
        let clock = TestClock()
        let queue = SinkQueue(
            sink: sink, configuration: .init(batchSize: 10, batchAge: .seconds(3600)), logger: Logger(label: "test"),
            jitter: { 1 }, clock: clock, onGiveUp: { _, _ in })
        let runner = Task { await queue.run() }
        for delivery in Self.deliveries(2) { await queue.offer(delivery) }
        await queue.finish()
        await runner.value
        #expect(await sink.delivered.map(\.count) == [2])
        #expect(await queue.currentCounts.delivered == 2)
    }

    @Test("without batchAge a delivery goes as soon as it is queued")
    func noBatchAgeDeliversAtOnce() async throws {
        let sink = ScriptedSink()
        let clock = TestClock()
        try await withQueue(sink, clock: clock, .init(batchSize: 10)) { queue in
            await queue.offer(Self.deliveries(1)[0])
            try await eventually("the delivery") { await sink.delivered.count == 1 }
            #expect(clock.nextDeadline == nil)
        }
    }
}
