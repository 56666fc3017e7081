import Foundation
import GenesysNotifications

/// Which series a sample belongs to: one metric (and qualifier) of one queue and media type.
public struct SeriesKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let queueId: String
    /// Nil for the queue's agent metrics, which the platform does not split by media type.
    public let mediaType: String?
    public let metric: String
    public let qualifier: String?

    public init(queueId: String, mediaType: String?, metric: String, qualifier: String? = nil) {
        self.queueId = queueId.lowercased()
        self.mediaType = mediaType?.lowercased()
        self.metric = metric
        self.qualifier = qualifier
    }

    public var description: String {
        "\(queueId)/\(mediaType ?? "agents")/\(metric)\(qualifier.map { ":\($0)" } ?? "")"
    }

    public static func < (a: SeriesKey, b: SeriesKey) -> Bool { a.description < b.description }

    /// The same key holding `queueId` (equal to its own) as its queue id's text.
    func sharing(queueId: String) -> SeriesKey {
        SeriesKey(lowercased: queueId, mediaType: mediaType, metric: metric, qualifier: qualifier)
    }

    private init(lowercased queueId: String, mediaType: String?, metric: String, qualifier: String?) {
        self.queueId = queueId
        self.mediaType = mediaType
        self.metric = metric
        self.qualifier = qualifier
    }
}

/// One value of a series at a time.
public struct MetricSample: Sendable, Hashable {
    public let key: SeriesKey
    public let value: Double
    public let at: Date

    public init(key: SeriesKey, value: Double, at: Date) {
        self.key = key
        self.value = value
        self.at = at
    }

    /// The samples a queue observations event carries: each snapshot metric's count (and the
    /// longest wait in seconds at the snapshot), and each half-hour metric's count, average or
    /// ratio. Other events carry none.
    public static func samples(of event: PipelineEvent) -> [MetricSample] {
        guard case .queueObservation(let topicQueueId, let stats) = event.typed, let data = stats.data?.first else {
            return []
        }
        let queueId = stats.queueId ?? topicQueueId
        let at = data.start ?? event.envelope.receivedAt
        var samples: [MetricSample] = []
        for metric in data.metrics ?? [] {
            guard let name = metric.metric?.rawValue, let values = metric.stats else { continue }
            let key = SeriesKey(queueId: queueId, mediaType: stats.mediaType, metric: name, qualifier: metric.qualifier)
            let value: Double?
            if stats.isSnapshot {
                value =
                    name == StatMetric.oLongestWaiting.rawValue
                    ? stats.longestWaitingSince.map { max(0, at.timeIntervalSince($0)) }
                    : values["count"]
            } else {
                value = values.ratio ?? values.average ?? values["count"]
            }
            if let value { samples.append(MetricSample(key: key, value: value, at: at)) }
        }
        return samples
    }
}

/// A summary of one series over one window.
public struct WindowSummary: Sendable, Hashable {
    public let key: SeriesKey
    public let start: Date
    public let end: Date
    public let count: Int
    public let minimum: Double
    public let maximum: Double
    public let mean: Double
    public let median: Double
    public let last: Double
}

/// A value far from the rest of its window.
public struct Outlier: Sendable, Hashable {
    public let sample: MetricSample
    /// The window's median and median absolute deviation the value was judged against.
    public let median: Double
    public let deviation: Double
    /// The robust z-score: 0.6745 × (value − median) / MAD.
    public let score: Double
}

/// Windowed aggregation with outlier detection (use case 003), per series.
///
/// Tumbling windows report a summary when a sample of a later window arrives; sliding windows keep
/// the last `length` of samples and can be summarised at any time. Each new sample is judged
/// against the window's earlier samples with the robust z-score (median and median absolute
/// deviation, so one spike does not hide the next): beyond `threshold` it is an outlier. A window
/// whose samples are all equal has no spread; a different value is then an outlier whatever its
/// size.
public struct WindowedAggregator: Sendable {
    public enum Window: Sendable, Hashable {
        case tumbling(TimeInterval)
        case sliding(TimeInterval)

        var length: TimeInterval {
            switch self {
            case .tumbling(let length), .sliding(let length): max(0.001, length)
            }
        }
    }

    public struct Configuration: Sendable, Hashable {
        public var window: Window
        /// Robust z-score beyond which a sample is an outlier (3.5 is the usual choice).
        public var threshold: Double
        /// Samples a window needs before outliers are judged.
        public var minimumSamples: Int
        /// Metrics to aggregate; nil for every metric.
        public var metrics: Set<String>?
        /// Samples a series keeps at most; beyond it the oldest go first. Bounds memory however
        /// often a queue reports: 2,000 queues of every metric are some 30,000 series.
        public var maximumSamples: Int

