import Foundation
import GenesysNotifications
import SwitchboardPipeline
import Testing

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
}
