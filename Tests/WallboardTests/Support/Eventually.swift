import Synchronization

/// A wait that ran out; says what was awaited.
struct TimedOut: Error, CustomStringConvertible {
    var what: String
    var description: String { "timed out waiting for \(what)" }
}

/// Runs `operation`, failing with ``TimedOut`` if it takes longer than `limit`. The limit only
/// bounds how long a failing test takes; a passing one never waits for it.
///
/// The operation runs in a task of its own, cancelled at the limit but not waited for, so an
/// operation stuck where cancellation does not reach (a stream that never ends) still fails
/// the test at the limit instead of hanging it.
func withTimeout<Value: Sendable>(
    _ limit: Duration, _ what: String, _ operation: @escaping @Sendable () async throws -> Value
) async throws -> Value {
    let work = Task { try await operation() }
    let outcome = ResumeOnce<Value>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { continuation in
            outcome.set(continuation)
            let timer = Task {
                try? await Task.sleep(for: limit)
                guard !Task.isCancelled else { return }
                work.cancel()
                outcome.resume(with: .failure(TimedOut(what: what)))
            }
            Task {
                let result = await work.result
                timer.cancel()
                outcome.resume(with: result)
            }
        }
    } onCancel: {
        work.cancel()
    }
}

/// A continuation resumed by whichever comes first, the work or its timer.
private final class ResumeOnce<Value: Sendable>: Sendable {
    private let continuation = Mutex<CheckedContinuation<Value, any Error>?>(nil)

    func set(_ continuation: CheckedContinuation<Value, any Error>) {
        self.continuation.withLock { $0 = continuation }
    }

    func resume(with result: Result<Value, any Error>) {
        let waiting = continuation.withLock { continuation in
            defer { continuation = nil }
            return continuation
        }
        waiting?.resume(with: result)
    }
}

/// Checks `condition` every 20 ms until it holds, for at most `limit`.
func eventually(
    _ what: String, within limit: Duration = .seconds(10), _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + limit
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw TimedOut(what: what) }
        try await Task.sleep(for: .milliseconds(20))
    }
}
