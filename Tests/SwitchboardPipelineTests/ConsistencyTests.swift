import Foundation
import GenesysNotifications
import SwitchboardPipeline
import Testing

@Suite("Pipeline: consistency checks")
struct ConsistencyTests {
    static func observation(_ interval: String, _ metrics: String, media: String? = "voice", at: TimeInterval = 0)
        -> PipelineEvent
    {
        let group =
            media.map { #"{"queueId":"\#(Frames.queue)","mediaType":"\#($0)"}"# } ?? #"{"queueId":"\#(Frames.queue)"}"#
        return Frames.event(
            "v2.analytics.queues.\(Frames.queue).observations",
            #"{"group":\#(group),"data":[{"interval":"\#(interval)","metrics":[\#(metrics)]}]}"#, at: at)
    }

    static let halfHour = "2026-11-18T11:00:00.000Z/2026-11-18T11:30:00.000Z"

    @Test("sound statistics raise nothing")
    func sound() {
        var checker = ConsistencyChecker()
        #expect(checker.check(Self.observation(Self.halfHour, #"{"metric":"nOffered","stats":{"count":5}}"#)).isEmpty)
        let instant = "2026-11-18T11:06:40.000Z"
        #expect(
            checker.check(
                Self.observation(
                    "\(instant)/\(instant)",
                    #"{"metric":"oWaiting","stats":{"count":3}},{"metric":"oLongestWaiting","stats":{"count":1,"calculatedMetricValue":1794999990000}}"#
                )
            ).isEmpty)
    }

    @Test("negative values, fractional counts and backwards intervals are each reported")
    func malformedStatistics() {
        var checker = ConsistencyChecker()
        let found = checker.check(
            Self.observation(
                "2026-11-18T11:30:00.000Z/2026-11-18T11:00:00.000Z",
                #"{"metric":"tHandle","stats":{"count":2,"sum":-5}},{"metric":"nOffered","stats":{"count":2.5}}"#))
        #expect(
            found.map(\.kind) == [
                .badInterval("2026-11-18T11:30:00.000Z/2026-11-18T11:00:00.000Z"),
                .negative(metric: "tHandle", stat: "sum", value: -5), .fractionalCount(metric: "nOffered", value: 2.5),
            ])
        #expect(found.allSatisfy { $0.queueId == Frames.queue && $0.mediaType == "voice" })
        #expect(found[1].description.contains("tHandle.sum is negative"))
    }

    @Test("a snapshot older than the last one of its group is out of order; other groups are separate")
    func order() {
        var checker = ConsistencyChecker()
        let later = "2026-11-18T11:06:50.000Z"
        let earlier = "2026-11-18T11:06:40.000Z"
        let waiting = #"{"metric":"oWaiting","stats":{"count":0}}"#
        #expect(checker.check(Self.observation("\(later)/\(later)", waiting)).isEmpty)
        #expect(checker.check(Self.observation("\(earlier)/\(earlier)", waiting, media: "chat")).isEmpty)
        let found = checker.check(Self.observation("\(earlier)/\(earlier)", waiting))
        guard case .outOfOrder? = found.first?.kind else {
            Issue.record("expected out of order, got \(found)")
            return
        }
        // A backfill record carries the client's clock: it neither orders nor is ordered.
        let clientTime = "2026-11-18T11:07:30.000Z"
        let backfill = Frames.event(
            "v2.analytics.queues.\(Frames.queue).observations",
            #"{"group":{"queueId":"\#(Frames.queue)","mediaType":"voice"},"data":[{"interval":"\#(clientTime)/\#(clientTime)","metrics":[\#(waiting)]}]}"#,
            backfill: true)
        #expect(checker.check(backfill).isEmpty)
        let next = "2026-11-18T11:07:00.000Z"
        #expect(checker.check(Self.observation("\(next)/\(next)", waiting)).isEmpty)
    }

    @Test("more waiting than offered is reported only when every waiting one began this half-hour")
    func waitingExceedsOffered() {
        var checker = ConsistencyChecker()
        _ = checker.check(Self.observation(Self.halfHour, #"{"metric":"nOffered","stats":{"count":2}}"#))
        let instant = "2026-11-18T11:06:40.000Z"
        // Longest wait began 11:06:10, inside the half-hour. The snapshot alone may run ahead of
        // the half-hour message; the next half-hour message still saying 2 offers is the error.
        let snapshot = checker.check(
            Self.observation(
                "\(instant)/\(instant)",
                #"{"metric":"oWaiting","stats":{"count":3}},{"metric":"oLongestWaiting","stats":{"count":1,"calculatedMetricValue":1794999970000}}"#
            ))
        #expect(snapshot.isEmpty)
        let inside = checker.check(Self.observation(Self.halfHour, #"{"metric":"nOffered","stats":{"count":2}}"#))
        #expect(inside.map(\.kind) == [.waitingExceedsOffered(waiting: 3, offered: 2)])
        // Once the offers are counted, all is well.
        #expect(checker.check(Self.observation(Self.halfHour, #"{"metric":"nOffered","stats":{"count":3}}"#)).isEmpty)
        // Longest wait began 10:58, in the previous half-hour: carried-over waits are fine.
        _ = checker.check(
            Self.observation(
                "\(instant)/\(instant)",
                #"{"metric":"oWaiting","stats":{"count":5}},{"metric":"oLongestWaiting","stats":{"count":1,"calculatedMetricValue":1794999480000}}"#,
                at: 1))
        #expect(checker.check(Self.observation(Self.halfHour, #"{"metric":"nOffered","stats":{"count":3}}"#)).isEmpty)
    }
}
