import Synchronization

/// The event streams open now, so ``WallboardRoutes/close()`` can end them all.
final class OpenEventStreams: Sendable {
    private struct State {
        var closed = false
        var nextId = 0
        var streams: [Int: AsyncStream<Void>.Continuation] = [:]
    }

    private let state = Mutex(State())

    /// Remembers a stream's wake-ups, to finish them on ``closeAll()``; `nil` (and the wake-ups
    /// finished) when already closed.
    func register(_ wakeUps: AsyncStream<Void>.Continuation) -> Int? {
        let id: Int? = state.withLock { state in
            guard !state.closed else { return nil }
            state.nextId += 1
            state.streams[state.nextId] = wakeUps
            return state.nextId
        }
        if id == nil { wakeUps.finish() }
        return id
    }

    func remove(_ id: Int?) {
        guard let id else { return }
        _ = state.withLock { $0.streams.removeValue(forKey: id) }
    }

    var count: Int { state.withLock { $0.streams.count } }

    /// Finishes every stream's wake-ups, now and for streams registered later.
    func closeAll() {
        let streams = state.withLock { state in
            state.closed = true
            defer { state.streams.removeAll() }
            return Array(state.streams.values)
        }
        for stream in streams { stream.finish() }
    }
}
