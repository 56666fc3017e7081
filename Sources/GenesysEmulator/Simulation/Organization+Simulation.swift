import Foundation

/// The small state changes the event generator makes, kept consistent across the organisation:
/// an agent off queue is `OFF_QUEUE`, an `INTERACTING` agent holds one interaction, an `IDLE` one
/// holds none, and finished interactions go to the history the aggregate queries read.
extension Organization {
    /// Puts an agent in `presence`; going on queue makes them `IDLE`, leaving it `OFF_QUEUE`
    /// (finishing any interaction they held).
    mutating func setPresence(_ agentId: String, to presence: OrganizationPresence, now: Date) {
        guard let agent = agent(agentId), agent.presenceId != presence.id else { return }
        let onQueue = presence.system == .onQueue
        if !onQueue, agent.routingStatus == "INTERACTING" { finishInteraction(of: agentId, now: now) }
        modifyAgent(agentId) { agent in
            agent.presenceId = presence.id
            agent.presenceModified = now
            let status = onQueue ? (agent.routingStatus == "OFF_QUEUE" ? "IDLE" : agent.routingStatus) : "OFF_QUEUE"
            if status != agent.routingStatus {
                agent.routingStatus = status
                agent.routingStatusStart = now
            }
        }
    }

    /// Moves an on-queue agent between `IDLE` and `INTERACTING`, taking a waiting interaction from
    /// one of their queues (or a new arrival) or finishing the one they hold. Agents off queue
    /// stay `OFF_QUEUE`.
    mutating func toggleRouting(_ agentId: String, now: Date, using random: inout SeededGenerator) {
        guard let agent = agent(agentId), presence(agent.presenceId)?.system == .onQueue else { return }
        if agent.routingStatus == "INTERACTING" {
            finishInteraction(of: agentId, now: now)
            modifyAgent(agentId) {
                $0.routingStatus = "IDLE"
                $0.routingStatusStart = now
            }
            return
        }
        guard let queueId = agent.queueIds.randomElement(using: &random) else { return }
        if let waiting = active.firstIndex(where: { agent.queueIds.contains($0.queueId) && $0.state == .waiting }) {
            active[waiting].state = .interacting
            active[waiting].agentId = agentId
        } else if let arrival = customerArrives(in: queueId, now: now, using: &random),
            let index = active.firstIndex(where: { $0.conversationId == arrival.conversationId })
        {
            active[index].state = .interacting
            active[index].agentId = agentId
        }
        modifyAgent(agentId) {
            $0.routingStatus = "INTERACTING"
            $0.routingStatusStart = now
        }
    }

    /// A customer joins `queueId` on one of its media types and waits.
    @discardableResult
    mutating func customerArrives(
        in queueId: String, mediaType: String? = nil, now: Date, using random: inout SeededGenerator
    ) -> ActiveInteraction? {
        guard let queue = queue(queueId) else { return nil }
        let media = mediaType ?? queue.mediaTypes.randomElement(using: &random) ?? "voice"
        let interaction = ActiveInteraction(
            conversationId: random.uuid(), queueId: queue.id, mediaType: media, state: .waiting, agentId: nil,
            enteredQueue: now.roundedToMilliseconds)
        active.append(interaction)
        return interaction
    }

    /// The longest-waiting customer of `queueId` gives up; the abandon goes to the history.
    mutating func customerAbandons(_ queueId: String, now: Date) {
        let waiting = active.indices.filter { active[$0].queueId == queueId && active[$0].state == .waiting }
        guard let index = waiting.min(by: { active[$0].enteredQueue < active[$1].enteredQueue }) else { return }
        let gone = active.remove(at: index)
        history.append(
            CompletedInteraction(
                queueId: gone.queueId, mediaType: gone.mediaType, offered: gone.enteredQueue,
                waitMs: Self.milliseconds(from: gone.enteredQueue, to: now), answered: false, alertMs: 0, talkMs: 0,
                holdMs: 0, acwMs: 0))
    }

    /// Ends the interaction an agent holds and records it as answered.
    private mutating func finishInteraction(of agentId: String, now: Date) {
        guard let index = active.firstIndex(where: { $0.agentId == agentId && $0.state != .waiting }) else { return }
        let done = active.remove(at: index)
        let elapsed = Self.milliseconds(from: done.enteredQueue, to: now)
        // The generator does not track each phase; split the time plausibly between them.
        let wait = min(elapsed, 15_000)
        history.append(
            CompletedInteraction(
                queueId: done.queueId, mediaType: done.mediaType, offered: done.enteredQueue, waitMs: wait,
                answered: true, alertMs: min(elapsed - wait, 5_000), talkMs: max(0, elapsed - wait - 5_000), holdMs: 0,
                acwMs: 0))
    }

    static func milliseconds(from start: Date, to end: Date) -> Int {
        max(0, Int((end.timeIntervalSince(start) * 1000).rounded()))
    }
}
