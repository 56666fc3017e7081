/// How long to hold off reconnecting after failed connection attempts.
///
/// A pure value: it decides, ``RedisReconnectSchedule`` remembers, the client waits. The bound
/// doubles with each consecutive failure up to `maxDelay`. The wait is "equal jitter": half the
/// bound for sure, the other half random. The sure half keeps a dead server from being hit at
/// once again; the random half spreads a fleet of sinks that lost the same server apart.
public struct RedisReconnectBackoff: Sendable, Hashable {
    /// The bound after the first failure.
    public var baseDelay: Duration
    /// No wait is longer than this.
    public var maxDelay: Duration

    public init(baseDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(5)) {
        self.baseDelay = max(baseDelay, .zero)
        self.maxDelay = max(maxDelay, self.baseDelay)
    }

    /// `baseDelay * 2^(failures-1)`, capped at `maxDelay`; zero before any failure.
    public func bound(afterFailures failures: Int) -> Duration {
        guard failures > 0 else { return .zero }
        let exponent = min(failures - 1, 30)
        return min(baseDelay * (1 << exponent), maxDelay)
    }

    /// The wait after `failures` consecutive failures.
    /// - Parameter unitRandom: a number in `0..<1` that picks the jittered half; clamped.
    public func delay(afterFailures failures: Int, unitRandom: Double) -> Duration {
        let bound = bound(afterFailures: failures)
        let fraction = min(max(unitRandom, 0), 1)
        return bound / 2 + (bound / 2) * fraction
    }
}
