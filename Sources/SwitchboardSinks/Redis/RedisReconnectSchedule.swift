/// When the client may next try to connect, given the attempts that failed so far.
///
/// A plain value with time passed in, so the whole policy is tested without sockets or sleeps.
/// While a back-off runs, commands fail at once with the last connection error instead of
/// queueing behind a server that is down: a sink would rather drop or buffer than stall.
struct RedisReconnectSchedule: Sendable {
    let backoff: RedisReconnectBackoff
    private(set) var consecutiveFailures = 0
    private(set) var nextAttemptAt: ContinuousClock.Instant?
    private(set) var lastError: RedisClientError?

    init(backoff: RedisReconnectBackoff) {
        self.backoff = backoff
    }

    enum Decision: Sendable, Hashable {
        case connect
        /// Still backing off: fail with `error`; the next attempt is allowed at `until`.
        case backOff(RedisClientError, until: ContinuousClock.Instant)
    }

    func decide(now: ContinuousClock.Instant) -> Decision {
        guard let nextAttemptAt, let lastError, now < nextAttemptAt else { return .connect }
        return .backOff(lastError, until: nextAttemptAt)
    }

    /// Records a failed attempt; returns the wait before the next one.
    @discardableResult
    mutating func attemptFailed(
        _ error: RedisClientError, now: ContinuousClock.Instant, unitRandom: Double
    ) -> Duration {
        consecutiveFailures += 1
        let wait = backoff.delay(afterFailures: consecutiveFailures, unitRandom: unitRandom)
        nextAttemptAt = now + wait
        lastError = error
        return wait
    }

    mutating func attemptSucceeded() {
        consecutiveFailures = 0
        nextAttemptAt = nil
        lastError = nil
    }
}
