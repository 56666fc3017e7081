import Foundation

/// Runs the contact-centre simulation and publishes what it changes on every topic that
/// describes it. Bodies are built only for topics some channel subscribes to.
extension EmulatorCore {
    /// Simulated time now.
    public func simulationTime() -> Date { simulation.now }

    /// Runs the simulation up to `time`, publishing each change's events right after the step that
    /// made it; returns how many events were published.
    @discardableResult
    public func advanceSimulation(to time: Date) -> Int {
        let keys = subscribedTopicKeys()
        var published = 0
        while let changes = simulation.step(until: time) {
            for change in changes { published += publish(change, subscribed: keys) }
        }
        return published
    }

    /// Runs the simulation `duration` of simulated time further; see ``advanceSimulation(to:)``.
    @discardableResult
    public func advanceSimulation(by duration: Duration) -> Int {
        advanceSimulation(to: simulation.now.addingTimeInterval(duration.inSeconds))
    }

    /// Runs the simulation until it has published at least `events` events or `limit` of simulated
    /// time has passed, whichever comes first; returns the events published.
    func advanceSimulation(publishing events: Int, limit: Duration) -> Int {
        let keys = subscribedTopicKeys()
        let end = simulation.now.addingTimeInterval(limit.inSeconds)
        var published = 0
        while published < events, let changes = simulation.step(until: end) {
            for change in changes { published += publish(change, subscribed: keys) }
        }
        return published
    }

    /// The most events any channel's socket has queued and not yet written.
    var largestSocketBacklog: Int { streaming.unwritten.values.max() ?? 0 }

    /// Whether some channel with subscriptions has a socket to take events.
    var hasConnectedSubscriber: Bool {
        streaming.registry.connectedChannels.contains { channels[$0]?.topicKeys.isEmpty == false }
    }

    /// Case-folded topics some live channel subscribes to (with or without a socket: events for a
    /// channel without one are dropped and counted, as the platform drops them).
    private func subscribedTopicKeys() -> Set<String> {
        purgeExpiredChannels()
        var keys = Set<String>()
        for record in channels.values { keys.formUnion(record.topicKeys) }
        return keys
    }

    /// Publishes one change on each subscribed topic it concerns; returns the events published.
    private func publish(_ change: SimulationChange, subscribed keys: Set<String>) -> Int {
        guard !keys.isEmpty else { return 0 }
        var published = 0
        func send(_ topic: String, _ body: @autoclosure () -> WireJSON) {
            guard keys.contains(topic.lowercased()) else { return }
            publishCanonical(topic: topic, eventBody: body().compacted)
            published += 1
        }
        func sendEach(_ topic: String, _ bodies: @autoclosure () -> [WireJSON]) {
            guard keys.contains(topic.lowercased()) else { return }
            for body in bodies() {
                publishCanonical(topic: topic, eventBody: body.compacted)
                published += 1
            }
        }
        let organization = simulation.organization
        let now = simulation.now
        switch change {
        case .presence(let agentId):
            guard let agent = organization.agent(agentId) else { break }
            send("v2.users.\(agent.id).presence", EventBodies.presence(agent, in: organization))
            send("v2.users.\(agent.id).activity", EventBodies.activity(agent, in: organization))
        case .routingStatus(let agentId):
            guard let agent = organization.agent(agentId) else { break }
            send("v2.users.\(agent.id).routingStatus", EventBodies.routingStatus(agent))
            send("v2.users.\(agent.id).activity", EventBodies.activity(agent, in: organization))
        case .queueMembership(let agentId):
            guard let agent = organization.agent(agentId) else { break }
            for queueId in agent.queueIds {
                send(
                    "v2.routing.queues.\(queueId).users",
                    EventBodies.queueMember(agent, queueId: queueId, in: organization))
            }
        case .conversation(let snapshot):
            guard let media = snapshot.segments.first?.mediaType else { break }
            let suffix = EventBodies.mediaArrayKey(media)
            var body: WireJSON?
            func conversationBody() -> WireJSON {
                if let body { return body }
                let built = EventBodies.conversation(snapshot, in: organization)
                body = built
                return built
            }
            var queues: [String] = []
            var agents: [String] = []
            for segment in snapshot.segments {
                if !queues.contains(segment.queueId) { queues.append(segment.queueId) }
                if let agentId = segment.agentId, !agents.contains(agentId) { agents.append(agentId) }
            }
            for queueId in queues {
                send("v2.routing.queues.\(queueId).conversations", conversationBody())
                send("v2.routing.queues.\(queueId).conversations.\(suffix)", conversationBody())
            }
            for agentId in agents {
                send("v2.users.\(agentId).conversations", conversationBody())
                send("v2.users.\(agentId).conversations.\(suffix)", conversationBody())
            }
        case .conversationSummary(let agentId):
            guard let agent = organization.agent(agentId) else { break }
            send("v2.users.\(agent.id).conversationsummary", EventBodies.conversationSummary(agent, in: organization))
        case .agentState(let state):
            send("v2.detail.events.agent.\(state.agentId).state", EventBodies.agentState(state))
        case .detail(let record):
            send(
                "v2.detail.events.conversation.\(record.segment.conversationId).\(record.kind.rawValue)",
                EventBodies.conversationDetail(record))
        case .queueObservations(let queueId):
            guard let queue = organization.queue(queueId) else { break }
            sendEach(
                "v2.analytics.queues.\(queue.id).observations",
                EventBodies.observations(queue, in: organization, now: now))
            send("v2.analytics.queues.\(queue.id).activity", EventBodies.queueActivity(queue, in: organization))
        case .queueAggregates(let queueId):
            guard let queue = organization.queue(queueId) else { break }
            sendEach(
                "v2.analytics.queues.\(queue.id).observations",
                EventBodies.queueAggregates(queue, in: organization, now: now))
        case .userAggregates(let totals):
            send("v2.analytics.users.\(totals.agentId).aggregates", EventBodies.userAggregates(totals))
        }
        return published
    }
}
