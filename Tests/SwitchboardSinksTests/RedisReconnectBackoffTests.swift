import Testing

@testable import SwitchboardSinks

@Suite("Redis reconnect back-off")
struct RedisReconnectBackoffTests {
    let backoff = RedisReconnectBackoff(baseDelay: .milliseconds(100), maxDelay: .seconds(5))
    let t0 = ContinuousClock.now

    @Test("the bound doubles with each consecutive failure and stops at the cap")
    func cappedExponentialBound() {
        let bounds = (0...8).map { backoff.bound(afterFailures: $0) }
        #expect(
            bounds == [
                .zero, .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800),
                .milliseconds(1600), .milliseconds(3200), .seconds(5), .seconds(5),
            ])
        #expect(backoff.bound(afterFailures: 10_000) == .seconds(5))
    }

    @Test("the wait is half the bound plus a random share of the other half")
    func equalJitter() {
        #expect(backoff.delay(afterFailures: 3, unitRandom: 0) == .milliseconds(200))
        #expect(backoff.delay(afterFailures: 3, unitRandom: 0.5) == .milliseconds(300))
        #expect(backoff.delay(afterFailures: 3, unitRandom: 0.999_999) <= .milliseconds(400))
        #expect(backoff.delay(afterFailures: 3, unitRandom: 7) == .milliseconds(400))
        #expect(backoff.delay(afterFailures: 3, unitRandom: -1) == .milliseconds(200))
        #expect(backoff.delay(afterFailures: 0, unitRandom: 0.5) == .zero)
    }

    @Test("a cap below the base is raised to the base")
    func capAtLeastBase() {
        let odd = RedisReconnectBackoff(baseDelay: .seconds(1), maxDelay: .milliseconds(10))
        #expect(odd.maxDelay == .seconds(1))
        #expect(odd.bound(afterFailures: 5) == .seconds(1))
    }

    @Test("after a failed attempt the schedule fails fast with that error until the wait has passed")
    func scheduleBacksOff() {
        var schedule = RedisReconnectSchedule(backoff: backoff)
        #expect(schedule.decide(now: t0) == .connect)
        let refused = RedisClientError.connectFailed(endpoint: "127.0.0.1:6390", reason: "connection refused")
        #expect(schedule.attemptFailed(refused, now: t0, unitRandom: 0.5) == .milliseconds(75))
        #expect(schedule.decide(now: t0 + .milliseconds(74)) == .backOff(refused, until: t0 + .milliseconds(75)))
        #expect(schedule.decide(now: t0 + .milliseconds(75)) == .connect)
        #expect(schedule.attemptFailed(refused, now: t0 + .milliseconds(75), unitRandom: 0.5) == .milliseconds(150))
        #expect(schedule.consecutiveFailures == 2)
    }

    @Test("a successful attempt resets the back-off to its start")
    func successResets() {
        var schedule = RedisReconnectSchedule(backoff: backoff)
        let refused = RedisClientError.connectFailed(endpoint: "127.0.0.1:6390", reason: "connection refused")
        for attempt in 0..<5 { schedule.attemptFailed(refused, now: t0 + .seconds(attempt * 10), unitRandom: 0) }
        schedule.attemptSucceeded()
        #expect(schedule.decide(now: t0 + .seconds(50)) == .connect)
        #expect(schedule.attemptFailed(refused, now: t0 + .seconds(60), unitRandom: 0) == .milliseconds(50))
    }
}
