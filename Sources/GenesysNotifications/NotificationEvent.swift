import Foundation

/// What the notification stream carries: events as they arrived, and the health of the channels
/// that carry them, in one ordered story.
public enum NotificationEvent: Sendable {
    /// A notification, decoded down to its envelope (typed bodies build on it). Backfill records,
    /// re-seeded from REST after a gap or at start-up, come here too, in the same body shape as
    /// live events; ``NotificationEnvelope/origin`` tells them apart.
    case event(NotificationEnvelope)
    /// A change in the health of a channel.
    case health(HealthEvent)
}

/// A health report of one channel slot of the plan.
public struct HealthEvent: Sendable, CustomStringConvertible {
    /// The channel slot of the plan (stable while the client runs, even when its channel is replaced).
    public let slot: Int
    /// The channel's id, shortened (a full channel id grants the stream).
    public let channel: String?
    public let at: Date
    public let kind: Kind

    /// A health report, for code that replays or simulates a stream (tests of sinks and views).
    /// `channel` should already be shortened: a full channel id grants the stream.
    public init(slot: Int, channel: String?, at: Date, kind: Kind) {
        self.slot = slot
        self.channel = channel
        self.at = at
        self.kind = kind
    }

    public enum Kind: Sendable {
        case state(HealthChange)
        /// An interval during which the topics had no live socket: events published then are lost
        /// (the platform keeps no backlog).
        case gap(Gap)
        /// Topics the platform refused on this channel.
        case topicsRejected([RejectedTopic])
        /// Topics the plan could not place within the limits.
        case topicsUnplaced([Topic], reason: String)
        /// A frame that could not be used; `count` is how many of this kind so far.
        case malformedFrame(MalformedFrame, count: Int)
        /// A REST call of a backfill failed; ``BackfillFailure/retryIn`` says whether and when it
        /// is tried again.
        case backfillFailed(BackfillFailure)
        /// A backfill pass finished: its records and the live events held meanwhile have been
        /// delivered (just before this report). It lists what was re-seeded and what was not.
        case backfilled(BackfillReport)
    }

    public var description: String {
        let prefix = "slot \(slot)\(channel.map { " (\($0))" } ?? "")"
        switch kind {
        case .state(let change): return "\(prefix): \(change)"
        case .gap(let gap): return "\(prefix): \(gap)"
        case .topicsRejected(let topics):
            return "\(prefix): \(topics.count) topic(s) rejected: "
                + topics.prefix(5).map(\.description).joined(separator: "; ")
        case .topicsUnplaced(let topics, let reason): return "\(prefix): \(topics.count) topic(s) not placed: \(reason)"
        case .malformedFrame(let kind, let count):
            return "\(prefix): malformed frame (\(kind.rawValue)), \(count) so far"
        case .backfillFailed(let failure): return "\(prefix): \(failure)"
        case .backfilled(let report): return "\(prefix): \(report)"
        }
    }
}

/// An interval without a live socket, and the topics it affected.
public struct Gap: Sendable, Hashable, CustomStringConvertible {
    public let start: Date
    public let end: Date
    public let topics: [Topic]

    public init(start: Date, end: Date, topics: [Topic]) {
        self.start = start
        self.end = end
        self.topics = topics
    }

    public var description: String {
        let seconds = String(format: "%.3f", end.timeIntervalSince(start))
        return "gap of \(seconds) s over \(topics.count) topic(s) from \(start.formatted(.iso8601))"
    }
}

/// A topic the platform refused, with its reason and missing permissions.
public struct RejectedTopic: Sendable, Hashable, CustomStringConvertible {
    public let topic: String
    public let reason: String
    public let missingPermissions: [String]

    public init(topic: String, reason: String, missingPermissions: [String]) {
        self.topic = topic
        self.reason = reason
        self.missingPermissions = missingPermissions
    }

    public var description: String {
        missingPermissions.isEmpty
            ? "\(topic): \(reason)" : "\(topic): \(reason) (missing \(missingPermissions.joined(separator: ", ")))"
    }
}
