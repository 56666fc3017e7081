import Foundation
import GenesysNotifications
import SwitchboardPipeline
import Testing

@Suite("Pipeline: windows and outliers")
struct WindowTests {
    static let key = SeriesKey(queueId: Frames.queue, mediaType: "voice", metric: "oWaiting")

    static func sample(_ value: Double, at seconds: TimeInterval) -> MetricSample {
        MetricSample(key: key, value: value, at: Frames.start.addingTimeInterval(seconds))
    }

    @Test("samples come from snapshot counts, the longest wait and half-hour averages and ratios")
    func samples() {
        let instant = "2026-11-18T11:06:40.000Z"
        let snapshot = Frames.event(
            "v2.analytics.queues.\(Frames.queue).observations",
            #"{"group":{"queueId":"\#(Frames.queue)","mediaType":"voice"},"data":[{"interval":"\#(instant)/\#(instant)","metrics":[{"metric":"oWaiting","stats":{"count":4}},{"metric":"oLongestWaiting","stats":{"count":1,"calculatedMetricValue":1794999970000}}]}]}"#
        )
        let values = Dictionary(
            uniqueKeysWithValues: MetricSample.samples(of: snapshot).map { ($0.key.metric, $0.value) })
        #expect(values == ["oWaiting": 4, "oLongestWaiting": 30])

        let aggregate = Frames.event(
            "v2.analytics.queues.\(Frames.queue).observations",
            #"{"group":{"queueId":"\#(Frames.queue)","mediaType":"voice"},"data":[{"interval":"2026-11-18T11:00:00.000Z/2026-11-18T11:30:00.000Z","metrics":[{"metric":"nOffered","stats":{"count":12}},{"metric":"tHandle","stats":{"count":2,"sum":600000,"min":200000,"max":400000}},{"metric":"oServiceLevel","stats":{"ratio":0.75,"numerator":3,"denominator":4}}]}]}"#
        )
        let half = Dictionary(
            uniqueKeysWithValues: MetricSample.samples(of: aggregate).map { ($0.key.metric, $0.value) })
        #expect(half == ["nOffered": 12, "tHandle": 300_000, "oServiceLevel": 0.75])
        #expect(MetricSample.samples(of: Frames.routing("IDLE", since: instant)).isEmpty)
    }

    @Test("tumbling windows report a summary when the next window begins")
    func tumbling() throws {
        var windows = WindowedAggregator(configuration: .init(window: .tumbling(60)))
        // Frames.start is 11:06:40; 60-s windows align to the epoch, so one begins 20 s later.
        for (index, value) in [3.0, 5, 4, 8].enumerated() {
            #expect(windows.add(Self.sample(value, at: 20 + Double(index) * 10)).isEmpty)
        }
        let reports = windows.add(Self.sample(1, at: 85))
        guard case .windowClosed(let summary)? = reports.first else {
            Issue.record("expected a closed window, got \(reports)")
            return
        }
        #expect(summary.count == 4 && summary.minimum == 3 && summary.maximum == 8 && summary.mean == 5)
        #expect(summary.median == 4.5 && summary.last == 8)
        #expect(summary.start == Frames.start.addingTimeInterval(20))
        #expect(summary.end == Frames.start.addingTimeInterval(80))
        let current = try #require(windows.summary(of: Self.key))
        #expect(current.count == 1 && current.last == 1)
    }

    @Test("sliding windows keep only the last stretch of samples")
    func sliding() throws {
        var windows = WindowedAggregator(configuration: .init(window: .sliding(30)))
        for second in stride(from: 0, through: 100, by: 10) {
            _ = windows.add(Self.sample(Double(second), at: Double(second)))
        }
        let summary = try #require(windows.summary(of: Self.key))
        #expect(summary.count == 3)  // 80, 90, 100: 70 is exactly 30 s old and out
        #expect(summary.minimum == 80 && summary.maximum == 100)
    }

    @Test("a series keeps at most maximumSamples, the oldest going first, however often it reports")
    func boundedSeries() throws {
        var windows = WindowedAggregator(configuration: .init(window: .sliding(300), maximumSamples: 50))
        for index in 0..<1_000 {
            _ = windows.add(Self.sample(Double(index), at: Double(index) * 0.1))
        }
        let summary = try #require(windows.summary(of: Self.key))
        #expect(summary.count == 50)
        #expect(summary.minimum == 950 && summary.last == 999)
    }

