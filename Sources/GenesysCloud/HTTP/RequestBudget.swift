/// A sliding-window count of requests, so a client stays under its per-token rate limit
/// (300 requests a minute for client-credentials tokens) instead of provoking 429s.
///
/// Pure: it is told the time and answers how long to wait.
public struct SlidingWindowBudget: Sendable {
    public private(set) var limit: Int
    public let window: Duration
    private var stamps: [ContinuousClock.Instant] = []
    private var head = 0

    public init(limit: Int, window: Duration = .seconds(60)) {
        self.limit = max(1, limit)
        self.window = window
    }

    /// Takes a slot at `now` if one is free and returns `.zero`; otherwise returns how long to wait
    /// before asking again, and takes nothing.
    public mutating func reserve(at now: ContinuousClock.Instant) -> Duration {
        while head < stamps.count, stamps[head] + window <= now {
            head += 1
        }
        if head > 1024, head * 2 > stamps.count {
            stamps.removeFirst(head)
            head = 0
        }
        if stamps.count - head < limit {
            stamps.append(now)
            return .zero
        }
        return stamps[head] + window - now
    }

    /// Lowers the limit when the server reports a smaller one (`inin-ratelimit-allowed`).
    public mutating func adopt(serverLimit: Int) {
        if serverLimit > 0, serverLimit < limit { limit = serverLimit }
    }

    /// Requests counted in the current window.
    public func inFlightCount(at now: ContinuousClock.Instant) -> Int {
        stamps[head...].filter { $0 + window > now }.count
    }
}

/// Shares one ``SlidingWindowBudget`` among every task of a client.
public actor RequestBudget {
    private var budget: SlidingWindowBudget
    private let clock: any PlatformClock

    public init(requestsPerMinute: Int, clock: any PlatformClock = SystemClock()) {
        self.budget = SlidingWindowBudget(limit: requestsPerMinute)
        self.clock = clock
    }

    /// Waits until a request may be sent, then counts it.
    public func acquire() async throws {
        while true {
            let wait = budget.reserve(at: clock.now())
            if wait == .zero { return }
            try await clock.sleep(for: wait)
        }
    }

    public func adopt(serverLimit: Int) { budget.adopt(serverLimit: serverLimit) }
    public var limit: Int { budget.limit }
}
