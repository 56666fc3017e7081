import Foundation
import Logging
import Testing

@testable import SwitchboardSinks

/// ``RetryAfterSinkError`` and ``SinkQueue/Configuration/maximumRetryAfter``.
@Suite("SinkQueue honours Retry-After", .timeLimit(.minutes(1)))
struct SinkQueueRetryAfterTests {
    @Test("a failure asking for 2 s pauses at least 2 s before the next attempt, past a smaller back-off")
    func pausesAtLeastRetryAfter() async throws {
        let sink = ScriptedSink(failing: [SlowDownError(retryAfter: .seconds(2))])
        let clock = TestClock()
        let queue = SinkQueue(
            sink: sink, configuration: .init(retryBase: .milliseconds(10), retryCap: .milliseconds(100)),
            logger: Logger(label: "test"), jitter: { 1 }, clock: clock, onGiveUp: { _, _ in })
        let runner = Task { await queue.run() }
        await queue.offer(SinkQueueBatchAgeTests.deliveries(1)[0])
        try await eventually("the pause after the failure") { clock.nextDeadline != nil }
        #expect(clock.nextDeadline == .seconds(2))
        clock.advance(by: .milliseconds(1999))
        #expect(await sink.attempts.count == 1)
        clock.advance(by: .milliseconds(1))
        try await eventually("the second attempt") { await sink.delivered.count == 1 }
        await queue.finish()
        await runner.value
        let counts = await queue.currentCounts
        #expect(counts.delivered == 1 && counts.failedAttempts == 1 && counts.givenUp == 0)
    }

    @Test("a back-off longer than Retry-After wins")
    func longerBackOffWins() async throws {
        let sink = ScriptedSink(failing: [SlowDownError(retryAfter: .milliseconds(100))])
        let clock = TestClock()
        let queue = SinkQueue(
            sink: sink, configuration: .init(retryBase: .seconds(1), retryCap: .seconds(1)),
            logger: Logger(label: "test"), jitter: { 1 }, clock: clock, onGiveUp: { _, _ in })
        let runner = Task { await queue.run() }
        await queue.offer(SinkQueueBatchAgeTests.deliveries(1)[0])
        try await eventually("the pause after the failure") { clock.nextDeadline != nil }
        #expect(clock.nextDeadline == .seconds(1))
        clock.advance(by: .seconds(1))
        await queue.finish()
        await runner.value
        #expect(await sink.delivered.count == 1)
    }

    @Test("a Retry-After beyond maximumRetryAfter gives the batch up at once, saying how to wait longer")
    func tooLongGivesUp() async throws {
        let sink = ScriptedSink(failing: [SlowDownError(retryAfter: .seconds(3600))])
        let givenUp = LockedValue<[(keys: [String], reason: String)]>([])
        let queue = SinkQueue(
            sink: sink, configuration: .init(maximumRetryAfter: .seconds(60)), logger: Logger(label: "test"),
            jitter: { 1 }, clock: TestClock(),
            onGiveUp: { batch, error in
                givenUp.withLock { $0.append((batch.map(\.key), String(describing: error))) }
            })
        let runner = Task { await queue.run() }
        for delivery in SinkQueueBatchAgeTests.deliveries(2) { await queue.offer(delivery) }
        await queue.finish()
        await runner.value
        let counts = await queue.currentCounts
        #expect(counts.givenUp == 2 && counts.delivered == 0 && counts.failedAttempts == 1)
        let recorded = givenUp.withLock { $0 }
        #expect(recorded.map(\.keys) == [["test|0", "test|1"]])
        let reason = try #require(recorded.first?.reason)
        #expect(reason.contains("3600 s") && reason.contains("maximumRetryAfter") && reason.contains("(60 s)"))
        #expect(reason.contains("slow down"))
    }
}
