import NIOCore

/// The commands on one connection that wait for replies, as a plain value.
///
/// Redis answers in order, so the oldest waiting command owns the next reply. Once anything
/// breaks that pairing (a timeout, a lost connection, a reply nobody asked for) the machine is
/// closed for good: every waiting command fails, later replies are dropped, and the connection
/// must be replaced, because a late reply matched to the wrong command is worse than an error.
///
/// One timer covers the whole queue: commands are sent in deadline order, so only the oldest
/// can be the first to expire. When the timer fires early (its command was answered) it is
/// re-armed for the new oldest, which costs nothing per reply.
///
/// Generic over what a waiting command is, so tests use plain values and the channel handler
/// uses promises.
struct RedisPipelineStateMachine<Pending> {
    let endpoint: String
    let commandTimeout: Duration
    private var state: State = .open
    private var waiting = CircularBuffer<Waiting>()
    private var timerArmed = false

    private enum State {
        case open
        case closed(RedisClientError)
    }

    private struct Waiting {
        var pending: Pending
        var command: String
        var deadline: NIODeadline
    }

    init(endpoint: String, commandTimeout: Duration) {
        self.endpoint = endpoint
        self.commandTimeout = commandTimeout
    }

    /// Commands sent and not yet answered.
    var waitingCount: Int { waiting.count }

    var isClosed: Bool {
        if case .closed = state { true } else { false }
    }

    enum SendAction {
        /// Write the command; arm the timer when a deadline is given.
        case write(armTimerAt: NIODeadline?)
        /// The connection is unusable: fail the command with this error, write nothing.
        case fail(RedisClientError)
    }

    /// A command is about to be written; `command` is its name, for error messages.
    mutating func send(_ pending: Pending, command: String, now: NIODeadline) -> SendAction {
        if case .closed(let error) = state { return .fail(error) }
        let deadline = now + TimeAmount(commandTimeout)
        waiting.append(Waiting(pending: pending, command: command, deadline: deadline))
        guard !timerArmed else { return .write(armTimerAt: nil) }
        timerArmed = true
        return .write(armTimerAt: deadline)
    }

    enum ReplyAction {
        /// The reply belongs to this command.
        case succeed(Pending)
        /// The machine is closed: drop the reply.
        case ignore
        /// Nobody waits for this reply: the stream is out of step. Fail these, close the channel.
        case close(failing: [Pending], RedisClientError)
    }

    mutating func replyReceived() -> ReplyAction {
        guard case .open = state else { return .ignore }
        if let oldest = waiting.popFirst() { return .succeed(oldest.pending) }
        let error = RedisClientError.protocolViolation(
            endpoint: endpoint, detail: "a reply arrived with no command waiting for it")
        return .close(failing: close(because: error), error)
    }

    enum TimerAction {
        case none
        case rearm(NIODeadline)
        /// The oldest command is overdue: fail these, close the channel.
        case timeOut(failing: [Pending], RedisClientError)
    }

    mutating func timerFired(now: NIODeadline) -> TimerAction {
        timerArmed = false
        guard case .open = state, let oldest = waiting.first else { return .none }
        guard oldest.deadline <= now else {
            timerArmed = true
            return .rearm(oldest.deadline)
        }
        let error = RedisClientError.commandTimedOut(endpoint: endpoint, command: oldest.command, after: commandTimeout)
        return .timeOut(failing: close(because: error), error)
    }

    /// The connection ends with `error`: returns every waiting command, to fail with it. Once
    /// closed, the first error stands and later calls return nothing.
    mutating func close(because error: RedisClientError) -> [Pending] {
        guard case .open = state else { return [] }
        state = .closed(error)
        let failing = waiting.map(\.pending)
        waiting.removeAll()
        return failing
    }
}
