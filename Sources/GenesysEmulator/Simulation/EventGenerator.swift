import Foundation

/// One event the generator wants published.
struct GeneratedEvent: Sendable, Equatable {
    let topic: String
    let body: WireJSON
}

/// Publishes plausible events round-robin over the subscribed topics and changes the
/// organisation to match, so REST reads agree with the events (an agent whose presence event
/// says BREAK is on Break in `/api/v2/users`).
///
/// Deliberately small: a later contact-centre simulation replaces it. Topics it cannot feed
/// (unknown user or queue ids) are skipped.
struct EventGenerator: Sendable {
    private var random: SeededGenerator
    private var cursor = 0

    init(seed: UInt64) { random = SeededGenerator(seed: seed ^ 0x6576_656E_7473) }

    /// The events for the next topic in turn: usually one, one per group for observations,
    /// none when the topic names nothing the organisation has.
    mutating func next(topics: [String], organization: inout Organization, now: Date) -> [GeneratedEvent] {
        guard !topics.isEmpty else { return [] }
        for _ in topics.indices {
            let topic = topics[cursor % topics.count]
            cursor = (cursor + 1) % topics.count
            guard let kind = GeneratedTopic(topic) else { continue }
            let bodies = events(for: kind, organization: &organization, now: now)
            if !bodies.isEmpty { return bodies.map { GeneratedEvent(topic: topic, body: $0.compacted) } }
        }
        return []
    }

    private mutating func events(for kind: GeneratedTopic, organization: inout Organization, now: Date) -> [WireJSON] {
        switch kind {
        case .userPresence(let id):
            guard organization.agent(id) != nil else { return [] }
            changePresence(id, &organization, now)
            return organization.agent(id).map { [EventBodies.presence($0, in: organization)] } ?? []
        case .userRoutingStatus(let id):
            organization.toggleRouting(id, now: now, using: &random)
            return organization.agent(id).map { [EventBodies.routingStatus($0)] } ?? []
        case .userActivity(let id):
            guard organization.agent(id) != nil else { return [] }
            if Bool.random(using: &random) {
                changePresence(id, &organization, now)
            } else {
                organization.toggleRouting(id, now: now, using: &random)
            }
            return organization.agent(id).map { [EventBodies.activity($0, in: organization, now: now)] } ?? []
        case .userConversationSummary(let id):
            return organization.agent(id).map { [EventBodies.conversationSummary($0, in: organization)] } ?? []
        case .userConversations(let id, let mediaType):
            let held = organization.active.first { $0.agentId == id && (mediaType == nil || $0.mediaType == mediaType) }
            guard let held else { return [] }
            return [EventBodies.conversation(held, in: organization)]
        case .userStation(let id):
            return organization.agent(id).map { [EventBodies.station($0)] } ?? []
        case .userOutOfOffice(let id):
            return organization.agent(id).map { [EventBodies.outOfOffice($0, now: now)] } ?? []
        case .queueConversations(let id, let mediaType):
            guard let queue = organization.queue(id) else { return [] }
            if let media = mediaType, !queue.mediaTypes.contains(media) { return [] }
            // A customer arrives; the snapshot shows them waiting in the queue.
            guard
                let arrival = organization.customerArrives(in: queue.id, mediaType: mediaType, now: now, using: &random)
            else { return [] }
            return [EventBodies.conversation(arrival, in: organization)]
        case .queueUsers(let id):
            guard let queue = organization.queue(id), let memberId = queue.memberIds.randomElement(using: &random),
                let member = organization.agent(memberId)
            else { return [] }
            return [EventBodies.queueMember(member, queueId: queue.id)]
        case .queueObservations(let id):
            guard let queue = organization.queue(id) else { return [] }
            // Something changed in the queue: a customer arrives or the longest-waiting one leaves.
            if Bool.random(using: &random) {
                organization.customerArrives(in: queue.id, now: now, using: &random)
            } else {
                organization.customerAbandons(queue.id, now: now)
            }
            return EventBodies.observations(queue, in: organization, now: now)
        case .queueActivity(let id):
            return organization.queue(id).map { [EventBodies.queueActivity($0, in: organization)] } ?? []
        case .userAggregates(let id):
            return organization.agent(id).map { [EventBodies.userAggregates($0, now: now)] } ?? []
        case .agentState(let id):
            guard let agent = organization.agent(id),
                let held = organization.active.first(where: { $0.agentId == agent.id })
            else { return [] }
            return [EventBodies.agentState(agent, interaction: held)]
        case .conversationDetail(let conversationId, let event):
            let interaction = organization.active.first { $0.conversationId == conversationId }
            return [
                EventBodies.conversationDetail(
                    conversationId: conversationId, event: event, interaction: interaction, now: now)
            ]
        }
    }

    /// A new presence for the agent, weighted toward On Queue as in a working contact centre.
    private mutating func changePresence(_ agentId: String, _ organization: inout Organization, _ now: Date) {
        guard let agent = organization.agent(agentId) else { return }
        let weighted: [(SystemPresenceKind, Double)] = [
            (.onQueue, 0.45), (.available, 0.15), (.breakTime, 0.12), (.meal, 0.08), (.busy, 0.08), (.away, 0.06),
            (.meeting, 0.06),
        ]
        let choices = weighted.filter { $0.0.id != agent.presenceId }
        let total = choices.reduce(0) { $0 + $1.1 }
        var roll = Double.random(in: 0..<total, using: &random)
        var pick = choices[0].0
        for (kind, weight) in choices {
            if roll < weight {
                pick = kind
                break
            }
            roll -= weight
        }
        guard let presence = organization.presences.first(where: { $0.isSystem && $0.system == pick }) else { return }
        organization.setPresence(agentId, to: presence, now: now)
    }
}
