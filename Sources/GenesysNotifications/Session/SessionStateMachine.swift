/// The health of one notification channel and its socket(s), as a plain value.
///
/// Each input is a `mutating func` that returns the actions the IO shell must perform; the
/// machine itself never touches a socket or a clock. Time arrives as `now` with every input.
///
/// The life of a session: set up a channel (create it, subscribe its topics), open its socket,
/// watch the socket (heartbeats, ping/pong), rotate make-before-break on `socket_closing`,
/// reconnect with capped exponential back-off and full jitter when the socket drops, replace the
/// channel when it is gone (404, `no_longer_subscribed`, eviction, expiry), renew it before its
/// 24 hours run out, and account for every interval without a live socket as a gap.
public struct SessionStateMachine: Sendable {
    /// A socket, numbered by the machine.
    public struct SocketID: Sendable, Hashable, CustomStringConvertible {
        public let value: Int
        public var description: String { "socket #\(value)" }
    }

    /// What the machine knows of its channel.
    public struct ChannelState: Sendable, Hashable {
        public var id: String
        public var connectUri: String
        /// When the platform says the channel expires, on the session's clock.
        public var expiresAt: ContinuousClock.Instant?

        public init(id: String, connectUri: String, expiresAt: ContinuousClock.Instant?) {
            self.id = id
            self.connectUri = connectUri
            self.expiresAt = expiresAt
        }
    }

    public enum Phase: Sendable, Hashable {
        case idle
        case settingUpChannel(attempt: Int)
        case waitingToSetUp(until: ContinuousClock.Instant, attempt: Int)
        case connecting(SocketID, since: ContinuousClock.Instant, attempt: Int)
        case connected(SocketID)
        /// Make-before-break after `socket_closing`: `old` still delivers while `new` opens.
        case rotating(old: SocketID?, new: SocketID, since: ContinuousClock.Instant)
        case waitingToConnect(until: ContinuousClock.Instant, attempt: Int)
        case stopped
    }

    public enum Action: Sendable, Hashable {
        /// Create a channel and subscribe the session's topics on it (REST). `replacing` is the
        /// channel that is gone, if any.
        case setUpChannel(replacing: ChannelState?)
        case openSocket(SocketID, connectUri: String)
        case closeSocket(SocketID, reason: String)
        case sendPing(SocketID)
        /// Re-send the subscription list to extend the channel's life.
        case renewChannel(ChannelState)
        /// Remove the channel's subscriptions: the session is stopping.
        case tearDown(ChannelState)
        case report(HealthChange)
    }

    public enum Input: Sendable, Hashable {
        case start
        case channelReady(ChannelState)
        case channelSetupFailed(reason: String, retryAfter: Duration?)
        case socketOpened(SocketID)
        case socketOpenFailed(SocketID, channelGone: Bool, reason: String)
        /// Any frame proves the socket alive; `kind` says whether it asks for more.
        case frame(SocketID, FrameKind)
        case socketClosed(SocketID, reason: String)
        case channelRenewed(expiresAt: ContinuousClock.Instant?)
        case channelRenewalFailed(channelGone: Bool, reason: String)
        case tick
        case stop
    }

    public enum FrameKind: Sendable, Hashable {
        case alive
        case socketClosing
        case channelGone(reason: String)
    }

    public let configuration: SessionConfiguration
    public private(set) var phase: Phase = .idle
    public private(set) var channel: ChannelState?
    private var nextSocket = 1
    private var lastFrameAt: ContinuousClock.Instant?
    private var pingSentAt: ContinuousClock.Instant?
    private var renewing = false
    private var nextRenewalAttempt: ContinuousClock.Instant?
    /// When the session last lost its live socket with none to take over.
    public private(set) var gapStartedAt: ContinuousClock.Instant?
    private let random: @Sendable () -> Double

    public init(
        configuration: SessionConfiguration = SessionConfiguration(),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.configuration = configuration
        self.random = random
    }

    /// The socket events should currently be read from (both during a rotation).
    public var liveSockets: [SocketID] {
        switch phase {
        case .connected(let id): [id]
        case .rotating(let old, let new, _): [old, new].compactMap { $0 }
        default: []
        }
    }

