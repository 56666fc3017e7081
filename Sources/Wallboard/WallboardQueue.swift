import Foundation
import SwitchboardPipeline

/// One queue's tile: what waits now, for how long, the half-hour's service level and counts, and
/// the agents on queue, every media type together.
///
/// ## JSON
/// Keys are camelCase, spelled as the properties, and always written, `null` when unknown. New
/// keys may be added; existing keys keep their name and meaning.
public struct WallboardQueue: Sendable, Hashable, Codable {
    /// The queue's id, lower case as the boards keep it.
    public var id: String
    /// The queue's name, or its id when no name is known.
    public var name: String
    /// Interactions waiting now, over every media type.
    public var waiting: Int
    /// Interactions connected to an agent now, over every media type.
    public var interacting: Int
    /// How long the longest-waiting interaction has waited, in whole seconds; `nil` when nothing
    /// waits.
    public var longestWaitSeconds: Int?
    /// The half-hour's service level as a percentage (0–100): voice's when voice has one, else
    /// that of the media type offered the most; `nil` before any half-hour figures.
    public var serviceLevelPercent: Double?
    /// On-queue agents, whatever their routing status.
    public var agentsOnQueue: Int
    /// The current half-hour's offered, answered and abandoned interactions over every media type;
    /// `nil` before the first half-hour message.
    public var offered: Int?
    public var answered: Int?
    public var abandoned: Int?

    public init(
        id: String, name: String, waiting: Int = 0, interacting: Int = 0, longestWaitSeconds: Int? = nil,
        serviceLevelPercent: Double? = nil, agentsOnQueue: Int = 0, offered: Int? = nil, answered: Int? = nil,
        abandoned: Int? = nil
    ) {
        self.id = id
        self.name = name
        self.waiting = waiting
        self.interacting = interacting
        self.longestWaitSeconds = longestWaitSeconds
        self.serviceLevelPercent = serviceLevelPercent
        self.agentsOnQueue = agentsOnQueue
        self.offered = offered
        self.answered = answered
        self.abandoned = abandoned
    }

    /// The tile of `queueId` as `board` knows it at `now`.
    init(queueId: String, board: QueueBoard, name: String, now: Date) {
        let media = board.statuses(queueId: queueId)
        self.init(
            id: queueId, name: name,
            waiting: media.reduce(0) { $0 + ($1.waiting ?? 0) },
            interacting: media.reduce(0) { $0 + ($1.interacting ?? 0) },
            // Whole seconds, rounded down: the board shows m:ss and a second not yet elapsed has
            // not been waited.
            longestWaitSeconds: media.compactMap { $0.longestWait(at: now) }.max().map { Int($0.rounded(.down)) },
            serviceLevelPercent: Self.serviceLevel(of: media).map { $0 * 100 },
            agentsOnQueue: board.agents[queueId]?.onQueueTotal ?? 0,
            offered: Self.sum(media.map(\.interval.offered)),
            answered: Self.sum(media.map(\.interval.answered)),
            abandoned: Self.sum(media.map(\.interval.abandoned)))
    }

    /// Voice's service level when it has one (the figure contact centres quote), else the one of
    /// the media type with the most offered interactions, which says most about the queue. Ties go
    /// to the media type first in alphabetical order, so the choice never flickers.
    static func serviceLevel(of media: [QueueMediaStatus]) -> Double? {
        if let voice = media.first(where: { $0.mediaType == "voice" })?.interval.serviceLevel { return voice }
        var best: QueueMediaStatus?
        for status in media where status.interval.serviceLevel != nil {
            if (status.interval.offered ?? 0) > (best?.interval.offered ?? -1) { best = status }
        }
        return best?.interval.serviceLevel
    }

    /// The sum of the values present, `nil` when none is.
    static func sum(_ values: [Int?]) -> Int? {
        let present = values.compactMap { $0 }
        return present.isEmpty ? nil : present.reduce(0, +)
    }

    enum CodingKeys: String, CodingKey {
        case id, name, waiting, interacting, longestWaitSeconds, serviceLevelPercent, agentsOnQueue
        case offered, answered, abandoned
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        waiting = try container.decode(Int.self, forKey: .waiting)
        interacting = try container.decode(Int.self, forKey: .interacting)
        longestWaitSeconds = try container.decodeIfPresent(Int.self, forKey: .longestWaitSeconds)
        serviceLevelPercent = try container.decodeIfPresent(Double.self, forKey: .serviceLevelPercent)
        agentsOnQueue = try container.decode(Int.self, forKey: .agentsOnQueue)
        offered = try container.decodeIfPresent(Int.self, forKey: .offered)
        answered = try container.decodeIfPresent(Int.self, forKey: .answered)
        abandoned = try container.decodeIfPresent(Int.self, forKey: .abandoned)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(waiting, forKey: .waiting)
        try container.encode(interacting, forKey: .interacting)
        try container.encode(longestWaitSeconds, forKey: .longestWaitSeconds)
        // JSON has no NaN or infinity: a ratio over nothing is written as unknown.
        try container.encode(serviceLevelPercent.flatMap { $0.isFinite ? $0 : nil }, forKey: .serviceLevelPercent)
        try container.encode(agentsOnQueue, forKey: .agentsOnQueue)
        try container.encode(offered, forKey: .offered)
        try container.encode(answered, forKey: .answered)
        try container.encode(abandoned, forKey: .abandoned)
    }
}