        public init(
            window: Window = .sliding(300), threshold: Double = 3.5, minimumSamples: Int = 8,
            metrics: Set<String>? = nil, maximumSamples: Int = 512
        ) {
            self.window = window
            self.threshold = threshold
            self.minimumSamples = minimumSamples
            self.metrics = metrics
            self.maximumSamples = max(2, maximumSamples)
        }
    }

    public enum Report: Sendable, Hashable {
        case windowClosed(WindowSummary)
        case outlier(Outlier)
    }

    /// A series' samples, oldest first: values, and times as milliseconds from a base time, in two
    /// arrays. Twelve bytes a sample rather than sixteen: a full five-minute window over 2,000
    /// queues holds about two million. Times are kept to the millisecond, the precision the
    /// platform writes them in.
    private struct Samples: Sendable {
        private(set) var values: [Double] = []
        private var offsets: [Int32] = []
        private var base = Date(timeIntervalSince1970: 0)

        var count: Int { values.count }
        var isEmpty: Bool { values.isEmpty }
        /// Samples there is room for without growing (the two arrays' allocations may round to
        /// different capacities: the smaller counts).
        var capacity: Int { Swift.min(values.capacity, offsets.capacity) }

        func time(at index: Int) -> Date { base.addingTimeInterval(Double(offsets[index]) / 1_000) }

        /// The index of the first sample later than `date` (to the millisecond), if any.
        func firstIndex(after date: Date) -> Int? {
            let limit = (date.timeIntervalSince(base) * 1_000).rounded()
            return offsets.firstIndex { Double($0) > limit }
        }

        mutating func append(_ value: Double, at date: Date) {
            if values.isEmpty { base = date }
            var offset = (date.timeIntervalSince(base) * 1_000).rounded()
            if offset > Double(Int32.max), let first = offsets.first {
                // A window that never empties would run out of range 24 days after its base:
                // counted from its oldest sample again.
                rebase(by: first)
                offset = (date.timeIntervalSince(base) * 1_000).rounded()
            }
            // Still more than 24 days from the window's oldest sample, in a window of at most a
            // day: a sample that far out of order is not kept.
            guard (Double(Int32.min)...Double(Int32.max)).contains(offset) else { return }
            if count >= capacity { resize(to: count + Swift.max(4, count / 4)) }
            values.append(value)
            offsets.append(Int32(offset))
        }

        /// Room for `capacity` samples, exactly. An array left to itself doubles when full and
        /// never shrinks, so a sliding window's arrays held up to twice what their samples need
        /// (two thirds more on average over the daemon's tens of thousands of series); growing a
        /// quarter at a time, and shrinking once less than half is used, keeps it within a quarter.
        private mutating func resize(to capacity: Int) {
            var resized: (values: [Double], offsets: [Int32]) = ([], [])
            resized.values.reserveCapacity(capacity)
            resized.offsets.reserveCapacity(capacity)
            resized.values.append(contentsOf: values)
            resized.offsets.append(contentsOf: offsets)
            (values, offsets) = resized
        }

        /// Moves the base `shift` milliseconds later; samples that would then be out of range go.
        private mutating func rebase(by shift: Int32) {
            var kept: (values: [Double], offsets: [Int32]) = ([], [])
            for (value, offset) in zip(values, offsets) {
                guard let moved = Int32(exactly: Int64(offset) - Int64(shift)) else { continue }
                kept.values.append(value)
                kept.offsets.append(moved)
            }
            (values, offsets) = kept
            base = base.addingTimeInterval(Double(shift) / 1_000)
        }

        mutating func removeFirst(_ count: Int) {
            values.removeFirst(count)
            offsets.removeFirst(count)
            if capacity > 2 * count + 8 { resize(to: count + Swift.max(4, count / 4)) }
        }

        mutating func removeAll() {
            values.removeAll()
            offsets.removeAll()
        }
    }

    private struct Series: Sendable {
        var samples = Samples()
        /// Start of the current tumbling window.
        var windowStart: Date?

