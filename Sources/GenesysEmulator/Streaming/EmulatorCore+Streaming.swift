import Foundation
import StreamBatching

/// Sockets, events and faults: the notification service's WebSocket side.
extension EmulatorCore {
    // MARK: - Public API

    /// Publishes one event to every live channel subscribed to `topic` (case-insensitive) that has
    /// a socket; returns the ids of the channels it was queued for. Events for channels without a
    /// socket are dropped, as the real service does (counted in the log's `droppedFor`).
    @discardableResult
    public func publish(topic: String, eventBody: WireJSON) async -> [String] {
        publishNow(topic: topic, eventBody: eventBody).queuedFor
    }

    /// Publishes events in order in one call, each as ``publish(topic:eventBody:)`` would: a
    /// publisher with many at hand (a load generator) makes one trip to the emulator, not one an
    /// event.
    public func publish(_ events: [(topic: String, eventBody: WireJSON)]) async {
        for event in events { publishNow(topic: event.topic, eventBody: event.eventBody) }
    }

    /// Ground truth for tests: every published event (the last
    /// ``EmulatorConfiguration/publishedLogCapacity``, 100,000 by default), oldest first, with its
    /// correlation id and the channels whose socket successfully wrote it.
    public func publishedLog() async -> [PublishedEvent] { streaming.log.events }

    /// Deliveries dropped because a subscribed channel had no socket, since start-up.
    public func droppedDeliveryCount() async -> Int { streaming.log.droppedDeliveries }

    /// Channels that have a socket open, oldest channel first.
    public func connectedChannelIds() async -> [String] {
        streaming.registry.connectedChannels.compactMap { channels[$0] }.sorted { $0.created < $1.created }.map(\.id)
    }

    /// Makes the emulator misbehave now; see ``Fault``.
    public func inject(_ fault: Fault) async { injectNow(fault) }

    // MARK: - Sockets

    /// Whether a socket may connect to `channelId` (the handshake answers 404 otherwise).
    func acceptsSocket(channelId: String) -> Bool { liveChannel(channelId) != nil }

    /// Registers a socket that finished its handshake; a socket already on the channel is closed,
    /// as the platform allows one socket per channel. Nil when the channel ended meanwhile.
    func attachSocket(channelId: String, outbound: BatchedStream<SocketCommand>.Continuation) -> SocketID? {
        guard var record = liveChannel(channelId) else { return nil }
        let attachment = streaming.registry.attach(channelId: channelId)
        if let replaced = attachment.replaced, let old = streaming.outbound.removeValue(forKey: replaced) {
            old.yield(.close(.replaced))
        }
        streaming.outbound[attachment.socket] = outbound
        record.connected = true
        record.lastUsed = clock.now()
        channels[channelId] = record
        return attachment.socket
    }

    /// Forgets a socket whose task ended. A socket that was replaced changes nothing.
    func detachSocket(_ socket: SocketID) {
        streaming.outbound[socket] = nil
        guard case .channelDisconnected(let channelId) = streaming.registry.detach(socket) else { return }
        streaming.unwritten[channelId] = nil
        channels[channelId]?.connected = false
        channels[channelId]?.lastUsed = clock.now()
    }

    /// One heartbeat period of `socket` passed: ends channels whose lifetime ran out (closing
    /// their sockets), then queues the heartbeat.
    func heartbeatTick(_ socket: SocketID) {
        purgeExpiredChannels()
        streaming.outbound[socket]?.yield(.heartbeat)
    }

    /// A text frame from the client: ping and subscribe are answered, anything else is ignored
    /// (the platform ignores unknown frames, reference §4.2).
    func receive(_ text: String, from socket: SocketID) {
        guard let outbound = streaming.outbound[socket], let channelId = streaming.registry.channel(of: socket) else {
            return
        }
        struct ClientFrame: Decodable {
            var message: String?
            var topics: [String]?
            var correlationId: String?
        }
        guard let frame = try? JSONDecoder().decode(ClientFrame.self, from: Data(text.utf8)) else { return }
        switch frame.message?.lowercased() {
        case "ping":
            outbound.yield(.pong)
        case "subscribe":
            outbound.yield(.message(subscribeOverSocket(channelId, frame.topics ?? [], frame.correlationId)))
            // A channel found expired just now is ended after the 404 reply, so the reply goes out
            // before the close.
            _ = liveChannel(channelId)
        default:
            break
        }
    }

    /// The socket-level subscribe (OBSERVED in third-party clients, reference §3.3): appends to the
    /// channel's list under the REST rules. Whether the platform appends or replaces is UNCONFIRMED.
    private func subscribeOverSocket(_ channelId: String, _ topics: [String], _ correlationId: String?) -> String {
        guard var record = channels[channelId], record.expires > clock.now() else {
            return StreamingMessages.channelGone("Channel \(channelId) does not exist or has expired.")
        }
        do {
            let judged = try judgeTopics(topics, ignoreErrors: false)
            try subscribe(&record, to: judged.accepted, replacing: false)
            channels[channelId] = record
            return StreamingMessages.subscribed(correlationId: correlationId)
        } catch {
            return StreamingMessages.subscribeFailed(error.message, correlationId: correlationId)
        }
    }

    /// Notes that a socket handed these events, whole, to its connection.
    func recordWrites(_ events: [Int], channelId: String) {
        for sequence in events {
            streaming.log.recordWrite(sequence: sequence, channelId: channelId)
        }
        if let unwritten = streaming.unwritten[channelId] {
            streaming.unwritten[channelId] = max(0, unwritten - events.count)
        }
    }

