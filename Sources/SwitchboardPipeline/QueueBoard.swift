import Foundation
import GenesysCloud
import GenesysNotifications

/// The current half-hour of one queue and media type, from the observations topic's aggregate
/// message (or none yet).
public struct QueueInterval: Sendable, Hashable {
    public var start: Date?
    public var end: Date?
    public var offered: Int?
    public var answered: Int?
    public var abandoned: Int?
    /// Answered within the queue's service-level target, as a fraction (0.8 = 80 %).
    public var serviceLevel: Double?
    /// Average handle time (talk + hold + after-call work) of answered interactions, in seconds.
    public var averageHandle: TimeInterval?
    /// Average wait of answered interactions, in seconds.
    public var averageSpeedOfAnswer: TimeInterval?
    /// Average wait of every offered interaction, answered or not, in seconds.
    public var averageWait: TimeInterval?
}

/// One queue and media type on the board: what is waiting, alerting and connected now, the
/// longest wait, and the current half-hour.
public struct QueueMediaStatus: Sendable, Hashable {
    public let queueId: String
    public let mediaType: String
    public var waiting: Int?
    public var alerting: Int?
    public var interacting: Int?
    /// When the longest-waiting interaction started waiting.
    public var longestWaitingSince: Date?
    /// The observation snapshot this comes from.
    public var observedAt: Date?
    public var interval = QueueInterval()
    public var lastUpdate: Date?

    /// The longest current wait at `now`, in seconds.
    ///
    /// When the platform's clock runs ahead of this machine's (the start lies in the future), the
    /// wait is measured on the platform's clock instead: from the start to the observation, plus
    /// the time since the observation arrived.
    public func longestWait(at now: Date) -> TimeInterval? {
        guard (waiting ?? 0) > 0, let since = longestWaitingSince else { return nil }
        if since > now, let observedAt, let lastUpdate {
            return max(0, observedAt.timeIntervalSince(since)) + max(0, now.timeIntervalSince(lastUpdate))
        }
        return max(0, now.timeIntervalSince(since))
    }
}

/// One queue's agents as the observations report them.
public struct QueueAgents: Sendable, Hashable {
    public let queueId: String
    /// On-queue members by routing status (`IDLE`, `INTERACTING`, `NOT_RESPONDING`, …).
    public var onQueue: [String: Int] = [:]
    public var offQueue: Int?
    public var members: Int?
    public var active: Int?
    public var observedAt: Date?
    public var lastUpdate: Date?

    public var onQueueTotal: Int { onQueue.values.reduce(0, +) }
}

/// The queue board, folded from `v2.analytics.queues.{id}.observations` events (live or
/// backfilled): per queue and media type, interactions waiting, alerting and interacting and the
/// longest wait; per queue, on-queue agents by routing status; and the current half-hour's
/// offered, answered, abandoned, service level, average handle and wait.
public struct QueueBoard: Sendable {
    public private(set) var media: [Key: QueueMediaStatus] = [:]
    public private(set) var agents: [String: QueueAgents] = [:]

    public struct Key: Sendable, Hashable, Comparable {
        public let queueId: String
        public let mediaType: String

        public init(queueId: String, mediaType: String) {
            self.queueId = queueId.lowercasedIfNeeded()
            self.mediaType = mediaType.lowercasedIfNeeded()
        }

        public static func < (a: Key, b: Key) -> Bool { (a.queueId, a.mediaType) < (b.queueId, b.mediaType) }
    }

    public init() {}

    /// The queues the board knows, sorted.
    public var queueIds: [String] { Set(media.keys.map(\.queueId)).union(agents.keys).sorted() }

    public func status(queueId: String, mediaType: String) -> QueueMediaStatus? {
        media[Key(queueId: queueId, mediaType: mediaType)]
    }

    /// Every media type of one queue, sorted by media type.
    public func statuses(queueId: String) -> [QueueMediaStatus] {
        let id = queueId.lowercasedIfNeeded()
        return media.filter { $0.key.queueId == id }.sorted { $0.key < $1.key }.map(\.value)
    }

    /// Folds one event; returns whether the board changed.
    @discardableResult
    public mutating func apply(_ event: PipelineEvent) -> Bool {
        guard case .queueObservation(let topicQueueId, let stats) = event.typed else { return false }
        let queueId = (stats.queueId ?? topicQueueId).lowercasedIfNeeded()
        let at = event.envelope.receivedAt
        if stats.isSnapshot {
            if let mediaType = stats.mediaType {
                return updateMedia(Key(queueId: queueId, mediaType: mediaType), at: at) { status in
                    status.observedAt = stats.data?.first?.start ?? at
                    status.waiting = stats.count(of: .oWaiting) ?? status.waiting
                    status.alerting = stats.count(of: .oAlerting) ?? status.alerting
                    status.interacting = stats.count(of: .oInteracting) ?? status.interacting
                    if stats.stats(of: .oLongestWaiting) != nil || stats.count(of: .oWaiting) != nil {
                        status.longestWaitingSince = stats.longestWaitingSince
                    }
                }
            }
            return updateAgents(queueId, at: at) { agents in
                agents.observedAt = stats.data?.first?.start ?? at
                let onQueue = stats.countsByQualifier(of: .oOnQueueUsers)
                if !onQueue.isEmpty || stats.stats(of: .oOnQueueUsers) != nil || stats.count(of: .oMemberUsers) != nil {
                    agents.onQueue = onQueue
                }
                agents.offQueue = stats.count(of: .oOffQueueUsers) ?? agents.offQueue
                agents.members = stats.count(of: .oMemberUsers) ?? agents.members
                agents.active = stats.count(of: .oActiveUsers) ?? agents.active
            }
        }
        // A half-hour aggregate message: per media type (the platform always groups them so).
        guard let mediaType = stats.mediaType, let data = stats.data?.first else { return false }
        return updateMedia(Key(queueId: queueId, mediaType: mediaType), at: at) { status in
            // An older interval arriving late never replaces the current one.
            if let current = status.interval.start, let start = data.start, start < current { return }
            status.interval = QueueInterval(
                start: data.start, end: data.end, offered: stats.count(of: .nOffered) ?? 0,
                answered: stats.stats(of: .tAnswered)?.count ?? 0, abandoned: stats.stats(of: .tAbandon)?.count ?? 0,
                serviceLevel: stats.stats(of: .oServiceLevel)?.ratio,
                averageHandle: stats.stats(of: .tHandle)?.average.map { $0 / 1000 },
                averageSpeedOfAnswer: stats.stats(of: .tAnswered)?.average.map { $0 / 1000 },
                averageWait: stats.stats(of: .tWait)?.average.map { $0 / 1000 })
        }
    }

    private mutating func updateMedia(_ key: Key, at: Date, _ change: (inout QueueMediaStatus) -> Void) -> Bool {
        // One lookup: a queue already on the board is updated in place through its index.
        let index = media.index(forKey: key)
        let before = index.map { media.values[$0] }
        var after = before ?? QueueMediaStatus(queueId: key.queueId, mediaType: key.mediaType)
        change(&after)
        guard after != before else { return false }
        after.lastUpdate = at
        if let index { media.values[index] = after } else { media[key] = after }
        return true
    }

    private mutating func updateAgents(_ queueId: String, at: Date, _ change: (inout QueueAgents) -> Void) -> Bool {
        let index = agents.index(forKey: queueId)
        let before = index.map { agents.values[$0] }
        var after = before ?? QueueAgents(queueId: queueId)
        change(&after)
        guard after != before else { return false }
        after.lastUpdate = at
        if let index { agents.values[index] = after } else { agents[queueId] = after }
        return true
    }
}