        /// Adds `sample`; returns the reports it caused and the change in the samples kept.
        mutating func add(_ sample: MetricSample, configuration: Configuration) -> (reports: [Report], change: Int) {
            let before = samples.count
            var reports: [Report] = []
            let length = configuration.window.length
            switch configuration.window {
            case .tumbling:
                let start = Date(
                    timeIntervalSince1970: (sample.at.timeIntervalSince1970 / length).rounded(.down) * length)
                if let windowStart, start > windowStart {
                    if let summary = WindowedAggregator.summarise(
                        sample.key, samples, start: windowStart, end: windowStart + length)
                    {
                        reports.append(.windowClosed(summary))
                    }
                    samples.removeAll()
                }
                if windowStart.map({ start >= $0 }) ?? true { windowStart = start }
            case .sliding:
                if let firstKept = samples.firstIndex(after: sample.at.addingTimeInterval(-length)) {
                    samples.removeFirst(firstKept)
                } else {
                    samples.removeAll()
                }
            }
            if samples.count >= configuration.minimumSamples,
                let outlier = WindowedAggregator.judge(
                    sample, against: samples.values, threshold: configuration.threshold)
            {
                reports.append(.outlier(outlier))
            }
            samples.append(sample.value, at: sample.at)
            if samples.count > configuration.maximumSamples {
                samples.removeFirst(samples.count - configuration.maximumSamples)
            }
            return (reports, samples.count - before)
        }
    }

    public let configuration: Configuration
    private var series: [SeriesKey: Series] = [:]
    /// Each queue id once: the keys of a queue's series share its text.
    private var queueIds: Set<String> = []
    /// Samples kept in all series' windows.
    public private(set) var sampleCount = 0

    public init(configuration: Configuration = Configuration()) { self.configuration = configuration }

    /// Series held: one per queue, media type, metric and qualifier seen.
    public var seriesCount: Int { series.count }

    /// Samples all series have room for without growing (what their memory is sized by).
    var sampleCapacity: Int { series.values.reduce(0) { $0 + $1.samples.capacity } }

    /// Adds a sample; returns closed windows and outliers it caused.
    public mutating func add(_ sample: MetricSample) -> [Report] {
        if let metrics = configuration.metrics, !metrics.contains(sample.key.metric) { return [] }
        let (reports, change): ([Report], Int)
        if let index = series.index(forKey: sample.key) {
            // One look-up, and in place: a copy of the series would share its samples, and
            // appending would copy them all.
            (reports, change) = series.values[index].add(sample, configuration: configuration)
        } else {
            // A new series: its key shares the queue id's text with the queue's other series
            // (tens of thousands of series would otherwise keep as many copies of 2,000 ids).
            var created = Series()
            (reports, change) = created.add(sample, configuration: configuration)
            let queueId = queueIds.insert(sample.key.queueId).memberAfterInsert
            series[sample.key.sharing(queueId: queueId)] = created
        }
        sampleCount += change
        return reports
    }

    /// Adds every sample of an event.
    public mutating func add(_ event: PipelineEvent) -> [Report] {
        MetricSample.samples(of: event).flatMap { add($0) }
    }

    /// The current window of a series, summarised.
    public func summary(of key: SeriesKey) -> WindowSummary? {
        guard let current = series[key], !current.samples.isEmpty else { return nil }
        switch configuration.window {
        case .tumbling(let length):
            let start = current.windowStart ?? current.samples.time(at: 0)
            return Self.summarise(key, current.samples, start: start, end: start.addingTimeInterval(length))
        case .sliding(let length):
            let last = current.samples.time(at: current.samples.count - 1)
            return Self.summarise(key, current.samples, start: last.addingTimeInterval(-length), end: last)
        }
    }

    /// Every series the aggregator holds, sorted.
    public var keys: [SeriesKey] { series.keys.sorted() }

    private static func judge(_ sample: MetricSample, against values: [Double], threshold: Double) -> Outlier? {
        let median = Self.median(values)
        let deviation = Self.median(values.map { abs($0 - median) })
        if deviation == 0 {
            guard sample.value != median else { return nil }
            return Outlier(
                sample: sample, median: median, deviation: 0,
                score: sample.value > median ? .infinity : -.infinity)
        }
        let score = 0.6745 * (sample.value - median) / deviation
        guard abs(score) > threshold else { return nil }
        return Outlier(sample: sample, median: median, deviation: deviation, score: score)
    }

    private static func summarise(_ key: SeriesKey, _ samples: Samples, start: Date, end: Date) -> WindowSummary? {
        let values = samples.values
        guard let last = values.last else { return nil }
        return WindowSummary(
            key: key, start: start, end: end, count: values.count, minimum: values.min() ?? 0,
            maximum: values.max() ?? 0, mean: values.reduce(0, +) / Double(values.count), median: median(values),
            last: last)
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
