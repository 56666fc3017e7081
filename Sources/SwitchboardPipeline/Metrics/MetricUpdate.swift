import Foundation
import GenesysNotifications

/// One change to one metric: the pure half of the pipeline's metrics. The functions below say
/// what an intake verdict, a health event, a latency measurement or a report means for the
/// metrics, without touching a metrics backend; ``PipelineMetrics`` applies the updates.
public struct MetricUpdate: Sendable, Hashable {
    public enum Value: Sendable, Hashable {
        /// Add to a counter.
        case increment(Int64)
        /// Set a gauge.
        case set(Double)
        /// Record a duration in a timer.
        case nanoseconds(Int64)
    }

    public let name: MetricName
    /// The value of the name's ``MetricName/dimension``; nil when the name has none.
    public let dimensionValue: String?
    public let value: Value

    public init(_ name: MetricName, _ dimensionValue: String? = nil, _ value: Value) {
        self.name = name
        self.dimensionValue = name.dimension == nil ? nil : dimensionValue
        self.value = value
    }

    /// The dimensions as swift-metrics takes them.
    public var dimensions: [(String, String)] {
        guard let key = name.dimension, let dimensionValue else { return [] }
        return [(key, dimensionValue)]
    }

    /// The `family` of events whose topic is outside the known families (system messages,
    /// topics Switchboard does not know).
    public static let otherFamily = "other"

    /// The `family` dimension's value for a family.
    public static func familyValue(_ family: TopicFamily?) -> String { family?.rawValue ?? otherFamily }
}

extension MetricUpdate {
    /// What one intake verdict counts: every event as received, then as delivered, deduplicated or
    /// filtered out, by family; a health event by kind.
    public static func updates(for verdict: Intake.Verdict) -> [MetricUpdate] {
        switch verdict {
        case .deliver(.event(let event)):
            let family = familyValue(event.family)
            return [
                MetricUpdate(.eventsReceived, family, .increment(1)),
                MetricUpdate(.eventsDelivered, family, .increment(1)),
            ]
        case .deliver(.health(let health)):
            return updates(for: health)
        case .duplicate(let envelope):
            // Duplicates are never decoded, so the family comes from the topic name.
            let family = familyValue(envelope.family)
            return [
                MetricUpdate(.eventsReceived, family, .increment(1)),
                MetricUpdate(.eventsDeduplicated, family, .increment(1)),
            ]
        case .filteredOut(let event):
            let family = familyValue(event.family)
            return [
                MetricUpdate(.eventsReceived, family, .increment(1)),
                MetricUpdate(.eventsFilteredOut, family, .increment(1)),
            ]
        }
    }

    /// What one health event counts: its kind (the audit log's name for it), and for a gap its
    /// length, for a backfill pass its records and failed topics.
    public static func updates(for health: HealthEvent) -> [MetricUpdate] {
        var updates = [MetricUpdate(.healthEvents, AuditEvent(health.kind).rawValue, .increment(1))]
        if case .state(let change) = health.kind, let cause = ReconnectCause(change) {
            updates.append(MetricUpdate(.reconnects, cause.rawValue, .increment(1)))
        }
        switch health.kind {
        case .gap(let gap):
            let nanoseconds = max(0, gap.end.timeIntervalSince(gap.start)) * 1e9
            updates.append(MetricUpdate(.gapDuration, nil, .nanoseconds(Int64(nanoseconds.rounded()))))
        case .backfilled(let report):
            let reason =
                switch report.reason {
                case .startup: "startup"
                case .gap: "gap"
                }
            if report.records > 0 {
                updates.append(MetricUpdate(.backfillRecords, reason, .increment(Int64(report.records))))
            }
            if !report.failed.isEmpty {
                updates.append(MetricUpdate(.backfillFailedTopics, nil, .increment(Int64(report.failed.count))))
            }
        case .state, .topicsRejected, .topicsUnplaced, .malformedFrame, .backfillFailed:
            break
        }
        return updates
    }

    /// An event's latency (``FreshnessTracker/latency(of:)``), for the family's timer.
    public static func update(for latency: LatencyMeasurement) -> MetricUpdate {
        MetricUpdate(
            .eventLatency, latency.family.rawValue, .nanoseconds(Int64((max(0, latency.milliseconds) * 1e6).rounded())))
    }

    /// The boards' sizes, for their gauges.
    public static func boardSizes(agents: Int, queues: Int) -> [MetricUpdate] {
        [
            MetricUpdate(.agentBoardAgents, nil, .set(Double(agents))),
            MetricUpdate(.queueBoardQueues, nil, .set(Double(queues))),
        ]
    }

    /// What the pipeline keeps in memory, for its gauges.
    public static func retained(_ retained: Pipeline.Retained) -> [MetricUpdate] {
        [
            MetricUpdate(.windowSeries, nil, .set(Double(retained.windowSeries))),
            MetricUpdate(.windowSamples, nil, .set(Double(retained.windowSamples))),
            MetricUpdate(.deduplicationKeys, nil, .set(Double(retained.deduplicationKeys))),
        ]
    }

    /// The channels' gauges: how many are live, and per slot the topics, the channel's age and
    /// the seconds since its socket last proved alive (0 before the first frame). Slots in
    /// `previous` but no longer in `channels` are set to 0 so a scrape does not show a channel
    /// that is gone as still ageing.
    public static func channelGauges(
        _ channels: [ChannelStatus], previous: Set<Int> = [], at now: Date
    ) -> [MetricUpdate] {
        var updates = [MetricUpdate(.channelsLive, nil, .set(Double(channels.filter(\.isLive).count)))]
        for channel in channels {
            let slot = String(channel.slot)
            updates.append(MetricUpdate(.channelTopics, slot, .set(Double(channel.topics))))
            updates.append(MetricUpdate(.channelAge, slot, .set(channel.channelAge(at: now) ?? 0)))
            updates.append(MetricUpdate(.heartbeatAge, slot, .set(channel.silence(at: now) ?? 0)))
        }
        for slot in previous.subtracting(channels.map(\.slot)).sorted() {
            for name in [MetricName.channelTopics, .channelAge, .heartbeatAge] {
                updates.append(MetricUpdate(name, String(slot), .set(0)))
            }
        }
        return updates
    }

    /// An outlier counts by its series' metric; a closed window counts nothing.
    public static func updates(for report: WindowedAggregator.Report) -> [MetricUpdate] {
        switch report {
        case .outlier(let outlier): [MetricUpdate(.outliers, outlier.sample.key.metric, .increment(1))]
        case .windowClosed: []
        }
    }

    /// An inconsistency counts by its kind.
    public static func update(for inconsistency: Inconsistency) -> MetricUpdate {
        let kind =
            switch inconsistency.kind {
            case .negative: "negative"
            case .fractionalCount: "fractionalCount"
            case .badInterval: "badInterval"
            case .outOfOrder: "outOfOrder"
            case .waitingExceedsOffered: "waitingExceedsOffered"
            }
        return MetricUpdate(.inconsistencies, kind, .increment(1))
    }

    /// A queue going stale, or fresh again.
    public static func update(for freshness: FreshnessEvent) -> MetricUpdate {
        let kind =
            switch freshness.kind {
            case .stale: "stale"
            case .fresh: "fresh"
            }
        return MetricUpdate(.stalenessEvents, kind, .increment(1))
    }
}
