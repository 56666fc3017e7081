import Synchronization

@testable import SwitchboardSinks

/// A sink that records every attempt and fails the first ones as scripted.
actor ScriptedSink: Sink {
    nonisolated let name = "scripted"
    private(set) var attempts: [[Delivery]] = []
    private(set) var delivered: [[Delivery]] = []
    private var failures: [any Error]

    init(failing failures: [any Error] = []) {
        self.failures = failures
    }

    func deliver(_ batch: [Delivery]) async throws {
        attempts.append(batch)
        if !failures.isEmpty { throw failures.removeFirst() }
        delivered.append(batch)
    }
}

/// A retryable failure that asks for a pause.
struct SlowDownError: RetryAfterSinkError, CustomStringConvertible {
    var retryAfter: Duration?
    var description: String { "slow down" }
}

/// A value behind a lock that closures can share (a `Mutex` itself cannot be captured by them).
final class LockedValue<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) {
        mutex = Mutex(value)
    }

    func withLock<Result: Sendable>(_ body: (inout Value) -> Result) -> Result {
        mutex.withLock { body(&$0) }
    }
}
