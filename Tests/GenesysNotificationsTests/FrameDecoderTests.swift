import Foundation
import Testing

@testable import GenesysNotifications

@Suite("Frame decoding")
struct FrameDecoderTests {
    let now = Date()

    @Test("an event keeps topic, version, body, correlation id and the raw text")
    func event() throws {
        let text =
            #"{"topicName":"v2.users.9ed7d9f6-0c59-4360-ac54-40dd35eb9c2f.presence","version":"2","eventBody":{"source":"PURECLOUD","presenceDefinition":{"id":"6a3af858-942f-489d-9700-5f9bcdcdae9b","systemPresence":"AVAILABLE"},"primary":true,"message":"","extra":{"kept":1}},"metadata":{"CorrelationId":"290034f4-c3d7-46fd-8342-ee5bc859b7e9"}}"#
        guard case .event(let envelope) = FrameDecoder.decode(text, receivedAt: now) else {
            Issue.record("not an event")
            return
        }
        #expect(envelope.topicName == "v2.users.9ed7d9f6-0c59-4360-ac54-40dd35eb9c2f.presence")
        #expect(envelope.version == "2")
        #expect(envelope.correlationId == "290034f4-c3d7-46fd-8342-ee5bc859b7e9")
        #expect(envelope.eventBody["presenceDefinition"]?["systemPresence"]?.stringValue == "AVAILABLE")
        #expect(envelope.eventBody["extra"]?["kept"] == .number(1))
        #expect(envelope.eventBody["primary"] == .bool(true))
        #expect(envelope.rawText == text)
        #expect(envelope.topic?.family == .userPresence)
    }

    @Test("booleans stay booleans and numbers stay numbers, however they are nested")
    func scalars() throws {
        let text =
            #"{"topicName":"v2.users.9ed7d9f6-0c59-4360-ac54-40dd35eb9c2f.activity","eventBody":{"t":true,"f":false,"one":1,"zero":0,"big":1649237444949,"half":0.5,"list":[true,1,"x",null],"nested":{"n":null}}}"#
        guard case .event(let envelope) = FrameDecoder.decode(text, receivedAt: now) else {
            Issue.record("not an event")
            return
        }
        let body = envelope.eventBody
        #expect(body["t"] == .bool(true))
        #expect(body["f"] == .bool(false))
        #expect(body["one"] == .number(1))
        #expect(body["zero"] == .number(0))
        #expect(body["big"] == .number(1_649_237_444_949))
        #expect(body["half"] == .number(0.5))
        #expect(body["list"] == .array([.bool(true), .number(1), .string("x"), .null]))
        #expect(body["nested"]?["n"] == .null)
        #expect(envelope.correlationId == nil)
    }

    @Test(
        "heartbeats, pongs and system messages are told apart",
        arguments: [
            (#"{"topicName":"channel.metadata","eventBody":{"message":"WebSocket Heartbeat"}}"#, "heartbeat"),
            (#"{"topicName":"channel.metadata","eventBody":{"message":"pong"}}"#, "pong"),
            (#"{"topicName":"v2.system.socket_closing","eventBody":{"message":"closing"}}"#, "socketClosing"),
            (
                #"{"topicName":"v2.system.no_longer_subscribed.streaming-1-x","eventBody":{"message":"evicted"}}"#,
                "channelGone"
            ),
            (#"{"result":"404","message":"channel not found"}"#, "channelGone"),
            (#"{"result":"200","status":"subscribed","correlationId":"c"}"#, "subscribeReply"),
            (#"{"topicName":"v2.system.token_revoked.abc","eventBody":{}}"#, "tokenRevoked"),
            (#"{"topicName":"v2.system.something.new","eventBody":{}}"#, "otherSystem"),
        ])
    func systemFrames(text: String, kind: String) {
        let frame = FrameDecoder.decode(text, receivedAt: now)
        let actual: String =
            switch frame {
            case .heartbeat: "heartbeat"
            case .pong: "pong"
            case .socketClosing: "socketClosing"
            case .channelGone: "channelGone"
            case .subscribeReply: "subscribeReply"
            case .tokenRevoked: "tokenRevoked"
            case .otherSystem: "otherSystem"
            case .event: "event"
            case .malformed: "malformed"
            }
        #expect(actual == kind)
    }

    @Test(
        "frames that cannot be used are classified, never fatal",
        arguments: [
            ("not json at all", MalformedFrame.notJSON), (#"{"eventBody":{}}"#, .missingTopicName), ("", .notJSON),
            (#"{"topicName":""}"#, .missingTopicName), ("[1,2,3]", .notJSON),
        ])
    func malformed(text: String, kind: MalformedFrame) {
        guard case .malformed(let actual) = FrameDecoder.decode(text, receivedAt: now) else {
            Issue.record("accepted: \(text)")
            return
        }
        #expect(actual == kind)
    }

    @Test("recent ids drop repeats and forget the oldest past capacity")
    func recentIDs() {
        var recent = RecentIDs(capacity: 3)
        var inserted: Bool
        inserted = recent.insert("a")
        #expect(inserted)
        inserted = recent.insert("a")
        #expect(!inserted)
        inserted = recent.insert("b")
        #expect(inserted)
        inserted = recent.insert("c")
        #expect(inserted)
        inserted = recent.insert("d")
        #expect(inserted)
        inserted = recent.insert("a")
        #expect(inserted)
        inserted = recent.insert("d")
        #expect(!inserted)
    }
}
