import Foundation

/// The pauses between attempts of a failed batch: capped exponential back-off with full jitter.
///
/// Shared by ``SinkQueue`` and ``DurableSinkQueue`` so both back off from a failing receiver the
/// same way. Full jitter (a uniform pick below the bound) spreads the retries of many queues that
/// failed together, so they do not hit a recovering receiver at the same instant.
struct RetryPauses: Sendable {
    /// The bound after the first failure; it doubles with each failure in a row.
    let base: Duration
    /// The largest bound.
    let cap: Duration
    /// A value in `0...1`; tests pass a constant.
    let jitter: @Sendable () -> Double

    init(base: Duration, cap: Duration, jitter: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }) {
        self.base = base
        self.cap = max(base, cap)
        self.jitter = jitter
    }

    /// The pause after `failures` failed attempts in a row (1 after the first).
    func pause(afterFailures failures: Int) -> Duration {
        let bound = min(cap.seconds, base.seconds * pow(2, Double(max(0, failures - 1))))
        return .milliseconds(Int((bound * jitter() * 1000).rounded()))
    }
}

extension Duration {
    /// The duration in seconds, for arithmetic and log metadata.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
