import Foundation
import GenesysCloud
import GenesysNotifications

/// Delays between when something happened (the time an event's body carries) and when Switchboard
/// received it, in fixed buckets: cheap to update at any rate, good enough for percentiles.
public struct LatencyHistogram: Sendable, Hashable {
    /// Upper bounds of the buckets, in milliseconds; the last bucket has none.
    public static let bounds: [Double] = [10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000]

    public private(set) var counts = [Int](repeating: 0, count: LatencyHistogram.bounds.count + 1)
    public private(set) var count = 0
    public private(set) var sumMilliseconds = 0.0
    public private(set) var maximumMilliseconds = 0.0

    public init() {}

    public mutating func record(milliseconds: Double) {
        let value = max(0, milliseconds)
        let bucket = Self.bounds.firstIndex { value <= $0 } ?? Self.bounds.count
        counts[bucket] += 1
        count += 1
        sumMilliseconds += value
        maximumMilliseconds = max(maximumMilliseconds, value)
    }

    public var meanMilliseconds: Double? { count == 0 ? nil : sumMilliseconds / Double(count) }

    /// The bucket bound under which `fraction` of the delays fall (0.95 for the 95th percentile);
    /// the maximum seen when it falls in the last, open bucket.
    public func percentileMilliseconds(_ fraction: Double) -> Double? {
        guard count > 0 else { return nil }
        let wanted = Int((Double(count) * min(1, max(0, fraction))).rounded(.up))
        var seen = 0
        for (index, bucketCount) in counts.enumerated() {
            seen += bucketCount
            if seen >= max(1, wanted) {
                return index < Self.bounds.count ? min(Self.bounds[index], maximumMilliseconds) : maximumMilliseconds
            }
        }
        return maximumMilliseconds
    }
}

/// One event's delay between when it happened and when Switchboard received it.
public struct LatencyMeasurement: Sendable, Hashable {
    public let family: TopicFamily
    /// At least zero.
    public let milliseconds: Double

    public init(family: TopicFamily, milliseconds: Double) {
        self.family = family
        self.milliseconds = milliseconds
    }
}

/// A change in whether a queue is being kept up to date.
public struct FreshnessEvent: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// No update for the queue for longer than the threshold.
        case stale(age: TimeInterval)
        /// An update arrived for a queue that was stale.
        case fresh(after: TimeInterval)
    }
    public let queueId: String
    public let kind: Kind
    public let at: Date
}

/// Latency and freshness (use case 000): per topic family, the delay between the event's own
/// time and its receipt; per queue, the age of the last update and a staleness event once it
/// passes a threshold; per topic, how often updates arrive.
///
/// Backfill records are not counted as latency (their times are when the state began, not when
/// it was sent) but do count as updates.
public struct FreshnessTracker: Sendable {
    public struct Configuration: Sendable, Hashable {
        /// A queue with no update for this long is reported stale (use case 000: 30 s).
        public var staleAfter: TimeInterval
        /// Time constant of the update-rate average: about the span of history a rate reflects.
        public var rateTimeConstant: TimeInterval

        public init(staleAfter: TimeInterval = 30, rateTimeConstant: TimeInterval = 60) {
            self.staleAfter = staleAfter
            self.rateTimeConstant = rateTimeConstant
        }
    }

    private struct Rate: Sendable {
        var perSecond = 0.0
        var at: Date
    }

    public let configuration: Configuration
    public private(set) var latency: [TopicFamily: LatencyHistogram] = [:]
    /// When each queue last had an update.
    public private(set) var lastQueueUpdate: [String: Date] = [:]
    private var stale: [String: Date] = [:]
    private var rates: [String: Rate] = [:]

    public init(configuration: Configuration = Configuration()) { self.configuration = configuration }

