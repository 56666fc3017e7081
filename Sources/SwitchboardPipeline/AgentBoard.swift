import Foundation
import GenesysCloud
import GenesysNotifications

/// One interaction on an agent's plate.
public struct AgentInteraction: Sendable, Hashable {
    public let conversationId: String
    public var queueId: String?
    /// `voice`, `chat`, `email`, `message`, `callback`, … as analytics spells media types.
    public var mediaType: String?
    /// Never `ended`: an ended leg leaves the plate.
    public var state: AgentLegState
    /// When the agent's leg connected (or began alerting, while it alerts).
    public var since: Date?
}

/// One agent as the board knows them.
public struct AgentStatus: Sendable, Hashable {
    public let userId: String
    public var presenceDefinitionId: String?
    /// The system presence in the events' spelling (`ON_QUEUE`, `BREAK`…).
    public var systemPresence: String?
    /// The organisation's name for the presence (`Lunch` for a custom presence mapped onto
    /// `MEAL`), when the board was given the presence definitions.
    public var presenceName: String?
    public var presenceSince: Date?
    public var routingStatus: RoutingStatusValue?
    public var routingStatusSince: Date?
    /// Interactions by conversation id.
    public var interactions: [String: AgentInteraction] = [:]
    /// When the board last changed this agent (receipt time of the event that changed it).
    public var lastUpdate: Date?

    public init(userId: String) { self.userId = userId }

    /// Time in the current routing status at `now`.
    public func timeInRoutingStatus(at now: Date) -> TimeInterval? {
        routingStatusSince.map { max(0, now.timeIntervalSince($0)) }
    }

    /// Time in the current presence at `now`.
    public func timeInPresence(at now: Date) -> TimeInterval? {
        presenceSince.map { max(0, now.timeIntervalSince($0)) }
    }
}

/// The agent board: every agent's presence (system and organisation name), routing status,
/// current interactions and time in state, folded from presence, routing-status, activity and
/// conversation events, live or backfilled, in stream order.
///
/// A pure value: ``apply(_:)`` folds one event and says what changed for whom, which is what
/// presence deltas are built on.
public struct AgentBoard: Sendable {
    public private(set) var agents: [String: AgentStatus] = [:]
    /// Agents holding each conversation, so a snapshot that no longer lists an agent takes the
    /// conversation off their plate without scanning every agent.
    private var holders: [String: Set<String>] = [:]
    /// Organisation presence names by definition id.
    public var presenceNames: [String: String]

    /// `presenceNames` maps presence definition ids to the organisation's labels (from
    /// `GET /api/v2/presence/definitions`); without it, boards show system presences only.
    public init(presenceNames: [String: String] = [:]) {
        self.presenceNames = presenceNames
    }

    public subscript(userId: String) -> AgentStatus? { agents[userId.lowercasedIfNeeded()] }

    /// What one event changed for one agent.
    public struct Change: Sendable, Hashable {
        public let userId: String
        public let before: AgentStatus?
        public let after: AgentStatus
        /// The presence (definition or system presence) changed.
        public var presenceChanged: Bool {
            before?.presenceDefinitionId != after.presenceDefinitionId
                || before?.systemPresence != after.systemPresence
        }
        /// The routing status changed (a new start time for the same status counts too: the
        /// agent left the status and came back).
        public var routingStatusChanged: Bool {
            before?.routingStatus != after.routingStatus || before?.routingStatusSince != after.routingStatusSince
        }
        public var interactionsChanged: Bool { before?.interactions != after.interactions }
    }

    /// Folds one event; returns the agents whose state really changed (an event repeating the
    /// known state changes nothing).
    @discardableResult
    public mutating func apply(_ event: PipelineEvent) -> [Change] {
        let at = event.envelope.receivedAt
        let names = presenceNames
        switch event.typed {
        case .presence(let userId, let presence):
            return update(userId, at: at) { agent in
                Self.setPresence(&agent, presence.presenceDefinition, since: presence.modifiedDate, names: names)
            }
        case .routingStatus(let userId, let routing):
            return update(userId, at: at) { agent in
                Self.setRouting(&agent, routing.routingStatus)
            }
        case .activity(let userId, let activity):
            return update(userId, at: at) { agent in
                Self.setPresence(
                    &agent, activity.presence?.presenceDefinition, since: activity.presence?.modifiedDate, names: names)
                Self.setRouting(&agent, activity.routingStatus)
            }
        case .userConversation(_, let conversation), .queueConversation(_, let conversation):
            return conversationChanged(conversation, at: at)
        default:
            return []
        }
    }

