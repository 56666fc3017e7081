import Foundation
import GenesysNotifications

/// Reads a conversation snapshot the way a routing record needs it: which agent leg matters, the
/// interaction's state, how long it has waited.
///
/// The platform sends the whole conversation on every change and no "state" field, so state is
/// derived from the participants (reference §5.5, §5.6): the queue leg has purpose `acd`, agents
/// purpose `agent`, and the customer `customer` (or `external` when dialled out).
enum InteractionDerivation {
    typealias Participant = ConversationEvent.Participant
    typealias MediaSession = ConversationEvent.MediaSession

    /// An agent leg and where it stands.
    struct AgentLeg {
        let participant: Participant
        let state: AgentLegState
    }

    /// The media a topic's suffix names (`….conversations.calls` → `voice`), for a snapshot whose
    /// participants carry no session.
    static func mediaType(ofTopic topicName: String) -> String? {
        guard let dot = topicName.lastIndex(of: ".") else { return nil }
        switch topicName[topicName.index(after: dot)...].lowercased() {
        case "calls": return "voice"
        case "callbacks": return "callback"
        case "chats": return "chat"
        case "emails": return "email"
        case "messages": return "message"
        case "videos": return "video"
        case "cobrowsesessions": return "cobrowse"
        case "screenshares": return "screenshare"
        case "socialexpressions": return "socialexpression"
        default: return nil
        }
    }

    static func legState(of agent: Participant) -> AgentLegState {
        let sessions = agent.mediaSessions
        if sessions.contains(where: { $0.state == .connected }) {
            return sessions.contains { $0.state == .connected && $0.held == true } ? .held : .connected
        }
        if sessions.contains(where: { $0.state == .parked }) { return .held }
        if agent.endTime == nil, sessions.contains(where: { isOffered($0.state) }) { return .alerting }
        return isInWrapup(agent, sessions: sessions) ? .wrapup : .ended
    }

    /// The media is being offered to (or dialled by) the agent.
    private static func isOffered(_ state: MediaState?) -> Bool {
        state == .alerting || state == .offering || state == .contacting || state == .dialing
    }

    /// After-call work is pending on a leg whose media is over. The session's `afterCallWork.state`
    /// decides when sent; otherwise the participant's ACW times; otherwise a required wrap-up not
    /// yet given by an agent who was connected (an offer that timed out owes no wrap-up).
    private static func isInWrapup(_ agent: Participant, sessions: [MediaSession]) -> Bool {
        if let state = sessions.compactMap({ $0.afterCallWork?.state }).last, state != .unknown {
            return state == .pending
        }
        if agent.startAcwTime != nil { return agent.endAcwTime == nil }
        let wasConnected = agent.connectedTime != nil || sessions.contains { $0.connectedTime != nil }
        let wrapupGiven = agent.wrapup != nil || sessions.contains { $0.wrapup != nil }
        return agent.wrapupRequired == true && wasConnected && !wrapupGiven && agent.endTime == nil
    }

    /// The agent leg that matters now: the last connected (or held) one, else the last offered,
    /// else the last in wrap-up, else the last.
    static func currentAgent(of conversation: ConversationEvent) -> AgentLeg? {
        // By index: participants are large values, and only the chosen one is copied out.
        let participants = conversation.allParticipants
        var best: (index: Int, state: AgentLegState, rank: Int)?
        for index in participants.indices where participants[index].isAgent {
            let state = legState(of: participants[index])
            let rank: Int =
                switch state {
                case .connected, .held: 3
                case .alerting: 2
                case .wrapup: 1
                default: 0
                }
            if rank >= best?.rank ?? 0 { best = (index, state, rank) }
        }
        return best.map { AgentLeg(participant: participants[$0.index], state: $0.state) }
    }

    /// The interaction's state, customer side first: a connected agent wins; then, while the
    /// customer is present, an offer, then the queue; once the customer is gone, wrap-up, then the end.
    static func state(
        of conversation: ConversationEvent, agent: AgentLeg?, customer: Participant?, queueLeg: Participant?
    ) -> InteractionState {
        switch agent?.state {
        case .connected:
            let customerHeld = customer?.mediaSessions.contains { $0.state == .connected && $0.held == true } ?? false
            return customerHeld ? .held : .connected
        case .held:
            return .held
        default:
            break
        }
        let customerPresent = customer?.isActive ?? (queueLeg?.isActive ?? false)
        if customerPresent {
            if agent?.state == .alerting { return .alerting }
            if queueLeg?.isActive == true { return .waiting }
            // Present, in no queue and with no agent: between an agent's hang-up and the
            // customer's, or not yet queued. Wrap-up under way says the agent part is done.
            return agent?.state == .wrapup ? .wrapup : .waiting
        }
        return agent?.state == .wrapup ? .wrapup : .ended
    }

    /// Milliseconds the current queue leg has waited: from its `connectedTime` to its end (the
    /// answer, abandon or transfer), else to the first agent connected since, else to `eventTime`.
    /// A transferred interaction counts its current queue leg only.
    static func waitMilliseconds(of conversation: ConversationEvent, queueLeg: Participant?, eventTime: Date) -> Int? {
        guard let queueLeg else { return nil }
        let sessions = queueLeg.mediaSessions
        guard let start = queueLeg.connectedTime ?? sessions.lazy.compactMap({ $0.connectedTime }).min() else {
            return nil
        }
        var answered: Date?
        func consider(_ time: Date?) {
            if let time, time >= start, time < (answered ?? .distantFuture) { answered = time }
        }
        let participants = conversation.allParticipants
        for index in participants.indices where participants[index].isAgent {
            let state = legState(of: participants[index])
            guard state == .connected || state == .held || state == .wrapup else { continue }
            consider(participants[index].connectedTime)
            for session in participants[index].mediaSessions { consider(session.connectedTime) }
        }
        let left = queueLeg.endTime ?? sessions.lazy.compactMap({ $0.disconnectedTime }).max()
        let end = left ?? answered ?? eventTime
        return max(0, Int((end.timeIntervalSince(start) * 1000).rounded()))
    }

    /// The customer's address: the participant's `address`, else its session's own address.
    static func customerAddress(of customer: Participant?) -> String? {
        guard let customer else { return nil }
        if let address = customer.address, !address.isEmpty { return address }
        return customer.mediaSessions.lazy.compactMap {
            $0.selfAddress?.addressNormalized ?? $0.selfAddress?.addressRaw
        }
        .first
    }

    /// `inbound` or `outbound`: the customer's session, else the queue leg's, else any.
    static func direction(of conversation: ConversationEvent, customer: Participant?, queueLeg: Participant?) -> String?
    {
        func direction(of participant: Participant?) -> String? {
            participant?.mediaSessions.first(where: { $0.direction != nil })?.direction?.rawValue
        }
        if let direction = direction(of: customer) ?? direction(of: queueLeg) {
            return direction
        }
        return conversation.allParticipants.lazy.compactMap { direction(of: $0) }.first
    }
}