    public mutating func handle(_ input: Input, now: ContinuousClock.Instant) -> [Action] {
        switch input {
        case .start:
            guard case .idle = phase else { return [] }
            phase = .settingUpChannel(attempt: 1)
            return [.setUpChannel(replacing: nil), .report(.settingUpChannel)]
        case .stop:
            return stop()
        case .channelReady(let ready):
            guard case .settingUpChannel = phase else { return [] }
            channel = ready
            renewing = false
            nextRenewalAttempt = nil
            return open(attempt: 1, now: now)
        case .channelSetupFailed(let reason, let retryAfter):
            guard case .settingUpChannel(let attempt) = phase else { return [] }
            let wait = max(retryAfter ?? .zero, jitteredBackoff(attempt: attempt))
            phase = .waitingToSetUp(until: now + wait, attempt: attempt + 1)
            return [.report(.channelSetupFailed(reason: reason, retryIn: wait))]
        case .socketOpened(let id):
            return socketOpened(id, now: now)
        case .socketOpenFailed(let id, let channelGone, let reason):
            return socketOpenFailed(id, channelGone: channelGone, reason: reason, now: now)
        case .frame(let id, let kind):
            return frame(id, kind, now: now)
        case .socketClosed(let id, let reason):
            return socketClosed(id, reason: reason, now: now)
        case .channelRenewed(let expiresAt):
            renewing = false
            guard var current = channel else { return [] }
            if let expiresAt, current.expiresAt.map({ expiresAt > $0 }) ?? true {
                current.expiresAt = expiresAt
                channel = current
                return [.report(.channelRenewed)]
            }
            // Whether resubscribing moves the expiry is UNCONFIRMED. If it did not, try again
            // later; if the channel then expires, the channel-gone path replaces it.
            nextRenewalAttempt = now + configuration.renewalMargin / 4
            return [.report(.channelRenewalFailed(reason: "the platform did not extend the channel's expiry"))]
        case .channelRenewalFailed(let channelGone, let reason):
            renewing = false
            if channelGone { return channelLost(reason: reason, closing: liveSockets, now: now) }
            nextRenewalAttempt = now + configuration.reconnectMaxDelay
            return [.report(.channelRenewalFailed(reason: reason))]
        case .tick:
            return tick(now: now)
        }
    }

    // MARK: - Transitions

    private mutating func open(attempt: Int, now: ContinuousClock.Instant) -> [Action] {
        guard let channel else { return [] }
        let id = makeSocketID()
        phase = .connecting(id, since: now, attempt: attempt)
        return [.openSocket(id, connectUri: channel.connectUri)]
    }

    private mutating func socketOpened(_ id: SocketID, now: ContinuousClock.Instant) -> [Action] {
        switch phase {
        case .connecting(let current, _, _) where current == id:
            phase = .connected(id)
            return confirmed(now: now, actions: [.report(.connected)])
        case .rotating(let old, let new, _) where new == id:
            phase = .connected(id)
            var actions: [Action] = []
            if let old { actions.append(.closeSocket(old, reason: "replaced after socket_closing")) }
            actions.append(.report(.rotated))
            return confirmed(now: now, actions: actions)
        default:
            // A socket the machine no longer wants.
            return [.closeSocket(id, reason: "superseded")]
        }
    }

    private mutating func confirmed(now: ContinuousClock.Instant, actions: [Action]) -> [Action] {
        lastFrameAt = now
        pingSentAt = nil
        var actions = actions
        if let started = gapStartedAt {
            actions.append(.report(.gapEnded(duration: now - started)))
            gapStartedAt = nil
        }
        return actions
    }

    private mutating func socketOpenFailed(
        _ id: SocketID, channelGone: Bool, reason: String, now: ContinuousClock.Instant
    )
        -> [Action]
    {
        switch phase {
        case .connecting(let current, _, let attempt) where current == id:
            if channelGone { return channelLost(reason: reason, closing: [], now: now) }
            let wait = jitteredBackoff(attempt: attempt)
            phase = .waitingToConnect(until: now + wait, attempt: attempt + 1)
            return [.report(.reconnectScheduled(reason: reason, retryIn: wait))]
        case .rotating(let old, let new, _) where new == id:
            if channelGone { return channelLost(reason: reason, closing: [old].compactMap { $0 }, now: now) }
            if let old {
                phase = .connected(old)
                return [.report(.rotationFailed(reason: reason))]
            }
            let wait = jitteredBackoff(attempt: 1)
            phase = .waitingToConnect(until: now + wait, attempt: 2)
            return [
                .report(.rotationFailed(reason: reason)), .report(.reconnectScheduled(reason: reason, retryIn: wait)),
            ]
        default:
            return []
        }
    }

    private mutating func frame(_ id: SocketID, _ kind: FrameKind, now: ContinuousClock.Instant) -> [Action] {
        guard liveSockets.contains(id) else { return [] }
        if case .connected(let current) = phase, current == id {
            lastFrameAt = now
            pingSentAt = nil
        }
        switch kind {
        case .alive:
            return []
        case .socketClosing:
            guard case .connected(let current) = phase, current == id, let channel else { return [] }
            let new = makeSocketID()
            phase = .rotating(old: current, new: new, since: now)
            return [.openSocket(new, connectUri: channel.connectUri), .report(.rotating)]
        case .channelGone(let reason):
            return channelLost(reason: reason, closing: liveSockets, now: now)
        }
    }

