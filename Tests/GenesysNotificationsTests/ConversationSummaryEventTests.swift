import Foundation
import GenesysCloud
import Testing

@testable import GenesysNotifications

@Suite("Conversation summary events")
struct ConversationSummaryEventTests {
    @Test("per-media counts decode and total over media")
    func counts() throws {
        let text = #"""
            {"userId":"9ed7d9f6-0c59-4360-ac54-40dd35eb9c2f",
             "call":{"contactCenter":{"active":1,"acw":0},"enterprise":{"active":0,"acw":0}},
             "chat":{"contactCenter":{"active":2,"acw":1}},
             "socialExpression":{"enterprise":{"active":0,"acw":0}},
             "workitem":{"contactCenter":{"active":1,"acw":0}}}
            """#
        let event = try EventTestSupport.decode(ConversationSummaryEvent.self, text)
        #expect(event.userId == EventTestSupport.userId)
        #expect(event.call?.contactCenter?.active == 1)
        #expect(event.chat?.contactCenter?.acw == 1)
        #expect(event.email == nil)
        #expect(event.totalContactCenterActive == 3)
        #expect(event.additionalFields["workitem"] != nil)
        #expect(try EventTestSupport.roundTrips(ConversationSummaryEvent.self, text))
    }
}
