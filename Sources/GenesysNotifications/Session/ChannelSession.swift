import Foundation
import GenesysCloud
import Logging
import NIOCore
import NIOSSL
import Synchronization
import WSClient

/// The IO shell of one channel: it feeds a ``SessionStateMachine`` with what happens on the
/// network and carries out the actions the machine returns, over REST and WebSockets.
///
/// Events go straight from the socket reader to `output`, de-duplicated by correlation id;
/// everything that changes the session's health goes through the machine.
final class ChannelSession: Sendable {
    enum Message: Sendable {
        case machine(SessionStateMachine.Input)
        case socketReady(SessionStateMachine.SocketID, WebSocketOutboundWriter)
        case socketEnded(SessionStateMachine.SocketID)
        case setTopics([Topic])
        case stop
    }

    let slot: Int
    private let api: GenesysCloudClient
    private let configuration: SessionConfiguration
    private let maximumFrameSize: Int
    private let logger: Logger
    private let output: @Sendable (NotificationEvent) -> Void
    private let messages: AsyncStream<Message>
    private let inbox: AsyncStream<Message>.Continuation
    private let recent: Mutex<RecentIDs>
    private let malformed = Mutex<[MalformedFrame: Int]>([:])
    private let initialTopics: [Topic]
    private let statusBox: Mutex<ChannelStatus>

    init(
        slot: Int, topics: [Topic], api: GenesysCloudClient, configuration: SessionConfiguration,
        maximumFrameSize: Int = 1 << 20, logger: Logger, output: @escaping @Sendable (NotificationEvent) -> Void
    ) {
        self.slot = slot
        self.initialTopics = topics
        self.api = api
        self.configuration = configuration
        self.maximumFrameSize = maximumFrameSize
        self.logger = logger
        self.output = output
        self.recent = Mutex(RecentIDs(capacity: configuration.recentEventMemory))
        self.statusBox = Mutex(ChannelStatus(slot: slot, topics: topics.count))
        (messages, inbox) = AsyncStream.makeStream(of: Message.self)
    }

    /// The channel as it stands.
    var status: ChannelStatus { statusBox.withLock { $0 } }

    /// Changes the topics this channel carries.
    func setTopics(_ topics: [Topic]) { inbox.yield(.setTopics(topics)) }

    /// Asks the session to close its sockets, delete its subscriptions and return from `run`.
    func stop() { inbox.yield(.stop) }