    /// Forgets every agent (for a board rebuilt from scratch).
    public mutating func removeAll() {
        agents.removeAll()
        holders.removeAll()
    }

    // MARK: - Folding

    private mutating func update(_ userId: String, at: Date, _ change: (inout AgentStatus) -> Void) -> [Change] {
        let key = userId.lowercasedIfNeeded()
        // One lookup: an agent already on the board is updated in place through its index.
        let index = agents.index(forKey: key)
        let before = index.map { agents.values[$0] }
        var after = before ?? AgentStatus(userId: key)
        change(&after)
        // The closure never touches `lastUpdate`, so equality means nothing really changed.
        guard after != before else { return [] }
        after.lastUpdate = at
        if let index { agents.values[index] = after } else { agents[key] = after }
        return [Change(userId: key, before: before, after: after)]
    }

    private static func setPresence(
        _ agent: inout AgentStatus, _ definition: PresenceDefinitionReference?, since: Date?, names: [String: String]
    ) {
        guard let definition else { return }
        let system = definition.systemPresence?.normalised
        if definition.id != agent.presenceDefinitionId || system != agent.systemPresence {
            agent.presenceSince = since ?? agent.presenceSince
        } else if let since {
            agent.presenceSince = since
        }
        agent.presenceDefinitionId = definition.id ?? agent.presenceDefinitionId
        agent.systemPresence = system ?? agent.systemPresence
        agent.presenceName = definition.id.flatMap { names[$0] } ?? agent.presenceName
    }

    private static func setRouting(_ agent: inout AgentStatus, _ routing: RoutingStatusInfo?) {
        guard let routing, let status = routing.status else { return }
        agent.routingStatus = status
        agent.routingStatusSince = routing.startTime ?? agent.routingStatusSince
    }

    /// Each agent leg of the conversation puts it on that agent's plate, moves it, or takes it
    /// off once the leg and its wrap-up are over.
    private mutating func conversationChanged(_ conversation: ConversationEvent, at: Date) -> [Change] {
        guard let conversationId = conversation.id else { return [] }
        // The latest leg of each agent decides (a transfer back gives an agent a second leg).
        // By index: participants are large values, not worth copying into a dictionary.
        let participants = conversation.allParticipants
        var legs: [String: Int] = [:]
        for index in participants.indices where participants[index].isAgent {
            if let userId = participants[index].userId?.lowercasedIfNeeded() { legs[userId] = index }
        }
        var changes: [Change] = []
        var holding = Set<String>()
        for (userId, index) in legs.sorted(by: { $0.key < $1.key }) {
            let leg = participants[index]
            let state = Self.state(of: leg)
            if state != nil { holding.insert(userId) }
            changes += update(userId, at: at) { agent in
                if let state {
                    agent.interactions[conversationId] = AgentInteraction(
                        conversationId: conversationId, queueId: leg.queueId,
                        mediaType: leg.mediaType, state: state,
                        since: leg.connectedTime ?? leg.currentSession?.connectedTime
                            ?? agent.interactions[conversationId]?.since ?? at)
                } else {
                    agent.interactions[conversationId] = nil
                }
            }
        }
        // Every snapshot is complete: an agent it no longer lists is no longer on it.
        for userId in (holders[conversationId] ?? []).subtracting(legs.keys).sorted() {
            changes += update(userId, at: at) { $0.interactions[conversationId] = nil }
        }
        holders[conversationId] = holding.isEmpty ? nil : holding
        return changes
    }

    /// An agent leg's state, or nil when the leg (wrap-up included) is over: the same reading
    /// the routing records make.
    static func state(of leg: ConversationEvent.Participant) -> AgentLegState? {
        let state = InteractionDerivation.legState(of: leg)
        return state == .ended ? nil : state
    }
}

extension ConversationEvent.Participant {
    /// The media type of the participant's sessions, spelled as analytics spells media types
    /// (`voice`, `chat`…), so one filter works on conversations and observations alike.
    public var mediaType: String? {
        func has(_ sessions: [ConversationEvent.MediaSession]?) -> Bool { !(sessions?.isEmpty ?? true) }
        if has(calls) { return "voice" }
        if has(callbacks) { return "callback" }
        if has(chats) { return "chat" }
        if has(emails) { return "email" }
        if has(messages) { return "message" }
        if has(videos) { return "video" }
        if has(cobrowsesessions) { return "cobrowse" }
        if has(screenshares) { return "screenshare" }
        if has(socialExpressions) { return "socialexpression" }
        if has(internalMessages) { return "internalmessage" }
        if has(screenMonitorings) { return "screenmonitoring" }
        return nil
    }
}
