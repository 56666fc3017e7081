import Foundation
import GenesysNotifications
import SwitchboardSinks

/// The daemon as it stands, for `/healthz`, `/readyz`, the wallboard's health line and the
/// terminal summary.
public struct RuntimeStatus: Sendable {
    public enum Phase: String, Sendable, Hashable, Codable {
        /// Planning channels and connecting.
        case starting
        /// Streaming.
        case running
        /// Shutting down: the client has stopped; the sinks deliver what is queued.
        case draining
        case stopped
    }

    public var phase: Phase
    public var channels: [ChannelStatus]
    /// Events through the intake in the last few seconds, per second.
    public var eventsPerSecond: Double
    /// Events through the intake since start (duplicates included).
    public var eventsSeen: Int
    /// Events let through the filters since start.
    public var eventsPassed: Int
    public var lastEventAt: Date?
    /// Gaps (intervals without a live socket) since start.
    public var gaps: Int
    /// Per sink, in configuration order.
    public var sinks: [(name: String, counts: SinkCounts)]

    public init(
        phase: Phase = .starting, channels: [ChannelStatus] = [], eventsPerSecond: Double = 0, eventsSeen: Int = 0,
        eventsPassed: Int = 0, lastEventAt: Date? = nil, gaps: Int = 0,
        sinks: [(name: String, counts: SinkCounts)] = []
    ) {
        self.phase = phase
        self.channels = channels
        self.eventsPerSecond = eventsPerSecond
        self.eventsSeen = eventsSeen
        self.eventsPassed = eventsPassed
        self.lastEventAt = lastEventAt
        self.gaps = gaps
        self.sinks = sinks
    }

    /// Ready to serve: running, with at least one channel, every one of them delivering events.
    public var isReady: Bool {
        phase == .running && !channels.isEmpty && channels.allSatisfy(\.isLive)
    }

    /// Why the daemon is not ready, for `/readyz`'s answer; nil when it is.
    public var notReadyReason: String? {
        switch phase {
        case .starting: return "starting"
        case .draining, .stopped: return "shutting down"
        case .running: break
        }
        if channels.isEmpty { return "no channel planned yet" }
        let down = channels.filter { !$0.isLive }
        guard !down.isEmpty else { return nil }
        return "\(down.count) of \(channels.count) channel(s) without a live socket ("
            + down.map { "slot \($0.slot): \($0.connection.rawValue)" }.joined(separator: ", ") + ")"
    }

    /// Channels delivering events now.
    public var liveChannels: Int { channels.filter(\.isLive).count }
}
