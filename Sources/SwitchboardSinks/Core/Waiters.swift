import Synchronization

/// Tasks parked until something changes. Waking is idempotent and works from a cancellation
/// handler, so a cancelled task never stays parked. A wake with nobody parked is remembered, so
/// a task about to park (it left the actor to do so) does not miss it; a spurious wake only makes
/// the caller look again.
final class Waiters: Sendable {
    private struct State {
        var parked: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var next: UInt64 = 0
        var pending = false
    }

    private let state = Mutex(State())

    func wait() async {
        let id = state.withLock { state in
            state.next += 1
            return state.next
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.pending || Task.isCancelled {
                        state.pending = false
                        return true
                    }
                    state.parked[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.parked.removeValue(forKey: id) }?.resume()
        }
    }

    func resumeAll() {
        let parked = state.withLock { state in
            defer { state.parked.removeAll() }
            if state.parked.isEmpty { state.pending = true }
            return Array(state.parked.values)
        }
        for continuation in parked { continuation.resume() }
    }
}