    private mutating func socketClosed(_ id: SocketID, reason: String, now: ContinuousClock.Instant) -> [Action] {
        switch phase {
        case .connected(let current) where current == id:
            return lostSocket(reason: reason, now: now, attempt: 1)
        case .connecting(let current, _, _) where current == id:
            return socketOpenFailed(id, channelGone: false, reason: reason, now: now)
        case .rotating(let old, let new, let since) where old == id:
            // The old socket went first (the platform closes it once the new one connects, or
            // at the end of its grace period): events may be missed until the new one opens.
            phase = .rotating(old: nil, new: new, since: since)
            if gapStartedAt == nil { gapStartedAt = now }
            return [.report(.gapStarted)]
        case .rotating(_, let new, _) where new == id:
            return socketOpenFailed(new, channelGone: false, reason: reason, now: now)
        default:
            return []
        }
    }

    private mutating func lostSocket(reason: String, now: ContinuousClock.Instant, attempt: Int) -> [Action] {
        if gapStartedAt == nil { gapStartedAt = now }
        let wait = jitteredBackoff(attempt: attempt)
        phase = .waitingToConnect(until: now + wait, attempt: attempt + 1)
        return [
            .report(.disconnected(reason: reason)), .report(.gapStarted),
            .report(.reconnectScheduled(reason: reason, retryIn: wait)),
        ]
    }

    private mutating func channelLost(reason: String, closing sockets: [SocketID], now: ContinuousClock.Instant)
        -> [Action]
    {
        let lost = channel
        if gapStartedAt == nil { gapStartedAt = now }
        phase = .settingUpChannel(attempt: 1)
        renewing = false
        return sockets.map { .closeSocket($0, reason: "channel gone") } + [
            .report(.channelLost(reason: reason)), .report(.gapStarted), .setUpChannel(replacing: lost),
        ]
    }

    private mutating func tick(now: ContinuousClock.Instant) -> [Action] {
        switch phase {
        case .waitingToSetUp(let until, let attempt) where now >= until:
            phase = .settingUpChannel(attempt: attempt)
            return [.setUpChannel(replacing: channel)]
        case .waitingToConnect(let until, let attempt) where now >= until:
            return open(attempt: attempt, now: now)
        case .connecting(let id, let since, _) where now - since >= configuration.connectTimeout:
            return [.closeSocket(id, reason: "no connection within \(configuration.connectTimeout.readable)")]
                + socketOpenFailed(id, channelGone: false, reason: "connect timeout", now: now)
        case .rotating(_, let new, let since) where now - since >= configuration.rotationTimeout:
            return [.closeSocket(new, reason: "replacement did not open in time")]
                + socketOpenFailed(new, channelGone: false, reason: "replacement socket did not open in time", now: now)
        case .connected(let id):
            var actions = watchdog(id, now: now)
            actions += renewalIfDue(now: now)
            return actions
        default:
            return []
        }
    }

    private mutating func watchdog(_ id: SocketID, now: ContinuousClock.Instant) -> [Action] {
        if let sent = pingSentAt {
            guard now - sent >= configuration.pongTimeout else { return [] }
            pingSentAt = nil
            return [.closeSocket(id, reason: "no pong within \(configuration.pongTimeout.readable)")]
                + lostSocket(reason: "no heartbeat and no pong", now: now, attempt: 1)
        }
        guard let last = lastFrameAt, now - last >= configuration.heartbeatTimeout else { return [] }
        pingSentAt = now
        return [.sendPing(id), .report(.heartbeatLate(silentFor: now - last))]
    }

    private mutating func renewalIfDue(now: ContinuousClock.Instant) -> [Action] {
        guard !renewing, let channel, let expiresAt = channel.expiresAt else { return [] }
        if let next = nextRenewalAttempt, now < next { return [] }
        guard now >= expiresAt - configuration.renewalMargin else { return [] }
        renewing = true
        return [.renewChannel(channel)]
    }

    private mutating func stop() -> [Action] {
        let sockets: [SocketID]
        switch phase {
        case .connecting(let id, _, _): sockets = [id]
        case .rotating(let old, let new, _): sockets = [old, new].compactMap { $0 }
        case .stopped: return []
        default: sockets = liveSockets
        }
        phase = .stopped
        var actions: [Action] = sockets.map { .closeSocket($0, reason: "stopping") }
        if let channel { actions.append(.tearDown(channel)) }
        actions.append(.report(.stopped))
        return actions
    }

    private mutating func makeSocketID() -> SocketID {
        defer { nextSocket += 1 }
        return SocketID(value: nextSocket)
    }

    private func jitteredBackoff(attempt: Int) -> Duration {
        configuration.backoffBound(attempt: attempt) * min(max(random(), 0), 1)
    }
}
