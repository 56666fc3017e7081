import Foundation
import GenesysNotifications
import Testing

@testable import SwitchboardPipeline
@testable import SwitchboardSinks

@Suite("Deliveries made from pipeline events")
struct DeliveryTests {
    @Test("a live event is keyed by topic and correlation id, carries its record and its body as received")
    func liveEvent() throws {
        let event = try SinkFixtures.event(SinkFixtures.conversationFrame)
        let delivery = Delivery(event)
        #expect(
            delivery.key == "v2.routing.queues.\(SinkFixtures.queue).conversations|290034f4-c3d7-46fd-8342-ee5bc859b7e9"
        )
        #expect(delivery.record?.conversationId == "c1")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(delivery.json.utf8)) as? [String: Any])
        #expect(object["origin"] as? String == "live")
        #expect(object["receivedAt"] as? String == "2024-05-01T10:00:00.000Z")
        #expect((object["record"] as? [String: Any])?["queueId"] as? String == SinkFixtures.queue)
        #expect((object["record"] as? [String: Any])?["state"] as? String == "waiting")
        #expect(delivery.json.contains(#""body":{"id":"c1","participants":[{"id":"p1","purpose":"customer""#))
        #expect(!delivery.json.contains("\n"))
        #expect(Delivery(try SinkFixtures.event(SinkFixtures.conversationFrame)).key == delivery.key)
    }

    @Test("text is escaped, so any topic or id still makes valid JSON")
    func escaping() {
        #expect(JSONText.quoted("a\"b\\c\nd\u{01}é") == #""a\"b\\c\nd\u0001é""#)
    }

    static func routing(_ status: String, since: String, id: Int) throws -> PipelineEvent {
        try SinkFixtures.event(
            #"{"topicName":"v2.users.\#(SinkFixtures.agent).routingStatus","version":"2","eventBody":{"id":"\#(SinkFixtures.agent)","routingStatus":{"status":"\#(status)","startTime":"\#(since)"}},"metadata":{"CorrelationId":"c-\#(id)"}}"#
        )
    }

    @Test("a presence delta names the agent, before and after, and keeps its key when derived again")
    func presenceDelta() throws {
        var deltas = PresenceDeltas()
        _ = deltas.apply(try Self.routing("IDLE", since: "2026-11-24T10:00:00.000Z", id: 1))
        let delta = try #require(
            deltas.apply(try Self.routing("INTERACTING", since: "2026-11-24T10:02:30.000Z", id: 2)).first)
        let at = Date(timeIntervalSince1970: 1_795_000_000)
        let delivery = Delivery(delta, receivedAt: at)
        #expect(delivery.kind == .presenceDelta)
        #expect(delivery.key == "presence|\(SinkFixtures.agent)|-@-|INTERACTING@2026-11-24T10:02:30.000Z")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(delivery.json.utf8)) as? [String: Any])
        #expect(object["kind"] as? String == "presenceDelta" && object["userId"] as? String == SinkFixtures.agent)
        #expect((object["before"] as? [String: Any])?["routingStatus"] as? String == "IDLE")
        #expect((object["after"] as? [String: Any])?["routingStatus"] as? String == "INTERACTING")
        #expect(object["previousRoutingStatusSeconds"] as? Int == 150)
        #expect(object["routingStatusChanged"] as? Bool == true && object["presenceChanged"] as? Bool == false)
        #expect(Delivery(delta, receivedAt: at.addingTimeInterval(5)).key == delivery.key)
    }

    @Test("window summaries and outliers carry their series and numbers; infinite scores are null")
    func windowReports() throws {
        let series = SeriesKey(queueId: SinkFixtures.queue, mediaType: "voice", metric: "oWaiting")
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        let summary = WindowSummary(
            key: series, start: start, end: start.addingTimeInterval(300), count: 10, minimum: 1, maximum: 9,
            mean: 4.5, median: 4, last: 9)
        let closed = Delivery(.windowClosed(summary), receivedAt: start.addingTimeInterval(301))
        #expect(closed.kind == .windowClosed)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(closed.json.utf8)) as? [String: Any])
        #expect((object["series"] as? [String: Any])?["metric"] as? String == "oWaiting")
        #expect(object["mean"] as? Double == 4.5 && object["count"] as? Int == 10)

        let outlier = Outlier(
            sample: MetricSample(key: series, value: 40, at: start.addingTimeInterval(120)), median: 4, deviation: 0,
            score: .infinity)
        let spotted = Delivery(.outlier(outlier), receivedAt: start.addingTimeInterval(120))
        #expect(spotted.kind == .outlier)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(spotted.json.utf8)) as? [String: Any])
        #expect(parsed["value"] as? Int == 40)
        #expect(parsed["score"] is NSNull)
        #expect(spotted.key.hasPrefix("outlier|"))
    }
}