    /// Tells the socket of a channel that just ended, then closes it.
    func socketOfEndedChannel(_ record: ChannelRecord, reason: ChannelEnd) {
        streaming.unwritten[record.id] = nil
        guard let socket = streaming.registry.channelEnded(record.id),
            let outbound = streaming.outbound.removeValue(forKey: socket)
        else { return }
        switch reason {
        case .evicted:
            outbound.yield(
                .message(
                    StreamingMessages.noLongerSubscribed(
                        channelId: record.id, organizationId: organization.id, oauthClientId: record.clientId)))
            outbound.yield(.close(.evicted))
        case .expired:
            outbound.yield(.close(.expired))
        }
    }

    // MARK: - Publishing

    @discardableResult
    func publishNow(topic: String, eventBody: WireJSON) -> PublishedEvent {
        purgeExpiredChannels()
        let canonical: CanonicalTopic
        if let known = streaming.canonicalNames[topic] {
            canonical = known
        } else {
            let name = if case .valid(let name, _) = catalog.verdict(for: topic) { name } else { topic }
            canonical = CanonicalTopic(name)
            if streaming.canonicalNames.count >= StreamingState.canonicalNameCapacity {
                streaming.canonicalNames.removeAll(keepingCapacity: true)
            }
            streaming.canonicalNames[topic] = canonical
        }
        return publish(canonical, eventBody: eventBody)
    }

    /// Publishes under `name`, already spelled as the catalog spells it.
    @discardableResult
    func publishCanonical(topic name: String, eventBody: WireJSON) -> PublishedEvent {
        publish(CanonicalTopic(name), eventBody: eventBody)
    }

    private func publish(_ topic: CanonicalTopic, eventBody: WireJSON) -> PublishedEvent {
        let correlationId = RandomIdentifier.make(using: &streaming.identifiers)
        let text = StreamingMessages.event(topic: topic.name, body: eventBody, correlationId: correlationId)
        // The number the log gives this event when it is appended below, after the sockets.
        let sequence = streaming.log.nextSequence
        var queued: [String] = []
        var dropped: [String] = []
        // Oldest channel first; nearly always one channel has the topic, so only matches are sorted.
        var subscribed: [(created: Date, id: String)] = []
        for record in channels.values where record.topicKeys.contains(topic.key) {
            subscribed.append((record.created, record.id))
        }
        if subscribed.count > 1 { subscribed.sort { $0.created < $1.created } }
        for (_, channelId) in subscribed {
            if let socket = streaming.registry.socket(for: channelId), let outbound = streaming.outbound[socket],
                outbound.yield(.event(text: text, sequence: sequence))
            {
                queued.append(channelId)
                streaming.unwritten[channelId, default: 0] += 1
            } else {
                dropped.append(channelId)
            }
        }
        let event = PublishedEvent(
            topic: topic.name, correlationId: correlationId, publishedAt: clock.now(), queuedFor: queued,
            writtenTo: [], droppedFor: dropped)
        streaming.log.append(event)
        return event
    }

    // MARK: - Faults

    /// Applies a fault; returns the channels it touched (empty for faults not about channels).
    @discardableResult
    func injectNow(_ fault: Fault) -> [String] {
        switch fault {
        case .expireTokens:
            revokeAllTokens()
            return []
        case .rateLimitStorm(let requests, let retryAfterSeconds):
            streaming.storm.start(requests: requests, retryAfterSeconds: retryAfterSeconds)
            return []
        case .evict(let selector):
            let victims = liveChannelIds().filter(selector.matches)
            victims.forEach(evictChannel)
            return victims
        case .closeAbruptly(let selector):
            return send([.dropConnection], to: selector)
        case .stopHeartbeats(let selector):
            return send([.fault(.silence(true))], to: selector)
        case .resumeHeartbeats(let selector):
            return send([.fault(.silence(false))], to: selector)
        case .socketClosing(let selector, let closeAfter):
            let grace = closeAfter ?? configuration.socketClosingGrace
            return send(to: selector) { channelId in
                [
                    .message(
                        StreamingMessages.socketClosing(
                            channelId: channelId, organizationId: organization.id, closeAfter: grace)),
                    .closeLater(after: grace, .socketClosing),
                ]
            }
        case .malformedFrames(let selector, let count):
            return send([.fault(.malformed(count: count))], to: selector)
        case .fragmentFrames(let selector, let count):
            return send([.fault(.fragment(count: count))], to: selector)
        case .duplicateEvents(let selector, let count):
            return send([.fault(.duplicate(count: count))], to: selector)
        case .slowSocket(let selector, let delay):
            return send([.fault(.slow(delay))], to: selector)
        }
    }

    private func send(_ commands: [SocketCommand], to selector: ChannelSelector) -> [String] {
        send(to: selector) { _ in commands }
    }

    /// Queues commands on the socket of every connected channel `selector` matches.
    private func send(to selector: ChannelSelector, _ commands: (String) -> [SocketCommand]) -> [String] {
        purgeExpiredChannels()
        var touched: [String] = []
        for channelId in streaming.registry.connectedChannels.sorted() where selector.matches(channelId) {
            guard let socket = streaming.registry.socket(for: channelId), let outbound = streaming.outbound[socket]
            else { continue }
            for command in commands(channelId) { outbound.yield(command) }
            touched.append(channelId)
        }
        return touched
    }
}
