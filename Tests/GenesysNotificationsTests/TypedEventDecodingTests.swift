import Foundation
import GenesysCloud
import Testing

@testable import GenesysNotifications

@Suite("Typed event decoding")
struct TypedEventDecodingTests {
    let user = EventTestSupport.userId
    let queue = EventTestSupport.queueId
    let conversation = EventTestSupport.conversationId

    private func decoded(_ topic: String, _ body: String) throws -> TypedEvent {
        try EventTestSupport.envelope(topic, body).decoded()
    }

    @Test("user topics reach their cases with the id from the topic")
    func userTopics() throws {
        guard case .presence(let userId, let presence) = try decoded("v2.users.\(user).presence", #"{"primary":true}"#)
        else { Issue.record("not presence"); return }
        #expect(userId == user)
        #expect(presence.primary == true)

        guard
            case .routingStatus(user, let status) = try decoded(
                "v2.users.\(user).routingStatus", #"{"routingStatus":{"status":"IDLE"}}"#)
        else { Issue.record("not routing status"); return }
        #expect(status.status == .idle)

        guard case .activity(user, let activity) = try decoded("v2.users.\(user).activity", #"{"id":"x"}"#)
        else { Issue.record("not activity"); return }
        #expect(activity.id == "x")

        guard
            case .conversationSummary(user, let summary) = try decoded(
                "v2.users.\(user).conversationsummary", #"{"call":{"contactCenter":{"active":1}}}"#)
        else { Issue.record("not summary"); return }
        #expect(summary.totalContactCenterActive == 1)

        guard
            case .userAggregate(user, let aggregate) = try decoded(
                "v2.analytics.users.\(user).aggregates", #"{"group":{"userId":"\#(user)"}}"#)
        else { Issue.record("not user aggregate"); return }
        #expect(aggregate.userId == user)

        guard
            case .agentState(user, let state) = try decoded(
                "v2.detail.events.agent.\(user).state", #"{"currentState":"ALERT"}"#)
        else { Issue.record("not agent state"); return }
        #expect(state.currentState == .alert)
    }

    @Test("conversation topics, with and without a media suffix, reach their cases")
    func conversationTopics() throws {
        let body = #"{"id":"\#(conversation)","participants":[{"purpose":"customer","calls":[{"state":"connected"}]}]}"#
        guard case .userConversation(user, let mine) = try decoded("v2.users.\(user).conversations.calls", body)
        else { Issue.record("not user conversation"); return }
        #expect(mine.isWaiting)
        guard case .userConversation(user, _) = try decoded("v2.users.\(user).conversations", body)
        else { Issue.record("not user conversation"); return }
        guard
            case .queueConversation(queue, let queued) = try decoded(
                "v2.routing.queues.\(queue).conversations.emails", body)
        else { Issue.record("not queue conversation"); return }
        #expect(queued.id == conversation)
    }

    @Test("observations and detail events reach their cases; the detail type is the topic suffix")
    func analyticsTopics() throws {
        let observation =
            #"{"group":{"queueId":"\#(queue)"},"data":[{"interval":"2024-12-30T09:46:54.839Z/2024-12-30T09:46:54.839Z","metrics":[{"metric":"oWaiting","stats":{"count":2}}]}]}"#
        guard
            case .queueObservation(queue, let stats) = try decoded(
                "v2.analytics.queues.\(queue).observations", observation)
        else { Issue.record("not observation"); return }
        #expect(stats.isSnapshot)
        #expect(stats.count(of: .oWaiting) == 2)

        for type in ["acd.start", "acd.end", "user.start", "user.end", "customer.start", "acw", "wrapup", "flow.end"] {
            let event = try decoded(
                "v2.detail.events.conversation.\(conversation).\(type)", #"{"eventTime":1649237444949}"#)
            guard case .conversationDetail(conversation, let decodedType, let detail) = event
            else { Issue.record("\(type) not a detail event"); continue }
            #expect(decodedType == type)
            #expect(detail.eventTime == 1_649_237_444_949)
        }
    }

    @Test("system topics reach the system case")
    func systemTopics() throws {
        let body = #"{"systemTopicType":"token_revoked","reason":"user_tokens_revoked"}"#
        for topic in [
            "v2.system.socket_closing", "v2.system.token_revoked.\(user)", "V2.SYSTEM.no_longer_subscribed.x",
        ] {
            guard case .system(let message) = try decoded(topic, body)
            else { Issue.record("\(topic) not system"); continue }
            #expect(message.reason == .userTokensRevoked)
        }
    }

    @Test("topics without a model are unmodelled")
    func unmodelled() throws {
        #expect(try decoded("v2.users.\(user).station", #"{"associatedStation":{}}"#) == .unmodelled)
        #expect(try decoded("v2.routing.queues.\(queue).users", "{}") == .unmodelled)
        #expect(try decoded("v2.analytics.queues.\(queue).activity", "{}") == .unmodelled)
        #expect(try decoded("v2.users.\(user).outofoffice", "{}") == .unmodelled)
        #expect(try decoded("v2.flows.something.new", "{}") == .unmodelled)
        #expect(try decoded("channel.metadata", #"{"message":"WebSocket Heartbeat"}"#) == .unmodelled)
    }

    @Test("a body that is not an object is undecodable, with the reason, and does not throw")
    func undecodable() throws {
        for body in [#""just text""#, "[1,2]", "null", "42"] {
            guard case .undecodable(let failure) = try decoded("v2.users.\(user).presence", body)
            else { Issue.record("\(body) decoded"); continue }
            #expect(failure.topicName == "v2.users.\(user).presence")
            #expect(failure.family == .userPresence)
            #expect(!failure.reason.isEmpty)
        }
    }

    @Test("an envelope without raw text decodes from its parsed body")
    func noRawText() throws {
        let envelope = NotificationEnvelope(
            topicName: "v2.users.\(user).presence", version: "2",
            eventBody: .object(["primary": .bool(false), "modifiedDate": .string("2024-05-01T10:00:00.000Z")]),
            correlationId: nil, rawText: "", receivedAt: Date())
        guard case .presence(_, let presence) = envelope.decoded() else {
            Issue.record("not presence")
            return
        }
        #expect(presence.primary == false)
        #expect(presence.modifiedDate == Date(timeIntervalSince1970: 1_714_557_600))
    }

    @Test("a frame with no eventBody at all is undecodable")
    func missingBody() {
        let envelope = NotificationEnvelope(
            topicName: "v2.users.\(user).presence", version: "2", eventBody: .null, correlationId: nil,
            rawText: #"{"topicName":"v2.users.\#(user).presence"}"#, receivedAt: Date())
        guard case .undecodable = envelope.decoded() else {
            Issue.record("decoded")
            return
        }
    }
}
