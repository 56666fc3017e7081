import Foundation
import GenesysNotifications
import SwitchboardPipeline
import Testing

@Suite("Event filter: allow and deny lists")
struct EventFilterTests {
    typealias Body = ConversationBodies

    let waitingInA = Body.queueEvent([Body.customer(), Body.acd(entered: 0)], at: 10)
    let waitingInB = Body.queueEvent(
        [Body.customer(), Body.acd(queue: IntakeFixtures.queueB, entered: 0)], queue: IntakeFixtures.queueB, at: 10)
    let presence = IntakeFixtures.event(
        IntakeFixtures.envelope(topic: IntakeFixtures.presenceTopic(), body: IntakeFixtures.presenceBody("AVAILABLE")))
    let chatObservation = IntakeFixtures.event(
        IntakeFixtures.envelope(
            topic: IntakeFixtures.observationTopic(), body: IntakeFixtures.observationBody(mediaType: "chat")))

    @Test("a queue allow list keeps its queues and lets events without a queue through")
    func queueAllowList() {
        let filter = EventFilter(queues: .init(allow: [IntakeFixtures.queueA]))
        #expect(filter.admits(waitingInA))
        #expect(!filter.admits(waitingInB))
        #expect(filter.admits(presence), "a presence event carries no queue: the list does not judge it")
        #expect(filter.admits(chatObservation))
    }

    @Test("ids compare case-insensitively")
    func caseInsensitiveIds() {
        let filter = EventFilter(queues: .init(allow: [IntakeFixtures.queueA.uppercased()]))
        #expect(filter.admits(waitingInA))
        #expect(!filter.admits(waitingInB))
    }

    @Test("a deny list wins over an allow list")
    func denyWins() {
        let filter = EventFilter(
            queues: .init(allow: [IntakeFixtures.queueA, IntakeFixtures.queueB], deny: [IntakeFixtures.queueB]))
        #expect(filter.admits(waitingInA))
        #expect(!filter.admits(waitingInB))
    }

    @Test("user lists judge user topics by their user and queue conversations by their agent")
    func userLists() {
        let denyAgentA = EventFilter(users: .init(deny: [IntakeFixtures.agentA]))
        #expect(!denyAgentA.admits(presence))
        let connected = Body.queueEvent(
            [Body.customer(), Body.acd(entered: 0, left: 5), Body.agent(.connected(answered: 5))], at: 10)
        #expect(!denyAgentA.admits(connected))
        #expect(denyAgentA.admits(waitingInA), "no agent yet")
        let onlyB = EventFilter(users: .init(allow: [IntakeFixtures.agentB]))
        #expect(!onlyB.admits(presence))
        #expect(onlyB.admits(chatObservation))
    }

    @Test("media type lists read conversations and observations alike")
    func mediaTypeLists() {
        let voiceOnly = EventFilter(mediaTypes: .init(allow: ["Voice"]))
        #expect(voiceOnly.admits(waitingInA))
        #expect(!voiceOnly.admits(chatObservation))
        #expect(voiceOnly.admits(presence))
    }

    @Test("family lists")
    func familyLists() {
        let queuesOnly = EventFilter(families: .init(allow: [.queueConversations, .queueObservations]))
        #expect(queuesOnly.admits(waitingInA))
        #expect(queuesOnly.admits(chatObservation))
        #expect(!queuesOnly.admits(presence))
        let noPresence = EventFilter(families: .init(deny: [.userPresence]))
        #expect(!noPresence.admits(presence))
        #expect(noPresence.admits(waitingInA))
    }

    @Test("lists and the expression must all agree")
    func listsAndExpression() throws {
        let filter = EventFilter(
            queues: .init(allow: [IntakeFixtures.queueA, IntakeFixtures.queueB]),
            expression: try FilterExpression(parsing: "waitMs > 5000 and queue != \(IntakeFixtures.queueB)"))
        #expect(filter.admits(waitingInA))
        #expect(!filter.admits(waitingInB))
        #expect(!filter.admits(presence), "the expression needs a wait time")
        #expect(EventFilter.everything.admits(presence))
    }
}
