import Foundation
import SwitchboardPipeline

/// Everything the wallboard page shows at one instant: queue tiles, agent rows and the health of
/// the connection to Genesys Cloud.
///
/// Build one with ``init(agents:queues:queueNames:userNames:health:now:sequence:)`` from the
/// pipeline's boards; it is a pure function of its arguments, so the owner decides when to build
/// one (on every change, or on a timer) and what ``sequence`` it carries.
///
/// ## JSON
/// The page reads this as JSON from `/api/wallboard` and from each server-sent event. Keys are
/// camelCase, spelled as the properties, and always written, `null` when unknown; dates are
/// ISO-8601 UTC with milliseconds (`2024-05-01T10:00:00.000Z`) whatever the encoder's date
/// strategy. New keys may be added; existing keys keep their name and meaning.
public struct WallboardSnapshot: Sendable, Hashable, Codable {
    /// When the snapshot was made (the `now` it was built at).
    public var generatedAt: Date
    /// Tells snapshots apart: the event stream sends a snapshot only when this differs from the
    /// last one it sent, so the owner changes it whenever the content changes.
    public var sequence: Int
    public var health: WallboardHealth
    /// Sorted by name, then id.
    public var queues: [WallboardQueue]
    /// Sorted by name, then id.
    public var agents: [WallboardAgent]

    public init(
        generatedAt: Date, sequence: Int, health: WallboardHealth, queues: [WallboardQueue],
        agents: [WallboardAgent]
    ) {
        self.generatedAt = generatedAt
        self.sequence = sequence
        self.health = health
        self.queues = queues
        self.agents = agents
    }

    /// The wallboard of the pipeline's views at `now`.
    ///
    /// - Parameters:
    ///   - agents: The agent board; every agent on it gets a row.
    ///   - queues: The queue board; every queue on it gets a tile.
    ///   - queueNames: Queue names by id; a queue without one shows its id. Names label tiles,
    ///     they add none.
    ///   - userNames: Agent names by user id; an agent without one shows their id.
    ///   - health: The connection's health, shown as it is.
    ///   - now: The instant waits and times in state are measured at.
    ///   - sequence: Carried as it is (see ``sequence``).
    public init(
        agents: AgentBoard, queues: QueueBoard, queueNames: [String: String], userNames: [String: String],
        health: WallboardHealth, now: Date, sequence: Int
    ) {
        let queueDirectory = NameDirectory(queueNames)
        let userDirectory = NameDirectory(userNames)
        self.init(
            generatedAt: now, sequence: sequence, health: health,
            queues: queues.queueIds
                .map { WallboardQueue(queueId: $0, board: queues, name: queueDirectory.name(of: $0), now: now) }
                .sorted { Self.byName(($0.name, $0.id), ($1.name, $1.id)) },
            agents: agents.agents.values
                .map { WallboardAgent($0, name: userDirectory.name(of: $0.userId), now: now) }
                .sorted { Self.byName(($0.name, $0.id), ($1.name, $1.id)) })
    }

    /// Names as people sort them (case aside), then exactly, then by id, so the order is total
    /// and the board never reshuffles between two snapshots of the same state.
    static func byName(_ a: (name: String, id: String), _ b: (name: String, id: String)) -> Bool {
        let (foldedA, foldedB) = (a.name.lowercased(), b.name.lowercased())
        if foldedA != foldedB { return foldedA < foldedB }
        if a.name != b.name { return a.name < b.name }
        return a.id < b.id
    }

    enum CodingKeys: String, CodingKey {
        case generatedAt, sequence, health, queues, agents
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        generatedAt = try container.decodeDate(forKey: .generatedAt)
        sequence = try container.decode(Int.self, forKey: .sequence)
        health = try container.decode(WallboardHealth.self, forKey: .health)
        queues = try container.decode([WallboardQueue].self, forKey: .queues)
        agents = try container.decode([WallboardAgent].self, forKey: .agents)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeDate(generatedAt, forKey: .generatedAt)
        try container.encode(sequence, forKey: .sequence)
        try container.encode(health, forKey: .health)
        try container.encode(queues, forKey: .queues)
        try container.encode(agents, forKey: .agents)
    }

    /// The snapshot as the routes send it: compact JSON on one line, keys sorted.
    public func jsonText() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
