import Foundation
import GenesysNotifications
import SwitchboardPipeline
import Testing

@Suite("Pipeline: latency and freshness")
struct FreshnessTests {
    static func snapshot(observedAt instant: String, receivedAfter offset: TimeInterval) -> PipelineEvent {
        Frames.event(
            "v2.analytics.queues.\(Frames.queue).observations",
            #"{"group":{"queueId":"\#(Frames.queue)","mediaType":"voice"},"data":[{"interval":"\#(instant)/\#(instant)","metrics":[{"metric":"oWaiting","stats":{"count":1}}]}]}"#,
            at: offset)
    }

    @Test("latency per family is the receipt time less the time the body carries; backfill is not latency")
    func latency() throws {
        var tracker = FreshnessTracker()
        // Frames.start is 2026-11-18T11:06:40Z; bodies say the change happened 120 ms and 2.2 s before.
        tracker.record(Frames.presence(Frames.onQueue, "ON_QUEUE", modified: "2026-11-18T11:06:39.880Z"))
        tracker.record(Frames.presence(Frames.breakTime, "BREAK", modified: "2026-11-18T11:06:37.800Z"))
        tracker.record(
            Frames.presence(Frames.onQueue, "ON_QUEUE", modified: "2026-11-18T08:00:00.000Z", backfill: true))
        tracker.record(Self.snapshot(observedAt: "2026-11-18T11:06:39.950Z", receivedAfter: 0))
        let presence = try #require(tracker.latency[.userPresence])
        #expect(presence.count == 2)
        #expect(abs((presence.meanMilliseconds ?? 0) - 1_160) < 1)
        #expect(presence.maximumMilliseconds.rounded() == 2_200)
        #expect(presence.percentileMilliseconds(0.5) == 250)
        #expect(presence.percentileMilliseconds(1)?.rounded() == 2_200)
        #expect(tracker.latency[.queueObservations]?.count == 1)
    }

    @Test("a queue with no update for 30 s is reported stale once, then fresh when one comes")
    func staleness() throws {
        var tracker = FreshnessTracker()
        tracker.record(Self.snapshot(observedAt: "2026-11-18T11:06:40.000Z", receivedAfter: 0))
        #expect(tracker.check(now: Frames.start.addingTimeInterval(29)).isEmpty)
        let stale = tracker.check(now: Frames.start.addingTimeInterval(31))
        #expect(stale.map(\.queueId) == [Frames.queue])
        #expect(stale.first?.kind == .stale(age: 31))
        #expect(tracker.check(now: Frames.start.addingTimeInterval(90)).isEmpty)
        #expect(tracker.age(ofQueue: Frames.queue, at: Frames.start.addingTimeInterval(90)) == 90)
        let fresh = tracker.record(Self.snapshot(observedAt: "2026-11-18T11:08:20.000Z", receivedAfter: 100))
        #expect(fresh?.kind == .fresh(after: 100))
        #expect(tracker.check(now: Frames.start.addingTimeInterval(120)).isEmpty)
    }

    @Test("the update rate follows the rate events arrive at")
    func rate() {
        var tracker = FreshnessTracker()
        let topic = "v2.analytics.queues.\(Frames.queue).observations"
        for second in 0..<600 {
            tracker.record(Self.snapshot(observedAt: "2026-11-18T11:06:40.000Z", receivedAfter: Double(second) / 2))
        }
        let now = Frames.start.addingTimeInterval(300)
        #expect(abs(tracker.updateRate(topic: topic, at: now) - 2) < 0.05)
        // Silence lets it decay.
        #expect(tracker.updateRate(topic: topic, at: now.addingTimeInterval(120)) < 0.3)
        #expect(tracker.updateRate(topic: "v2.users.unknown.presence", at: now) == 0)
    }
}
