import Foundation
import Testing

@testable import SwitchboardPipeline

@Suite("Pipeline: the memory windows keep")
struct WindowMemoryTests {
    static func key(_ index: Int) -> SeriesKey {
        SeriesKey(queueId: "queue-\(index)", mediaType: "voice", metric: "oWaiting")
    }

    @Test("sliding windows keep room for about a quarter more samples than they hold, after growing and shrinking")
    func boundedRoom() {
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        // Outliers are not judged (they would sort every window on every sample): only the room.
        var windows = WindowedAggregator(configuration: .init(window: .sliding(300), minimumSamples: 100_000))
        // 100 series, a sample a second each for ten minutes: each window fills to 300 and slides.
        for second in 0..<600 {
            for series in 0..<100 {
                _ = windows.add(
                    MetricSample(key: Self.key(series), value: Double(second % 7), at: start + Double(second)))
            }
        }
        #expect(windows.sampleCount == 100 * 300)
        #expect(Double(windows.sampleCapacity) <= 1.3 * Double(windows.sampleCount), "\(windows.sampleCapacity)")

        // The same series slowed to a sample a minute: as their windows empty, their room shrinks.
        for minute in 1...10 {
            for series in 0..<100 {
                _ = windows.add(
                    MetricSample(key: Self.key(series), value: 1, at: start + 600 + Double(minute) * 60))
            }
        }
        #expect(windows.sampleCount == 100 * 5)
        #expect(windows.sampleCapacity <= 100 * 16, "\(windows.sampleCapacity)")
    }
}