    /// Runs the session until ``stop()`` completes or the task is cancelled.
    func run() async {
        var machine = SessionStateMachine(configuration: configuration)
        var state = ShellState(topics: initialTopics)
        let clock = ContinuousClock()
        await withDiscardingTaskGroup { group in
            group.addTask { [inbox, configuration] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: configuration.tickInterval)
                    inbox.yield(.machine(.tick))
                }
            }
            var pending = machine.handle(.start, now: clock.now)
            var iterator = messages.makeAsyncIterator()
            loop: while true {
                for action in pending {
                    await perform(action, state: &state, machine: machine, group: &group)
                }
                pending = []
                guard let message = await iterator.next() else { break }
                switch message {
                case .machine(let input):
                    pending = machine.handle(input, now: clock.now)
                    noteStatus(after: input, machine: machine, topics: state.topics.count)
                case .socketReady(let id, let writer):
                    state.writers[id] = writer
                    if state.closing.contains(id) {
                        let reason = "superseded"
                        group.addTask { try? await writer.close(.goingAway, reason: reason) }
                    } else {
                        pending = machine.handle(.socketOpened(id), now: clock.now)
                        noteStatus(after: .socketOpened(id), machine: machine, topics: state.topics.count)
                    }
                case .socketEnded(let id):
                    state.writers[id] = nil
                    state.closing.remove(id)
                case .setTopics(let topics):
                    await changeTopics(to: topics, state: &state, machine: machine)
                    noteStatus(after: nil, machine: machine, topics: state.topics.count)
                case .stop:
                    pending = machine.handle(.stop, now: clock.now)
                    noteStatus(after: .stop, machine: machine, topics: state.topics.count)
                    for action in pending {
                        await perform(action, state: &state, machine: machine, group: &group)
                    }
                    break loop
                }
            }
            group.cancelAll()
        }
    }

    /// Brings ``status`` up to date after the machine handled `input` (nil: only the topics changed).
    private func noteStatus(after input: SessionStateMachine.Input?, machine: SessionStateMachine, topics: Int) {
        let now = Date()
        statusBox.withLock { status in
            status.connection = ChannelStatus.Connection(machine.phase)
            status.channel = machine.channel?.id.redactedIdentifier
            status.topics = topics
            switch input {
            case .channelReady(let channel):
                status.channelReadyAt = now
                status.expiresAt = Self.date(channel.expiresAt)
            case .channelRenewed:
                status.expiresAt = Self.date(machine.channel?.expiresAt)
            case .socketOpened, .frame:
                status.lastFrameAt = now
            default:
                break
            }
            if machine.gapStartedAt == nil {
                status.gapSince = nil
            } else if status.gapSince == nil {
                status.gapSince = now
            }
        }
    }

    /// The wall-clock time of an instant on the session's clock.
    private static func date(_ instant: ContinuousClock.Instant?) -> Date? {
        guard let instant else { return nil }
        let remaining = ContinuousClock.now.duration(to: instant)
        return Date().addingTimeInterval(
            Double(remaining.components.seconds) + Double(remaining.components.attoseconds) / 1e18)
    }

    /// What the shell keeps beside the machine: the socket writers and the topics.
    struct ShellState {
        var topics: [Topic]
        var writers: [SessionStateMachine.SocketID: WebSocketOutboundWriter] = [:]
        /// Sockets asked to close before they were open.
        var closing: Set<SessionStateMachine.SocketID> = []
        var gapStartedAt: Date?
    }

    private func perform(
        _ action: SessionStateMachine.Action, state: inout ShellState, machine: SessionStateMachine,
        group: inout DiscardingTaskGroup
    ) async {
        switch action {
        case .setUpChannel(let replacing):
            let topics = state.topics
            group.addTask { await self.setUpChannel(topics: topics, replacing: replacing) }
        case .openSocket(let id, let uri):
            let channelId = machine.channel?.id
            group.addTask { await self.runSocket(id, uri: uri, channelId: channelId) }
        case .closeSocket(let id, let reason):
            if let writer = state.writers[id] {
                group.addTask { try? await writer.close(.normalClosure, reason: reason) }
            } else {
                state.closing.insert(id)
            }
        case .sendPing(let id):
            if let writer = state.writers[id] {
                group.addTask { try? await writer.writeTextMessage(#"{"message":"ping"}"#) }
            }
        case .renewChannel(let channel):
            let topics = state.topics
            group.addTask { await self.renew(channel, topics: topics) }
        case .tearDown(let channel):
            do {
                try await api.deleteSubscriptions(channelId: channel.id)
            } catch {
                logger.notice("could not delete subscriptions", metadata: ["slot": "\(slot)", "error": "\(error)"])
            }
        case .report(let change):
            report(change, state: &state, machine: machine)
        }
    }

    private func report(_ change: HealthChange, state: inout ShellState, machine: SessionStateMachine) {
        let now = Date()
        switch change {
        case .gapStarted:
            if state.gapStartedAt == nil { state.gapStartedAt = now }
        case .gapEnded:
            if let start = state.gapStartedAt {
                emit(.gap(Gap(start: start, end: now, topics: state.topics)), machine: machine)
            }
            state.gapStartedAt = nil
        default:
            break
        }
        switch change {
        case .reconnectScheduled, .channelLost: statusBox.withLock { $0.reconnects += 1 }
        default: break
        }
        logger.info("channel health", metadata: ["slot": "\(slot)", "change": "\(change)"])
        emit(.state(change), machine: machine)
    }

    private func emit(_ kind: HealthEvent.Kind, machine: SessionStateMachine) {
        output(
            .health(HealthEvent(slot: slot, channel: machine.channel?.id.redactedIdentifier, at: Date(), kind: kind)))
    }

    // MARK: - REST

    private func setUpChannel(topics: [Topic], replacing: SessionStateMachine.ChannelState?) async {
        do {
            let channel = try await api.createChannel()
            if !topics.isEmpty {
                let results = try await api.replaceSubscriptions(
                    channelId: channel.id, topics: TopicCombiner.combine(topics), ignoreErrors: true)
                reportRejections(results, channel: channel.id)
            }
            inbox.yield(
                .machine(
                    .channelReady(
                        .init(id: channel.id, connectUri: channel.connectUri, expiresAt: Self.instant(channel.expires)))
                ))
        } catch {
            let retryAfter: Duration? =
                if case .rateLimited(_, let wait) = error as? GenesysCloudError { wait } else { nil }
            inbox.yield(.machine(.channelSetupFailed(reason: String(describing: error), retryAfter: retryAfter)))
        }
    }

    private func renew(_ channel: SessionStateMachine.ChannelState, topics: [Topic]) async {
        do {
            _ = try await api.replaceSubscriptions(
                channelId: channel.id, topics: TopicCombiner.combine(topics), ignoreErrors: true)
            let expires = try await api.channels().first { $0.id == channel.id }?.expires
            inbox.yield(.machine(.channelRenewed(expiresAt: Self.instant(expires))))
        } catch {
            let gone = (error as? GenesysCloudError)?.status == 404
            inbox.yield(.machine(.channelRenewalFailed(channelGone: gone, reason: String(describing: error))))
        }
    }

    private func changeTopics(to topics: [Topic], state: inout ShellState, machine: SessionStateMachine) async {
        let before = Set(state.topics)
        let after = Set(topics)
        state.topics = topics
        guard let channel = machine.channel, !isSettingUp(machine) else { return }
        do {
            if !before.subtracting(after).isEmpty {
                // Removal needs the whole list: PUT replaces it. This session is the channel's only
                // writer, so the platform's lost-update race of GET+PUT cannot happen here.
                let results = try await api.replaceSubscriptions(
                    channelId: channel.id, topics: TopicCombiner.combine(topics), ignoreErrors: true)
                reportRejections(results, channel: channel.id)
            } else {
                let added = topics.filter { !before.contains($0) }
                guard !added.isEmpty else { return }
                let results = try await api.addSubscriptions(
                    channelId: channel.id, topics: TopicCombiner.combine(added), ignoreErrors: true)
                reportRejections(results, channel: channel.id)
            }
        } catch {
            let gone = (error as? GenesysCloudError)?.status == 404
            inbox.yield(.machine(.channelRenewalFailed(channelGone: gone, reason: "updating topics: \(error)")))
        }
    }

    /// True while a channel is being set up: its setup will subscribe the latest topics itself.
    private func isSettingUp(_ machine: SessionStateMachine) -> Bool {
        switch machine.phase {
        case .settingUpChannel, .waitingToSetUp, .idle, .stopped: true
        default: false
        }
    }

    private func reportRejections(_ results: [ChannelTopic], channel: String) {
        let rejected = results.filter { !$0.isPermitted }.map {
            RejectedTopic(
                topic: $0.id, reason: $0.rejectionReason ?? "rejected", missingPermissions: $0.missingPermissions ?? [])
        }
        guard !rejected.isEmpty else { return }
        output(
            .health(
                HealthEvent(
                    slot: slot, channel: channel.redactedIdentifier, at: Date(), kind: .topicsRejected(rejected))))
    }

    private static func instant(_ date: Date?) -> ContinuousClock.Instant? {
        guard let date else { return nil }
        let remaining = date.timeIntervalSinceNow
        return ContinuousClock.now + .milliseconds(Int64(remaining * 1000))
    }

    // MARK: - Socket

    private func runSocket(_ id: SessionStateMachine.SocketID, uri: String, channelId: String?) async {
        var client = WebSocketClientConfiguration(
            maxFrameSize: max(maximumFrameSize, Self.protocolFrameLimit), closeTimeout: .seconds(2), autoPing: .disabled
        )
        client.validateUTF8 = true
        var opened = false
        do {
            let closeFrame = try await WebSocketClient.connect(url: uri, configuration: client, logger: logger) {
                inbound, outbound, _ in
                self.inbox.yield(.socketReady(id, outbound))
                try await self.read(inbound, socket: id)
            }
            opened = true
            let reason = closeFrame.map { "closed \($0.closeCode)\($0.reason.map { ": \($0)" } ?? "")" } ?? "closed"
            inbox.yield(.socketEnded(id))
            inbox.yield(.machine(.socketClosed(id, reason: reason)))
        } catch let error as WebSocketClientError where error == .webSocketUpgradeFailed && !opened {
            // The handshake was refused: a 404 means the channel is gone. The client does not
            // expose the status, so ask the REST API whether the channel still exists.
            var gone = false
            if let channelId { gone = (try? await api.channelExists(channelId)) == false }
            inbox.yield(.socketEnded(id))
            inbox.yield(.machine(.socketOpenFailed(id, channelGone: gone, reason: "handshake refused")))
        } catch let error as NIOSSLError where error == .uncleanShutdown {
            // Servers often drop TLS without close_notify; it ends the socket like any close.
            inbox.yield(.socketEnded(id))
            inbox.yield(.machine(.socketClosed(id, reason: "TLS closed without close_notify")))
        } catch {
            inbox.yield(.socketEnded(id))
            inbox.yield(.machine(.socketClosed(id, reason: String(describing: error))))
        }
    }

    /// The WebSocket limit. Kept well above the message limit so an over-long message costs one
    /// skipped frame, counted, rather than a protocol close and a reconnect.
    static let protocolFrameLimit = 16 << 20

    private func read(_ inbound: WebSocketInboundStream, socket id: SessionStateMachine.SocketID) async throws {
        var lastAlive = ContinuousClock.now - .seconds(1)
        for try await message in inbound.messages(maxSize: Self.protocolFrameLimit) {
            let now = ContinuousClock.now
            let text: String
            switch message {
            case .text(let string): text = string
            case .binary:
                countMalformed(.binary)
                continue
            }
            guard text.utf8.count <= maximumFrameSize else {
                countMalformed(.oversized)
                continue
            }
            switch FrameDecoder.decode(text, receivedAt: Date()) {
            case .event(let envelope):
                if let correlation = envelope.correlationId, !recent.withLock({ $0.insert(correlation) }) { continue }
                output(.event(envelope))
                // Events prove the socket alive; tell the machine at most ten times a second.
                if now - lastAlive >= .milliseconds(100) {
                    lastAlive = now
                    inbox.yield(.machine(.frame(id, .alive)))
                }
            case .heartbeat, .pong, .otherSystem, .subscribeReply, .tokenRevoked:
                lastAlive = now
                inbox.yield(.machine(.frame(id, .alive)))
            case .socketClosing:
                inbox.yield(.machine(.frame(id, .socketClosing)))
            case .channelGone(let reason):
                inbox.yield(.machine(.frame(id, .channelGone(reason: reason))))
            case .malformed(let kind):
                countMalformed(kind)
            }
        }
    }

    private func countMalformed(_ kind: MalformedFrame) {
        let count = malformed.withLock {
            $0[kind, default: 0] += 1
            return $0[kind, default: 0]
        }
        if count == 1 {
            logger.warning("malformed frame ignored", metadata: ["slot": "\(slot)", "kind": "\(kind.rawValue)"])
        }
        output(.health(HealthEvent(slot: slot, channel: nil, at: Date(), kind: .malformedFrame(kind, count: count))))
    }
}
