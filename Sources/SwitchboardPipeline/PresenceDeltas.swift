import Foundation
import GenesysCloud

/// An agent's presence or routing status really changed: the callback use case 002 asks for.
/// Repeats of the known state (an activity event echoing a presence event, a backfill record
/// confirming what live events said) produce none.
public struct PresenceDelta: Sendable, Hashable {
    public let userId: String
    /// The agent before the change; nil the first time the agent is seen.
    public let before: AgentStatus?
    public let after: AgentStatus
    public let presenceChanged: Bool
    public let routingStatusChanged: Bool
    /// Whether the event that caused it was a backfill record (state re-seeded after a gap).
    public let fromBackfill: Bool

    /// How long the agent spent in the previous routing status, when both ends are known.
    public var previousRoutingStatusDuration: TimeInterval? {
        guard routingStatusChanged, let start = before?.routingStatusSince, let end = after.routingStatusSince
        else { return nil }
        return max(0, end.timeIntervalSince(start))
    }
}

/// Folds events into an ``AgentBoard`` and reports only real presence and routing-status changes.
public struct PresenceDeltas: Sendable {
    public private(set) var board: AgentBoard

    public init(board: AgentBoard = AgentBoard()) { self.board = board }

    public mutating func apply(_ event: PipelineEvent) -> [PresenceDelta] {
        board.apply(event).compactMap { change in
            guard change.presenceChanged || change.routingStatusChanged else { return nil }
            return PresenceDelta(
                userId: change.userId, before: change.before, after: change.after,
                presenceChanged: change.presenceChanged, routingStatusChanged: change.routingStatusChanged,
                fromBackfill: event.isBackfill)
        }
    }
}
