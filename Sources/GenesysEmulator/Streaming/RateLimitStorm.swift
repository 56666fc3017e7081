/// An injected burst of 429s: the next `remaining` REST calls are refused whatever the token's
/// real budget.
struct RateLimitStorm: Sendable, Equatable {
    private(set) var remaining = 0
    private(set) var retryAfterSeconds = 1

    /// Starts a storm; a storm already running is replaced.
    mutating func start(requests: Int, retryAfterSeconds: Int) {
        remaining = max(0, requests)
        self.retryAfterSeconds = max(1, retryAfterSeconds)
    }

    /// Takes one request: the Retry-After to answer with, or nil when the storm is over.
    mutating func take() -> Int? {
        guard remaining > 0 else { return nil }
        remaining -= 1
        return retryAfterSeconds
    }
}
