import Foundation
import GenesysCloud
import Testing

@testable import GenesysNotifications

@Suite("Conversation detail and agent state events")
struct DetailEventTests {
    // EventBridge copy of a real detail event (reference §5.11, BP sample), with the fields a
    // customer.start carries.
    let customerStart = #"""
        {"eventTime":1649237444949,"conversationId":"2f7b0b3c-7a3e-4c3e-9d2e-3b0c6f0e5a11",
         "participantId":"9fb2c2a1-0000-4000-8000-000000000001","sessionId":"c03d8f0e-0000-4000-8000-000000000002",
         "mediaType":"CHAT","provider":"PureCloud Webchat v2","direction":"INBOUND","ani":"","dnis":"",
         "addressTo":"queue","addressFrom":"guest","callbackUserName":"","callbackNumbers":[],"subject":"",
         "messageType":"UNKNOWN","externalContactId":"e1","conversationExternalContactIds":["e1"],
         "conversationExternalOrganizationIds":[],"divisionId":"d1"}
        """#

    @Test("the EventBridge sample decodes with its epoch-millisecond time")
    func customerStartSample() throws {
        let event = try EventTestSupport.decode(ConversationDetailEvent.self, customerStart)
        #expect(event.eventTime == 1_649_237_444_949)
        #expect(event.eventDate == Date(timeIntervalSince1970: 1_649_237_444.949))
        #expect(event.mediaType == .chat)
        #expect(event.direction == .inbound)
        #expect(event.provider == "PureCloud Webchat v2")
        #expect(event.externalContactId == "e1")
        #expect(event.messageType == .unknown)
        #expect(event.additionalFields.isEmpty)
        #expect(try EventTestSupport.roundTrips(ConversationDetailEvent.self, customerStart))
    }

    @Test("acd.start carries priority and requested skills")
    func acdStart() throws {
        let text = #"""
            {"eventTime":1714557600000,"conversationId":"c","participantId":"p","sessionId":"s","mediaType":"VOICE",
             "direction":"INBOUND","ani":"tel:+3210000000","dnis":"tel:+3220000000","queueId":"q","divisionId":"d",
             "routingPriority":5,"requestedRoutingSkillIds":["sk1","sk2"],"skillExpressionApplied":false}
            """#
        let event = try EventTestSupport.decode(ConversationDetailEvent.self, text)
        #expect(event.routingPriority == 5)
        #expect(event.requestedRoutingSkillIds == ["sk1", "sk2"])
        #expect(event.eventDate == Date(timeIntervalSince1970: 1_714_557_600))
    }

    @Test("acd.end carries the outcome, answering user and durations; unknown outcomes are kept")
    func acdEnd() throws {
        let text = #"""
            {"eventTime":1714557660000,"conversationId":"c","queueId":"q","mediaType":"VOICE","disconnectType":"TRANSFER",
             "acdOutcome":"ANSWERED","answeredUserId":"u1","connectedDurationMs":60000,"usedRouting":"BULLSEYE",
             "requestedRoutings":["BULLSEYE"],"flowType":"INBOUNDCALL"}
            """#
        let event = try EventTestSupport.decode(ConversationDetailEvent.self, text)
        #expect(event.acdOutcome == .answered)
        #expect(event.disconnectType == .transfer)
        #expect(event.answeredUserId == "u1")
        #expect(event.connectedDurationMs == 60_000)
        #expect(event.usedRouting == .bullseye)
        #expect(event.requestedRoutings == [.bullseye])

        let odd = try EventTestSupport.decode(ConversationDetailEvent.self, #"{"acdOutcome":"CALLBACK_OFFERED"}"#)
        #expect(odd.acdOutcome?.rawValue == "CALLBACK_OFFERED")
    }

    @Test("user.end, acw and wrapup fields decode")
    func userAndWrapup() throws {
        let userEnd = try EventTestSupport.decode(
            ConversationDetailEvent.self,
            #"{"userId":"u1","interactingDurationMs":90000,"heldDurationMs":5000,"alertingDurationMs":3000,"disconnectType":"CLIENT"}"#
        )
        #expect(userEnd.userId == "u1")
        #expect(userEnd.interactingDurationMs == 90_000)
        #expect(userEnd.heldDurationMs == 5_000)
        #expect(userEnd.disconnectType == .client)

        let acw = try EventTestSupport.decode(
            ConversationDetailEvent.self,
            #"{"userId":"u1","wrapupCode":"w1","wrapupNotes":"sold","wrapupDurationMs":15000,"newThing":true}"#)
        #expect(acw.wrapupCode == "w1")
        #expect(acw.wrapupNotes == "sold")
        #expect(acw.wrapupDurationMs == 15_000)
        #expect(acw.additionalFields["newThing"] == .bool(true))
    }

    @Test("a time of the wrong type reads as nil and is kept raw")
    func wrongEventTime() throws {
        let text = #"{"eventTime":"2024-05-01T10:00:00.000Z","conversationId":"c"}"#
        let event = try EventTestSupport.decode(ConversationDetailEvent.self, text)
        #expect(event.eventTime == nil)
        #expect(event.eventDate == nil)
        #expect(event.conversationId == "c")
        #expect(try EventTestSupport.roundTrips(ConversationDetailEvent.self, text))
    }

    @Test("agent state events decode with dates and open enums")
    func agentState() throws {
        let text = #"""
            {"conversationId":"c","sessionId":"s","sessionStart":1714557600000,"currentStateStart":1714557630000,
             "currentState":"INTERACT","userId":"u1","originatingDirection":"INBOUND","mediaType":"VOICE","queueId":"q",
             "requestedLanguageId":"l","requestedSkillIds":["sk"]}
            """#
        let event = try EventTestSupport.decode(AgentStateEvent.self, text)
        #expect(event.currentState == .interact)
        #expect(event.originatingDirection == .inbound)
        #expect(event.currentStateStartDate == Date(timeIntervalSince1970: 1_714_557_630))
        #expect(try EventTestSupport.roundTrips(AgentStateEvent.self, text))
        let odd = try EventTestSupport.decode(AgentStateEvent.self, #"{"currentState":"DAYDREAM"}"#)
        #expect(odd.currentState?.rawValue == "DAYDREAM")
    }
}
