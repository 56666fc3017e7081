import Foundation
import SwitchboardPipeline

/// One agent's row: presence, routing status, since when, and how many interactions they hold.
///
/// ## JSON
/// Keys are camelCase, spelled as the properties, and always written, `null` when unknown; dates
/// are ISO-8601 UTC with milliseconds. New keys may be added; existing keys keep their name and
/// meaning.
public struct WallboardAgent: Sendable, Hashable, Codable {
    /// The agent's user id, lower case as the boards keep it.
    public var id: String
    /// The agent's name, or their id when no name is known.
    public var name: String
    /// The presence as people read it: the organisation's name for it (`Lunch`), else the system
    /// presence in words (`On Queue`); `nil` before any presence is known.
    public var presence: String?
    /// The system presence as events spell it (`ON_QUEUE`, `BREAK`…).
    public var systemPresence: String?
    /// The routing status as the platform spells it (`IDLE`, `INTERACTING`, `NOT_RESPONDING`…).
    public var routingStatus: String?
    public var presenceSince: Date?
    public var routingStatusSince: Date?
    /// Whole seconds in the current routing status when the snapshot was made; the page counts on
    /// from ``routingStatusSince`` between snapshots.
    public var secondsInRoutingStatus: Int?
    /// Interactions on the agent's plate: alerting, connected, held or in wrap-up.
    public var interactions: Int

    public init(
        id: String, name: String, presence: String? = nil, systemPresence: String? = nil,
        routingStatus: String? = nil, presenceSince: Date? = nil, routingStatusSince: Date? = nil,
        secondsInRoutingStatus: Int? = nil, interactions: Int = 0
    ) {
        self.id = id
        self.name = name
        self.presence = presence
        self.systemPresence = systemPresence
        self.routingStatus = routingStatus
        self.presenceSince = presenceSince
        self.routingStatusSince = routingStatusSince
        self.secondsInRoutingStatus = secondsInRoutingStatus
        self.interactions = interactions
    }

    /// The row of `status` at `now`.
    init(_ status: AgentStatus, name: String, now: Date) {
        self.init(
            id: status.userId, name: name,
            presence: status.presenceName ?? status.systemPresence.map(Self.humanised),
            systemPresence: status.systemPresence,
            routingStatus: status.routingStatus?.rawValue,
            presenceSince: status.presenceSince,
            routingStatusSince: status.routingStatusSince,
            secondsInRoutingStatus: status.timeInRoutingStatus(at: now).map { Int($0.rounded(.down)) },
            interactions: status.interactions.count)
    }

    /// `ON_QUEUE` → `On Queue`, `AVAILABLE` → `Available`: the system presence in words.
    static func humanised(_ systemPresence: String) -> String {
        systemPresence.split(whereSeparator: { $0 == "_" || $0 == " " })
            .map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }
            .joined(separator: " ")
    }

    enum CodingKeys: String, CodingKey {
        case id, name, presence, systemPresence, routingStatus, presenceSince, routingStatusSince
        case secondsInRoutingStatus, interactions
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        presence = try container.decodeIfPresent(String.self, forKey: .presence)
        systemPresence = try container.decodeIfPresent(String.self, forKey: .systemPresence)
        routingStatus = try container.decodeIfPresent(String.self, forKey: .routingStatus)
        presenceSince = try container.decodeDateIfPresent(forKey: .presenceSince)
        routingStatusSince = try container.decodeDateIfPresent(forKey: .routingStatusSince)
        secondsInRoutingStatus = try container.decodeIfPresent(Int.self, forKey: .secondsInRoutingStatus)
        interactions = try container.decode(Int.self, forKey: .interactions)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(presence, forKey: .presence)
        try container.encode(systemPresence, forKey: .systemPresence)
        try container.encode(routingStatus, forKey: .routingStatus)
        try container.encodeDate(presenceSince, forKey: .presenceSince)
        try container.encodeDate(routingStatusSince, forKey: .routingStatusSince)
        try container.encode(secondsInRoutingStatus, forKey: .secondsInRoutingStatus)
        try container.encode(interactions, forKey: .interactions)
    }
}
