/// What one server-sent event stream writes next: a snapshot when the sequence moved on, a
/// keep-alive comment after a quiet spell, or nothing.
///
/// A plain value with time passed in, so every decision is tested without a socket; the stream
/// asks it once a tick.
struct EventStreamSchedule {
    enum Action: Equatable {
        /// Write the snapshot: it is the first, or its sequence differs from the last one sent.
        case sendSnapshot
        /// Write a comment line, so proxies and browsers keep a quiet connection open.
        case sendKeepAlive
        case wait
    }

    /// How long the stream may stay silent before a keep-alive comment.
    let keepAliveInterval: Duration
    private(set) var lastSequence: Int?
    private var lastWrite: ContinuousClock.Instant?

    init(keepAliveInterval: Duration) {
        self.keepAliveInterval = keepAliveInterval
    }

    /// The next step for the snapshot whose sequence is `sequence`, at `now`; records what it
    /// decides to write.
    mutating func next(sequence: Int, at now: ContinuousClock.Instant) -> Action {
        if sequence != lastSequence {
            lastSequence = sequence
            lastWrite = now
            return .sendSnapshot
        }
        if let lastWrite, now - lastWrite < keepAliveInterval { return .wait }
        lastWrite = now
        return .sendKeepAlive
    }
}