    /// Notes one event; returns the queue that became fresh again, if it did.
    @discardableResult
    public mutating func record(_ event: PipelineEvent) -> FreshnessEvent? {
        let received = event.envelope.receivedAt
        updateRate(event.envelope.topicName.lowercasedIfNeeded(), at: received)
        if let measurement = Self.latency(of: event) {
            latency[measurement.family, default: LatencyHistogram()].record(milliseconds: measurement.milliseconds)
        }
        guard let queueId = Self.queueId(event.typed) else { return nil }
        lastQueueUpdate[queueId] = received
        guard let since = stale.removeValue(forKey: queueId) else { return nil }
        return FreshnessEvent(queueId: queueId, kind: .fresh(after: received.timeIntervalSince(since)), at: received)
    }

    /// Queues that have just passed the staleness threshold at `now` (each reported once per
    /// stale spell). Call it on a timer: staleness is the absence of events.
    public mutating func check(now: Date) -> [FreshnessEvent] {
        var events: [FreshnessEvent] = []
        for (queueId, last) in lastQueueUpdate.sorted(by: { $0.key < $1.key }) where stale[queueId] == nil {
            let age = now.timeIntervalSince(last)
            guard age > configuration.staleAfter else { continue }
            stale[queueId] = last
            events.append(FreshnessEvent(queueId: queueId, kind: .stale(age: age), at: now))
        }
        return events
    }

    /// Age of a queue's last update at `now`; nil before any.
    public func age(ofQueue queueId: String, at now: Date) -> TimeInterval? {
        lastQueueUpdate[queueId.lowercased()].map { now.timeIntervalSince($0) }
    }

    /// Updates a second on `topic` recently (an exponentially weighted average), as of `now`.
    public func updateRate(topic: String, at now: Date) -> Double {
        guard let rate = rates[topic.lowercasedIfNeeded()] else { return 0 }
        return rate.perSecond * exp(-max(0, now.timeIntervalSince(rate.at)) / configuration.rateTimeConstant)
    }

    private mutating func updateRate(_ topic: String, at now: Date) {
        let tau = configuration.rateTimeConstant
        // One look-up: a known topic's rate is changed in place.
        guard let index = rates.index(forKey: topic) else {
            rates[topic] = Rate(perSecond: 1 / tau, at: now)
            return
        }
        let rate = rates.values[index]
        rates.values[index] = Rate(
            perSecond: rate.perSecond * exp(-max(0, now.timeIntervalSince(rate.at)) / tau) + 1 / tau,
            at: max(rate.at, now))
    }

    /// The delay between when `event` happened, by its body, and its receipt; nil for a backfill
    /// record, a topic outside the families, or a body that carries no time. Negative delays (a
    /// sender's clock ahead of ours) read as zero, as in the histogram.
    public static func latency(of event: PipelineEvent) -> LatencyMeasurement? {
        guard !event.isBackfill, let happened = eventTime(event.typed), let family = event.family
        else { return nil }
        let milliseconds = event.envelope.receivedAt.timeIntervalSince(happened) * 1000
        return LatencyMeasurement(family: family, milliseconds: max(0, milliseconds))
    }

    /// The time an event's body says it happened, where it says one.
    static func eventTime(_ typed: TypedEvent) -> Date? {
        switch typed {
        case .presence(_, let presence):
            return presence.modifiedDate
        case .routingStatus(_, let routing):
            return routing.routingStatus?.startTime
        case .activity(_, let activity):
            return [activity.presence?.modifiedDate, activity.routingStatus?.startTime].compactMap { $0 }.max()
        case .queueObservation(_, let stats) where stats.isSnapshot:
            return stats.data?.first?.start
        case .conversationDetail(_, _, let detail):
            return detail.eventDate
        case .agentState(_, let state):
            return state.currentStateStartDate
        default:
            return nil
        }
    }

    static func queueId(_ typed: TypedEvent) -> String? {
        switch typed {
        case .queueObservation(let queueId, _), .queueConversation(let queueId, _): queueId.lowercased()
        default: nil
        }
    }
}
