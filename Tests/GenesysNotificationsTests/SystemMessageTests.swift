import Foundation
import GenesysCloud
import Testing

@testable import GenesysNotifications

@Suite("System messages")
struct SystemMessageTests {
    @Test("every SDK field decodes; unknown types and reasons are kept")
    func fields() throws {
        // Constructed from the SDK schema: no real sample is known (reference §4.1, UNCONFIRMED).
        let text = #"""
            {"channelId":"streaming-0-abc","systemTopicType":"no_longer_subscribed","correlationId":"k",
             "organizationId":"o","userId":"u","oauthClientId":"c","oauthClientOrgId":"co",
             "reason":"another_channel_subscribed","message":"evicted","data":{"topics":["a"],"n":1}}
            """#
        let message = try EventTestSupport.decode(SystemMessage.self, text)
        #expect(message.systemTopicType == .noLongerSubscribed)
        #expect(message.reason == .anotherChannelSubscribed)
        #expect(message.data?["n"] == .number(1))
        #expect(try EventTestSupport.roundTrips(SystemMessage.self, text))

        let odd = try EventTestSupport.decode(SystemMessage.self, #"{"systemTopicType":"socket_closing","extra":1}"#)
        #expect(odd.systemTopicType?.rawValue == "socket_closing")
        #expect(odd.additionalFields["extra"] == .number(1))
    }
}