    @Test("the series and samples held are counted as windows slide, cap and close")
    func retainedCounts() {
        var sliding = WindowedAggregator(configuration: .init(window: .sliding(30), maximumSamples: 5))
        let other = SeriesKey(queueId: Frames.queue.uppercased(), mediaType: "VOICE", metric: "oInteracting")
        for second in stride(from: 0, through: 20, by: 10) {
            _ = sliding.add(Self.sample(1, at: Double(second)))
        }
        _ = sliding.add(MetricSample(key: other, value: 2, at: Frames.start))
        #expect(sliding.seriesCount == 2 && sliding.sampleCount == 4)
        _ = sliding.add(Self.sample(1, at: 45))  // 0 and 10 are out of the window
        #expect(sliding.sampleCount == 3)
        for tenth in 0..<20 { _ = sliding.add(Self.sample(1, at: 45 + Double(tenth) / 10)) }
        #expect(sliding.sampleCount == 6, "five for the busy series, one for the other")
        #expect(sliding.keys.contains(SeriesKey(queueId: Frames.queue, mediaType: "voice", metric: "oInteracting")))

        // A sample a month out of order is not kept: the window's times are counted from its first.
        _ = sliding.add(Self.sample(1, at: -30 * 86_400))
        #expect(sliding.sampleCount == 6)

        // A window that never empties for a month keeps counting its samples' times.
        var daily = WindowedAggregator(configuration: .init(window: .sliding(86_400)))
        for hour in 0..<(30 * 24) { _ = daily.add(Self.sample(Double(hour), at: Double(hour) * 3_600)) }
        let month = daily.summary(of: Self.key)
        #expect(daily.sampleCount == 24 && month?.count == 24 && month?.minimum == 696 && month?.last == 719)
        #expect(month?.end == Frames.start.addingTimeInterval(719 * 3_600))

        var tumbling = WindowedAggregator(configuration: .init(window: .tumbling(60)))
        for second in [20.0, 30, 40] { _ = tumbling.add(Self.sample(1, at: second)) }
        #expect(tumbling.sampleCount == 3)
        _ = tumbling.add(Self.sample(1, at: 85))  // the next window: the closed one's samples go
        #expect(tumbling.sampleCount == 1 && tumbling.seriesCount == 1)
    }

    @Test("a spike is an outlier by robust z-score; ordinary noise and one spike's aftermath are not")
    func outliers() {
        var windows = WindowedAggregator(configuration: .init(window: .sliding(600), threshold: 3.5, minimumSamples: 8))
        let noise: [Double] = [4, 5, 6, 5, 4, 6, 5, 5, 4, 6]
        var reports: [WindowedAggregator.Report] = []
        for (index, value) in noise.enumerated() { reports += windows.add(Self.sample(value, at: Double(index))) }
        #expect(reports.isEmpty)
        let spike = windows.add(Self.sample(40, at: 20))
        guard case .outlier(let outlier)? = spike.first else {
            Issue.record("expected an outlier, got \(spike)")
            return
        }
        #expect(outlier.median == 5 && outlier.deviation == 1)
        #expect(abs(outlier.score - 0.6745 * 35) < 1e-9)
        // The median barely moves: the next ordinary value is still ordinary, the next spike still a spike.
        #expect(windows.add(Self.sample(5, at: 21)).isEmpty)
        #expect(windows.add(Self.sample(45, at: 22)).count == 1)
    }

    @Test("a flat window makes any change an outlier; too few samples judge nothing; other metrics are ignored")
    func edges() {
        var flat = WindowedAggregator(configuration: .init(minimumSamples: 3))
        for second in 0..<3 { _ = flat.add(Self.sample(0, at: Double(second))) }
        guard case .outlier(let outlier)? = flat.add(Self.sample(1, at: 3)).first else {
            Issue.record("a change from a flat window is an outlier")
            return
        }
        #expect(outlier.score == .infinity)

        var young = WindowedAggregator(configuration: .init(minimumSamples: 8))
        for second in 0..<7 { _ = young.add(Self.sample(5, at: Double(second))) }
        #expect(young.add(Self.sample(500, at: 7)).isEmpty)

        var picky = WindowedAggregator(configuration: .init(metrics: ["oInteracting"]))
        #expect(picky.add(Self.sample(5, at: 0)).isEmpty && picky.keys.isEmpty)
    }
}
