import Foundation
import GenesysCloud

/// The body of `v2.analytics.queues.<id>.observations` and `v2.analytics.users.<id>.aggregates`
/// (SDK `StatEventQueueTopicStatsNotification` / `StatEventUserTopicStatsNotification`, one shape):
/// `{"group": {"queueId": …, "mediaType": …}, "data": [{"interval": "start/end", "metrics": […]}]}`.
///
/// The observations topic sends two kinds of message (reference §5.8, a real capture): a snapshot of
/// `o*` metrics over a zero-length interval, and the running aggregate of the current half-hour.
/// ``isSnapshot`` tells them apart.
public struct StatsEvent: Codable, Sendable, Hashable {
    /// What the numbers are about: `queueId`, `mediaType` (absent for agent metrics), `userId`…
    public var group: [String: String]?
    public var data: [Interval]?
    /// Keys this model does not know, and known keys whose value could not be read.
    public var additionalFields: [String: JSONValue] = [:]

    enum CodingKeys: String, CodingKey, CaseIterable { case group, data }

    /// `group.queueId`.
    public var queueId: String? { group?["queueId"] }
    /// `group.mediaType` (`voice`, `chat`…), absent on agent metrics.
    public var mediaType: String? { group?["mediaType"] }
    /// `group.userId`.
    public var userId: String? { group?["userId"] }

    /// Every interval has zero length: an observation snapshot, not an aggregate.
    public var isSnapshot: Bool {
        guard let data, !data.isEmpty else { return false }
        return data.allSatisfy(\.isSnapshot)
    }

    /// The statistics of `metric` with exactly `qualifier` (`nil`: the entry without one), from the
    /// first interval that has it.
    public func stats(of metric: StatMetric, qualifier: String? = nil) -> MetricStats? {
        for interval in data ?? [] {
            if let entry = interval.metrics?.first(where: { $0.metric == metric && $0.qualifier == qualifier }) {
                return entry.stats
            }
        }
        return nil
    }

    /// When the longest current wait began: `oLongestWaiting`'s `calculatedMetricValue`, which the
    /// platform reports as epoch milliseconds, not as a duration (OBSERVED, reference §5.9).
    public var longestWaitingSince: Date? {
        stats(of: .oLongestWaiting)?.calculatedMetricValue.map { Date(timeIntervalSince1970: $0 / 1000) }
    }

    /// `stats.count` of `metric` with exactly `qualifier` (`nil`: the entry without one).
    public func count(of metric: StatMetric, qualifier: String? = nil) -> Int? {
        stats(of: metric, qualifier: qualifier)?.count
    }

    /// The counts of `metric` by qualifier (`oUserRoutingStatuses` by `IDLE`, `INTERACTING`…), from
    /// the first interval that has the metric. An unqualified entry is under the empty string.
    public func countsByQualifier(of metric: StatMetric) -> [String: Int] {
        for interval in data ?? [] {
            let entries = (interval.metrics ?? []).filter { $0.metric == metric }
            guard !entries.isEmpty else { continue }
            var counts: [String: Int] = [:]
            for entry in entries {
                if let count = entry.stats?.count { counts[entry.qualifier ?? "", default: 0] += count }
            }
            return counts
        }
        return [:]
    }

    /// One interval and its metrics.
    public struct Interval: Codable, Sendable, Hashable {
        /// `start/end` in ISO-8601.
        public var interval: String?
        public var metrics: [Metric]?

        enum CodingKeys: String, CodingKey, CaseIterable { case interval, metrics }

        /// The start of ``interval``.
        public var start: Date? { bounds?.start }
        /// The end of ``interval``.
        public var end: Date? { bounds?.end }
        /// Start and end are equal: an observation snapshot.
        public var isSnapshot: Bool {
            guard let bounds else { return false }
            return bounds.start == bounds.end
        }

        private var bounds: (start: Date, end: Date)? { interval.flatMap(EventDate.parseInterval) }
    }

    /// One metric: its name, optional qualifier (a routing status, a presence…) and statistics.
    public struct Metric: Codable, Sendable, Hashable {
        public var metric: StatMetric?
        public var qualifier: String?
        public var stats: MetricStats?

        enum CodingKeys: String, CodingKey, CaseIterable { case metric, qualifier, stats }
    }
}

/// The body of `v2.analytics.queues.<id>.observations`.
public typealias ObservationEvent = StatsEvent
/// The body of `v2.analytics.users.<id>.aggregates`.
public typealias UserAggregateEvent = StatsEvent

extension StatsEvent: TolerantFieldDecodable {
    static let fieldTable = FieldTable<CodingKeys>()

    mutating func decodeField(_ field: CodingKeys, from reader: inout FieldReader) throws(FieldReadError) {
        switch field {
        case .group: group = try reader.read()
        case .data: data = try reader.read()
        }
    }
}

extension StatsEvent {
    public init(from decoder: any Decoder) throws { try self.init(fieldsFrom: decoder) }

    public func encode(to encoder: any Encoder) throws {
        var fields = TolerantObjectWriter<CodingKeys>(encoder)
        try fields.write(group, .group)
        try fields.write(data, .data)
        try fields.finish(additionalFields)
    }
}

extension StatsEvent.Interval: FieldDecodable {
    static let fieldTable = FieldTable<CodingKeys>()

    mutating func decodeField(_ field: CodingKeys, from reader: inout FieldReader) throws(FieldReadError) {
        switch field {
        case .interval: interval = try reader.read()
        case .metrics: metrics = try reader.read()
        }
    }
}

extension StatsEvent.Metric: FieldDecodable {
    static let fieldTable = FieldTable<CodingKeys>()

    mutating func decodeField(_ field: CodingKeys, from reader: inout FieldReader) throws(FieldReadError) {
        switch field {
        case .metric: metric = try reader.read(known: StatMetric.known)
        case .qualifier: qualifier = try reader.read()
        case .stats: stats = try reader.readNumbers()
        }
    }
}
