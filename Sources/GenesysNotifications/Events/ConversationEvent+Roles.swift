import Foundation
import GenesysCloud

/// The questions a queue pipeline asks of a conversation snapshot.
///
/// The rules follow the platform's own tutorial (`queue-conversation-notification`, reference §5.6):
/// the queue leg is the participant with purpose `acd`, an agent leg has purpose `agent` and a
/// `userId`, and a conversation is waiting while its customer is present and no agent is connected.
extension ConversationEvent {
    /// Every participant, in the order the platform sent them.
    public var allParticipants: [Participant] { participants ?? [] }

    /// Queue legs, oldest first; a transferred conversation has one per queue it went through.
    public var acdParticipants: [Participant] { allParticipants.filter(\.isAcd) }

    /// The queue leg that matters now: the last one still active, else the last one.
    public var acdParticipant: Participant? {
        // Read on every conversation event: walk back once instead of filtering copies.
        var lastLeg: Int?
        for index in allParticipants.indices.reversed() where allParticipants[index].isAcd {
            if allParticipants[index].isActive { return allParticipants[index] }
            if lastLeg == nil { lastLeg = index }
        }
        return lastLeg.map { allParticipants[$0] }
    }

    /// Agent legs (purpose `agent`, or `user` with a user id: a direct transfer to a person).
    public var agentParticipants: [Participant] { allParticipants.filter(\.isAgent) }

    /// Agents whose media is connected now.
    public var connectedAgents: [Participant] { agentParticipants.filter(\.isConnected) }

    /// The customer: the first participant with purpose `customer`, else `external` (outbound
    /// dialling writes `external` for the called party).
    public var customer: Participant? {
        let all = allParticipants
        let index = all.firstIndex { $0.purpose == .customer } ?? all.firstIndex { $0.purpose == .external }
        return index.map { all[$0] }
    }

    /// The customer is still present and no agent is connected: the conversation is waiting for one.
    public var isWaiting: Bool {
        guard let customer, customer.isActive else { return false }
        return connectedAgents.isEmpty
    }

    /// Every participant has ended (or there are none).
    public var isEnded: Bool { allParticipants.allSatisfy { !$0.isActive } }

    /// The customer's current media state (`alerting`, `connected`, `disconnected`…).
    public var customerMediaState: MediaState? { customer?.currentState }
}

extension ConversationEvent.Participant {
    /// Every media session, whatever its media, in a stable order (calls first, videos last).
    public var mediaSessions: [ConversationEvent.MediaSession] {
        // A participant almost always has one media: that array is returned as is, not copied.
        var sessions = calls ?? []
        for group in [
            callbacks, chats, cobrowsesessions, emails, messages, internalMessages, screenMonitorings, screenshares,
            socialExpressions, videos,
        ] {
            if let group, !group.isEmpty { sessions += group }
        }
        return sessions
    }

    /// The session that matters now: the last one not yet over, else the last one.
    public var currentSession: ConversationEvent.MediaSession? {
        let sessions = mediaSessions
        return sessions.last { !($0.state?.isTerminal ?? false) } ?? sessions.last
    }

    /// The state of ``currentSession``.
    public var currentState: MediaState? { currentSession?.state }

    /// A queue leg: purpose `acd`, or (no purpose sent) a queue id without a user.
    public var isAcd: Bool {
        if let purpose { return purpose == .acd }
        return queueId != nil && userId == nil
    }

    /// A person handling the conversation for the contact centre.
    public var isAgent: Bool {
        purpose == .agent || (purpose == .user && userId != nil)
    }

    /// Some media session is connected now.
    public var isConnected: Bool { mediaSessions.contains { $0.state == .connected } }

    /// Not ended: no `endTime`, and the current session (if any) is not over.
    public var isActive: Bool {
        guard endTime == nil else { return false }
        return !(currentState?.isTerminal ?? false)
    }

    /// The participant is on hold on some session.
    public var isHeld: Bool { mediaSessions.contains { $0.held == true && !($0.state?.isTerminal ?? false) } }
}
