import Foundation
import Testing

@testable import GenesysNotifications

@Suite("Topic classifier")
struct TopicClassifierTests {
    static let user = "9ED7D9F6-0c59-4360-ac54-40dd35eb9c2f"
    static let names: [String] = {
        var names = [
            "v2.users.\(user).presence", "v2.users.\(user).ROUTINGSTATUS", "v2.users.\(user).routingStatus",
            "v2.users.\(user).activity", "v2.users.\(user).conversationsummary", "v2.users.\(user).conversations",
            "v2.users.\(user).station", "v2.users.\(user).outofoffice", "v2.routing.queues.\(user).conversations",
            "v2.routing.queues.\(user).users", "v2.analytics.queues.\(user).observations",
            "v2.analytics.queues.\(user).activity", "v2.analytics.users.\(user).aggregates",
            "v2.detail.events.agent.\(user).state", "v2.users.alice.presence", "v2.users.\(user).presence.extra",
            "v2.users.\(user).conversations.faxes", "v2.detail.events.conversation.\(user).acd.begin",
            "v2.analytics.users.\(user).observations", "channel.metadata", "v2.system.socket_closing", "",
        ]
        for media in TopicFamily.mediaSuffixes {
            names.append("v2.users.\(user).conversations.\(media)")
            names.append("v2.routing.queues.\(user).conversations.\(media.uppercased())")
        }
        for type in TopicFamily.detailEventTypes {
            names.append("v2.detail.events.conversation.\(user).\(type)")
        }
        return names
    }()

    @Test("agrees with Topic(parsing:) on every name the classifier accepts", arguments: names)
    func agreesWithTopicParsing(name: String) {
        let topic = try? Topic(parsing: name)
        guard let match = TopicClassifier.classify(name) else {
            // Declining is always safe: the decoder then asks Topic(parsing:).
            return
        }
        #expect(topic?.family == match.family)
        #expect(topic?.entityId == match.entityId)
        if match.family == .conversationDetail { #expect(topic?.suffix == match.detailType) }
    }

    @Test("recognises the modelled shapes")
    func recognises() {
        let user = Self.user
        #expect(TopicClassifier.classify("v2.users.\(user).presence")?.family == .userPresence)
        #expect(TopicClassifier.classify("v2.users.\(user).presence")?.entityId == user.lowercased())
        #expect(TopicClassifier.classify("v2.users.\(user).conversations.calls")?.family == .userConversations)
        #expect(
            TopicClassifier.classify("v2.detail.events.conversation.\(user).ACD.START")?.detailType == "acd.start")
        #expect(TopicClassifier.classify("v2.users.alice.presence") == nil)
        #expect(TopicClassifier.classify("v2.users.\(user).presence.extra") == nil)
    }
}
