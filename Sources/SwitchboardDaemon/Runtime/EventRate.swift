import Foundation

/// Events per second over a sliding few seconds, from a running total sampled on a timer.
struct EventRate: Sendable {
    private var samples: [(at: ContinuousClock.Instant, total: Int)] = []
    private let span: Duration

    init(span: Duration = .seconds(5)) { self.span = span }

    /// Adds a sample of the running total and returns the rate over the span.
    mutating func sample(total: Int, at now: ContinuousClock.Instant) -> Double {
        samples.append((now, total))
        while let first = samples.first, now - first.at > span, samples.count > 2 { samples.removeFirst() }
        guard let first = samples.first, samples.count >= 2 else { return 0 }
        let elapsed = now - first.at
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return seconds > 0 ? Double(total - first.total) / seconds : 0
    }
}
