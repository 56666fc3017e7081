import Foundation

/// How the connection to Genesys Cloud is doing, as the wallboard's header shows it.
///
/// The owner of the pipeline fills it in (from the notification client's health events and the
/// pipeline's counts); the wallboard only carries it to the page.
///
/// ## JSON
/// Keys are camelCase and always written, `null` when unknown; `lastEventAt` is ISO-8601 UTC with
/// milliseconds. New keys may be added; existing keys keep their name and meaning.
public struct WallboardHealth: Sendable, Hashable, Codable {
    /// The connection's overall state, which picks the header's colour.
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// Not connected yet, or planning and opening channels for the first time.
        case connecting
        /// Every channel is connected and events arrive.
        case healthy
        /// Events arrive, but something is wrong: a channel is down or reconnecting, topics were
        /// rejected, or a gap is being backfilled.
        case degraded
        /// No channel is connected.
        case down
    }

    public var state: State
    /// A few words for people reading the board (`"3 of 3 channels connected"`).
    public var summary: String
    public var channelsConnected: Int
    public var channelsTotal: Int
    /// Recent events a second, as the owner measures them.
    public var eventsPerSecond: Double
    public var eventsTotal: Int
    /// When the last event arrived, if any has.
    public var lastEventAt: Date?
    /// Gaps (time without a live socket on some channel) since start.
    public var gaps: Int

    public init(
        state: State, summary: String, channelsConnected: Int = 0, channelsTotal: Int = 0,
        eventsPerSecond: Double = 0, eventsTotal: Int = 0, lastEventAt: Date? = nil, gaps: Int = 0
    ) {
        self.state = state
        self.summary = summary
        self.channelsConnected = channelsConnected
        self.channelsTotal = channelsTotal
        self.eventsPerSecond = eventsPerSecond
        self.eventsTotal = eventsTotal
        self.lastEventAt = lastEventAt
        self.gaps = gaps
    }

    /// The health before anything is known: connecting, no channels, no events.
    public static let connecting = WallboardHealth(state: .connecting, summary: "Connecting")

    enum CodingKeys: String, CodingKey {
        case state, summary, channelsConnected, channelsTotal, eventsPerSecond, eventsTotal, lastEventAt, gaps
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        state = try container.decode(State.self, forKey: .state)
        summary = try container.decode(String.self, forKey: .summary)
        channelsConnected = try container.decode(Int.self, forKey: .channelsConnected)
        channelsTotal = try container.decode(Int.self, forKey: .channelsTotal)
        eventsPerSecond = try container.decode(Double.self, forKey: .eventsPerSecond)
        eventsTotal = try container.decode(Int.self, forKey: .eventsTotal)
        lastEventAt = try container.decodeDateIfPresent(forKey: .lastEventAt)
        gaps = try container.decode(Int.self, forKey: .gaps)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(state, forKey: .state)
        try container.encode(summary, forKey: .summary)
        try container.encode(channelsConnected, forKey: .channelsConnected)
        try container.encode(channelsTotal, forKey: .channelsTotal)
        // JSON has no NaN or infinity, and a rate computed over no time is one of them.
        try container.encode(eventsPerSecond.isFinite ? eventsPerSecond : 0, forKey: .eventsPerSecond)
        try container.encode(eventsTotal, forKey: .eventsTotal)
        try container.encodeDate(lastEventAt, forKey: .lastEventAt)
        try container.encode(gaps, forKey: .gaps)
    }
}
