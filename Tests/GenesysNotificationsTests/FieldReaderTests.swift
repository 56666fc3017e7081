import Foundation
import GenesysCloud
import Testing

@testable import GenesysNotifications

/// Bodies are read field by field from the frame's bytes. These pin the tolerance policy that
/// reading keeps, and that a frame and `JSONDecoder` give the same model.
@Suite("Reading event bodies from frame bytes")
struct FieldReaderTests {
    static let user = EventTestSupport.userId
    static let queue = EventTestSupport.queueId

    /// The typed event of a frame carrying `body` on `topic`.
    static func typed(_ topic: String, _ body: String) throws -> TypedEvent {
        let frame = #"{"topicName":"\#(topic)","version":"2","eventBody":\#(body),"metadata":{"CorrelationId":"c"}}"#
        let envelope = try #require(NotificationEnvelope(frame: frame))
        return envelope.decoded()
    }

    static func presence(_ body: String) throws -> PresenceEvent {
        guard case .presence(_, let presence) = try typed("v2.users.\(user).presence", body) else {
            throw Failure("not a presence event: \(body)")
        }
        return presence
    }

    static func conversation(_ body: String) throws -> ConversationEvent {
        guard case .queueConversation(_, let conversation) = try typed("v2.routing.queues.\(queue).conversations", body)
        else { throw Failure("not a conversation event: \(body)") }
        return conversation
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    @Test("unknown keys are kept, nested ones whole, and a null is simply absent")
    func unknownKeysKept() throws {
        let presence = try Self.presence(
            #"{"source":"PURECLOUD","primary":null,"workflow":{"id":"w","steps":[1,2]},"note":"x"}"#)
        #expect(presence.source == "PURECLOUD")
        #expect(presence.primary == nil)
        #expect(presence.additionalFields["primary"] == nil)
        #expect(
            presence.additionalFields["workflow"]
                == .object(["id": .string("w"), "steps": .array([.number(1), .number(2)])]))
        #expect(presence.additionalFields["note"] == .string("x"))
    }

    @Test("a known key of the wrong type reads as nil and is kept raw under its own key")
    func wrongTypeKept() throws {
        let presence = try Self.presence(#"{"primary":"yes","message":7,"modifiedDate":"yesterday"}"#)
        #expect(presence.primary == nil)
        #expect(presence.message == nil)
        #expect(presence.modifiedDate == nil)
        #expect(
            presence.additionalFields == [
                "primary": .string("yes"), "message": .number(7), "modifiedDate": .string("yesterday"),
            ])
    }

    @Test("a small leaf with a bad field is kept raw whole; its unknown keys are ignored")
    func strictLeaves() throws {
        let bad = try Self.presence(#"{"presenceDefinition":{"id":5,"systemPresence":"AVAILABLE"}}"#)
        #expect(bad.presenceDefinition == nil)
        #expect(
            bad.additionalFields["presenceDefinition"]
                == .object(["id": .number(5), "systemPresence": .string("AVAILABLE")]))
        let extra = try Self.presence(#"{"presenceDefinition":{"id":"p","systemPresence":"BUSY","selfUri":"/p"}}"#)
        #expect(extra.presenceDefinition?.id == "p")
        #expect(extra.normalisedSystemPresence == "BUSY")
        #expect(extra.additionalFields.isEmpty)
    }

    @Test("an array with an element of the wrong shape is kept raw whole")
    func badArrayElement() throws {
        let conversation = try Self.conversation(#"{"id":"c1","participants":[{"id":"p1","purpose":"customer"},5]}"#)
        #expect(conversation.id == "c1")
        #expect(conversation.participants == nil)
        #expect(
            conversation.additionalFields["participants"]
                == .array([.object(["id": .string("p1"), "purpose": .string("customer")]), .number(5)]))
    }

    @Test("integers come from integral numbers only; times in other ISO-8601 spellings still read")
    func numbersAndDates() throws {
        let conversation = try Self.conversation(
            #"{"id":"c","maxParticipants":3.0,"participants":[{"id":"a","wrapupTimeoutMs":1.5,"connectedTime":"2024-05-01T12:00:00+02:00","endTime":"2024-05-01T10:00:01.5Z"}]}"#
        )
        #expect(conversation.maxParticipants == 3)
        let participant = try #require(conversation.participants?.first)
        #expect(participant.wrapupTimeoutMs == nil)
        #expect(participant.additionalFields["wrapupTimeoutMs"] == .number(1.5))
        #expect(participant.connectedTime == Date(timeIntervalSince1970: 1_714_557_600))
        #expect(participant.endTime == Date(timeIntervalSince1970: 1_714_557_601.5))
    }

    @Test("a key written with escapes names the same field; of two equal keys the last wins")
    func escapedAndRepeatedKeys() throws {
        let presence = try Self.presence(#"{"sour\u0063e":"ESCAPED","message":"first","message":"second"}"#)
        #expect(presence.source == "ESCAPED")
        #expect(presence.message == "second")
        #expect(presence.additionalFields.isEmpty)
    }

    @Test("statistics keep numbers only, the last of a repeated name, and compare whatever their order")
    func statistics() throws {
        let body =
            #"{"group":{"queueId":"\#(Self.queue)","mediaType":"voice"},"data":[{"interval":"2024-05-01T10:00:00.000Z/2024-05-01T10:30:00.000Z","metrics":[{"metric":"tHandle","stats":{"max":9,"count":2,"sum":10,"note":"x","count":3}},{"metric":"oBrandNew","qualifier":"Q","stats":{"count":1}}]}]}"#
        guard
            case .queueObservation(_, let stats) = try Self.typed(
                "v2.analytics.queues.\(Self.queue).observations", body)
        else {
            Issue.record("not an observation")
            return
        }
        let handle = try #require(stats.stats(of: .tHandle))
        #expect(handle.values == ["count": 3, "sum": 10, "max": 9])
        #expect(handle == MetricStats(values: ["sum": 10, "max": 9, "count": 3]))
        #expect(stats.count(of: "oBrandNew", qualifier: "Q") == 1)
        #expect(stats.data?.first?.start == Date(timeIntervalSince1970: 1_714_557_600))
        #expect(stats.data?.first?.isSnapshot == false)
    }

    @Test("a body that is not JSON never passes as an event")
    func brokenBody() {
        let frame = #"{"topicName":"v2.users.\#(Self.user).presence","eventBody":{"source":"PURECLOUD",}}"#
        #expect(NotificationEnvelope(frame: frame) == nil)
        guard case .malformed(.notJSON) = FrameDecoder.decode(frame, receivedAt: Date()) else {
            Issue.record("a broken body is a malformed frame")
            return
        }
    }

    @Test("a frame and JSONDecoder read a body to the same model, which writes the body back", arguments: 0..<4)
    func frameAndDecoderAgree(_ index: Int) throws {
        let bodies: [(String, String)] = [
            (
                "v2.users.\(Self.user).presence",
                #"{"source":"PURECLOUD","presenceDefinition":{"id":"6a3af858-942f-489d-9700-5f9bcdcdae9b","systemPresence":"ON_QUEUE"},"primary":true,"message":"","modifiedDate":"2024-05-01T10:00:00.123Z","x":[1]}"#
            ),
            (
                "v2.routing.queues.\(Self.queue).conversations",
                #"{"id":"c","participants":[{"id":"a","purpose":"agent","userId":"u","attributes":{"k":"v"},"calls":[{"id":"s","state":"connected","held":false,"self":{"addressNormalized":"tel:+1"},"afterCallWork":{"state":"pending"},"new":true}],"conversationRoutingData":{"queue":{"id":"q"},"priority":2}}],"recentTransfers":[{"a":1}]}"#
            ),
            (
                "v2.users.\(Self.user).conversationsummary",
                #"{"userId":"u","call":{"contactCenter":{"active":1,"acw":0},"enterprise":{"active":0}},"chat":{"contactCenter":{"active":"x"}}}"#
            ),
            (
                "v2.users.\(Self.user).routingStatus",
                #"{"id":"u","routingStatus":{"status":"IDLE","startTime":"2024-05-01T10:00:00.000Z"},"errorInfo":{"errorCode":"e","userParams":[{"key":"k","value":"v"}]}}"#
            ),
        ]
        let (topic, body) = bodies[index]
        func check<Model: Codable & Equatable>(_ model: Model) throws {
            #expect(model == (try EventTestSupport.decode(Model.self, body)))
            #expect(try EventTestSupport.encoded(model) == EventTestSupport.json(body))
        }
        switch try Self.typed(topic, body) {
        case .presence(_, let model): try check(model)
        case .queueConversation(_, let model): try check(model)
        case .conversationSummary(_, let model): try check(model)
        case .routingStatus(_, let model): try check(model)
        case let other: Issue.record("unexpected \(other)")
        }
    }
}
