/// The time source of everything that waits or expires.
///
/// Production code uses ``SystemClock``; tests pass a clock they advance by hand, so nothing in
/// a test sleeps for real.
public protocol PlatformClock: Sendable {
    func now() -> ContinuousClock.Instant
    func sleep(for duration: Duration) async throws
}

/// The process's monotonic clock.
public struct SystemClock: PlatformClock {
    public init() {}
    public func now() -> ContinuousClock.Instant { ContinuousClock.now }
    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
