import Foundation
import Testing

@testable import GenesysNotifications

@Suite("Topics")
struct TopicTests {
    let user = "9ed7d9f6-0c59-4360-ac54-40dd35eb9c2f"
    let queue = "6a3af858-942f-489d-9700-5f9bcdcdae9b"

    @Test("typed builders write the platform's names")
    func builders() throws {
        let userId = try #require(UUID(uuidString: user))
        let queueId = try #require(UUID(uuidString: queue))
        #expect(Topic.userPresence(userId).name == "v2.users.\(user).presence")
        #expect(Topic.userRoutingStatus(userId).name == "v2.users.\(user).routingStatus")
        #expect(Topic.userConversations(userId, media: .calls).name == "v2.users.\(user).conversations.calls")
        #expect(Topic.queueConversations(queueId).name == "v2.routing.queues.\(queue).conversations")
        #expect(Topic.queueObservations(queueId).name == "v2.analytics.queues.\(queue).observations")
        #expect(Topic.userAggregates(userId).name == "v2.analytics.users.\(user).aggregates")
        #expect(Topic.conversationDetail(queueId, .acdStart).name == "v2.detail.events.conversation.\(queue).acd.start")
    }

    @Test("parsing canonicalises case and finds family and id")
    func parsing() throws {
        let topic = try Topic(parsing: " V2.Users.\(user.uppercased()).ROUTINGSTATUS ")
        #expect(topic.name == "v2.users.\(user).routingStatus")
        #expect(topic.family == .userRoutingStatus)
        #expect(topic.entityId == user)
        #expect(topic.prefix == "v2.users.\(user)")
        #expect(topic.suffix == "routingStatus")
        #expect(try Topic(parsing: "v2.routing.queues.\(queue).conversations.emails").suffix == "conversations.emails")
        #expect(try Topic(parsing: "v2.users.\(user).presence") == Topic(parsing: "v2.users.\(user).PRESENCE"))
    }

    @Test("a bad id is an error that shows what an id looks like")
    func badId() {
        #expect(throws: TopicError.invalidId(topic: "v2.users.alice.presence", id: "alice")) {
            try Topic(parsing: "v2.users.alice.presence")
        }
        #expect(String(describing: TopicError.invalidId(topic: "t", id: "alice")).contains("UUID"))
    }

    @Test("an unknown shape is an error that lists the known ones")
    func unknownShape() {
        #expect {
            try Topic(parsing: "v2.users.\(user).mood")
        } throws: { error in
            String(describing: error).contains("v2.users.{id}.presence")
        }
        #expect(throws: TopicError.empty) { try Topic(parsing: "  ") }
    }

    @Test("combined topics expand, and lists drop duplicates")
    func lists() throws {
        let topics = try Topic.parseList([
            "v2.users.\(user)?presence&routingStatus",
            "v2.users.\(user).presence,v2.analytics.queues.\(queue).observations",
        ])
        #expect(
            topics.map(\.name) == [
                "v2.users.\(user).presence", "v2.users.\(user).routingStatus",
                "v2.analytics.queues.\(queue).observations",
            ])
        #expect(throws: TopicError.combinedWhereIndividualExpected("v2.users.\(user)?presence")) {
            try Topic(parsing: "v2.users.\(user)?presence")
        }
    }

    @Test("combining groups by prefix, stays under 200 characters and expands back to the same topics")
    func combining() throws {
        let userId = try #require(UUID(uuidString: user))
        let many =
            [
                Topic.userPresence(userId), .userRoutingStatus(userId), .userActivity(userId),
                .userConversationSummary(userId),
            ]
            + Topic.MediaSuffix.allCases.map { Topic.userConversations(userId, media: $0) }
        let queueTopic = try Topic(parsing: "v2.analytics.queues.\(queue).observations")
        let combined = TopicCombiner.combine(many + [queueTopic])
        #expect(combined.allSatisfy { $0.count <= Topic.maximumLength })
        #expect(combined.count >= 2)
        #expect(combined.last == queueTopic.name)
        #expect(combined.first?.hasPrefix("v2.users.\(user)?presence&routingStatus") == true)
        let back = try Topic.parseList(combined)
        #expect(back == many + [queueTopic])
    }
}
