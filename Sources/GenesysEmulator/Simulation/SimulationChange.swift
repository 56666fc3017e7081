import Foundation

/// Something the simulation changed, in the order it happened. Publishing turns each change into
/// the events of every topic it concerns; agent and queue changes are read from the organisation
/// right after the step that made them, while conversation changes carry their own snapshot
/// because a finished conversation leaves the organisation in the same step.
public enum SimulationChange: Sendable, Hashable {
    case presence(agentId: String)
    case routingStatus(agentId: String)
    /// The agent went on or off queue, which changes their membership's `joined` in every queue.
    case queueMembership(agentId: String)
    /// Every segment of one conversation as it stands now.
    case conversation(ConversationSnapshot)
    /// The agent's counts of active and after-call-work interactions changed.
    case conversationSummary(agentId: String)
    case agentState(AgentStateChange)
    case detail(DetailEventRecord)
    /// The queue's real-time observations changed (at most once a second per queue).
    case queueObservations(queueId: String)
    /// The queue's current half-hour aggregates changed (same cadence as observations).
    case queueAggregates(queueId: String)
    case userAggregates(UserIntervalTotals)
}

/// One conversation's segments, oldest first, as they stood at a moment.
public struct ConversationSnapshot: Sendable, Hashable {
    public let conversationId: String
    public let segments: [ActiveInteraction]
    public let at: Date
}

/// `v2.detail.events.agent.{id}.state`: an agent's state on a conversation.
public struct AgentStateChange: Sendable, Hashable {
    public enum State: String, Sendable { case alert = "ALERT", interact = "INTERACT", hold = "HOLD" }
    public enum Phase: Sendable, Hashable {
        case state(State)
        case wrapup
        case terminated
    }
    public let agentId: String
    public let segment: ActiveInteraction
    public let phase: Phase
    public let at: Date

    public var stateName: String {
        switch phase {
        case .state(let state): state.rawValue
        case .wrapup: "WRAPUP"
        case .terminated: "TERMINATED"
        }
    }
}

/// `v2.detail.events.conversation.{id}.<type>`: one analytics detail event.
public struct DetailEventRecord: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case customerStart = "customer.start", customerEnd = "customer.end"
        case acdStart = "acd.start", acdEnd = "acd.end"
        case userStart = "user.start", userEnd = "user.end"
        case acw, wrapup
    }
    public let kind: Kind
    public let segment: ActiveInteraction
    public let at: Date
    /// Detail fields the event type adds (`acdOutcome`, `interactingDurationMs`, …).
    public var extra: [String: WireJSON] = [:]
}

/// An agent's time in each routing status and system presence over the current half-hour, in
/// milliseconds, as `v2.analytics.users.{id}.aggregates` reports it.
public struct UserIntervalTotals: Sendable, Hashable {
    public let agentId: String
    public let intervalStart: Date
    public let routingStatusMs: [String: Int]
    public let presenceMs: [String: Int]
}
