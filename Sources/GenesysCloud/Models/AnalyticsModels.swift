/// A filter of analytics queries: predicates and nested clauses joined by `and` or `or`.
public struct AnalyticsFilter: Codable, Sendable, Hashable {
    public var type: String
    public var clauses: [Clause]?
    public var predicates: [Predicate]?

    public init(type: String = "or", clauses: [Clause]? = nil, predicates: [Predicate]? = nil) {
        self.type = type
        self.clauses = clauses
        self.predicates = predicates
    }

    public struct Clause: Codable, Sendable, Hashable {
        public var type: String
        public var predicates: [Predicate]
        public init(type: String = "or", predicates: [Predicate]) {
            self.type = type
            self.predicates = predicates
        }
    }

    public struct Predicate: Codable, Sendable, Hashable {
        public var type: String?
        public var dimension: String?
        public var `operator`: String?
        public var value: String?
        public init(dimension: String, value: String, type: String? = "dimension", operator: String? = "matches") {
            self.type = type
            self.dimension = dimension
            self.operator = `operator`
            self.value = value
        }
    }

    /// `dimension == any of values`.
    public static func anyOf(_ dimension: String, _ values: [String]) -> AnalyticsFilter {
        AnalyticsFilter(type: "or", predicates: values.map { Predicate(dimension: dimension, value: $0) })
    }
}

/// Statistics of one metric. Durations (`t*` metrics) are milliseconds.
public struct StatisticalSummary: Codable, Sendable, Hashable {
    public var max: Double?
    public var min: Double?
    public var count: Double?
    public var countNegative: Double?
    public var countPositive: Double?
    public var sum: Double?
    public var current: Double?
    public var ratio: Double?
    public var numerator: Double?
    public var denominator: Double?
    public var target: Double?
    public var p95: Double?
    public var p99: Double?
    public var calculatedMetricValue: Double?

    public init(count: Double? = nil, sum: Double? = nil, min: Double? = nil, max: Double? = nil) {
        self.count = count
        self.sum = sum
        self.min = min
        self.max = max
    }
}

/// `POST /api/v2/analytics/queues/observations/query`.
public struct QueueObservationQuery: Codable, Sendable, Hashable {
    public var filter: AnalyticsFilter
    public var metrics: [String]?
    public var detailMetrics: [String]?

    public init(filter: AnalyticsFilter, metrics: [String]? = nil, detailMetrics: [String]? = nil) {
        self.filter = filter
        self.metrics = metrics
        self.detailMetrics = detailMetrics
    }

    /// Every observation metric of the given queues.
    public static func queues(_ queueIds: [String], metrics: [String]? = nil) -> QueueObservationQuery {
        QueueObservationQuery(filter: .anyOf("queueId", queueIds), metrics: metrics)
    }
}

public struct QueueObservationQueryResponse: Codable, Sendable, Hashable {
    public var systemToOrganizationMappings: [String: [String]]?
    public var results: [Result]?

    public struct Result: Codable, Sendable, Hashable {
        public var group: [String: String]?
        public var data: [Metric]?
    }

    public struct Metric: Codable, Sendable, Hashable {
        public var metric: String
        public var qualifier: String?
        public var stats: StatisticalSummary?
        public var truncated: Bool?
        public var observations: [JSONValue]?
    }
}

/// `POST /api/v2/analytics/conversations/aggregates/query`.
public struct ConversationAggregationQuery: Codable, Sendable, Hashable {
    /// ISO-8601 `start/end`.
    public var interval: String
    /// ISO-8601 period such as `PT30M`; the whole interval when absent.
    public var granularity: String?
    public var timeZone: String?
    public var groupBy: [String]?
    public var filter: AnalyticsFilter?
    public var metrics: [String]

    public init(
        interval: String, granularity: String? = nil, timeZone: String? = nil, groupBy: [String]? = nil,
        filter: AnalyticsFilter? = nil, metrics: [String]
    ) {
        self.interval = interval
        self.granularity = granularity
        self.timeZone = timeZone
        self.groupBy = groupBy
        self.filter = filter
        self.metrics = metrics
    }
}

public struct ConversationAggregateQueryResponse: Codable, Sendable, Hashable {
    public var results: [Result]?

    public struct Result: Codable, Sendable, Hashable {
        public var group: [String: String]?
        public var data: [Interval]?
    }

    public struct Interval: Codable, Sendable, Hashable {
        public var interval: String
        public var metrics: [Metric]?
    }

    public struct Metric: Codable, Sendable, Hashable {
        public var metric: String
        public var qualifier: String?
        public var stats: StatisticalSummary?
    }
}
