import Foundation
import GenesysCloud
import GenesysNotifications
import SwitchboardPipeline
import Testing

@Suite("Routing interaction records")
struct RoutingInteractionRecordTests {
    typealias Body = ConversationBodies

    func record(_ participants: [String], queue: String = IntakeFixtures.queueA, at seconds: Double) throws
        -> RoutingInteractionRecord
    {
        try #require(RoutingInteractionRecord(Body.queueEvent(participants, queue: queue, at: seconds)))
    }

    @Test("waiting: the customer is in the queue and no agent is offered; the wait runs to the event")
    func waiting() throws {
        let record = try record([Body.customer(), Body.acd(entered: 0)], at: 42.5)
        #expect(record.state == .waiting)
        #expect(record.conversationId == IntakeFixtures.conversation)
        #expect(record.queueId == IntakeFixtures.queueA)
        #expect(record.mediaType == "voice")
        #expect(record.waitMs == 42_500)
        #expect(record.agentUserId == nil)
        #expect(record.agentState == nil)
        #expect(record.direction == "inbound")
        #expect(record.customerAddress == "tel:+15550100")
        #expect(record.eventTime == IntakeFixtures.start.addingTimeInterval(42.5))
        #expect(!record.backfill)
        #expect(record.topic == IntakeFixtures.queueTopic())
        #expect(record.correlationId != nil)
    }

    @Test("alerting: an agent is offered the interaction while it still waits")
    func alerting() throws {
        let record = try record([Body.customer(), Body.acd(entered: 0), Body.agent(.alerting)], at: 30)
        #expect(record.state == .alerting)
        #expect(record.agentUserId == IntakeFixtures.agentA)
        #expect(record.agentState == .alerting)
        #expect(record.waitMs == 30_000)
    }

    @Test("connected: the wait stops at the answer")
    func connected() throws {
        let record = try record(
            [Body.customer(), Body.acd(entered: 0, left: 35), Body.agent(.connected(answered: 35))], at: 200)
        #expect(record.state == .connected)
        #expect(record.agentState == .connected)
        #expect(record.agentUserId == IntakeFixtures.agentA)
        #expect(record.waitMs == 35_000)
        #expect(record.queueId == IntakeFixtures.queueA, "the last queue leg, though it has ended")
    }

    @Test("held: the agent put the customer on hold")
    func held() throws {
        let record = try record(
            [Body.customer(), Body.acd(entered: 0, left: 35), Body.agent(.held(answered: 35, since: 90))], at: 100)
        #expect(record.state == .held)
        #expect(record.agentState == .held)
        #expect(record.waitMs == 35_000)
    }

    @Test("wrap-up: both sides hung up and after-call work is pending")
    func wrapup() throws {
        let record = try record(
            [
                Body.customer(ended: 300), Body.acd(entered: 0, left: 35),
                Body.agent(.wrapup(answered: 35, ended: 300)),
            ], at: 310)
        #expect(record.state == .wrapup)
        #expect(record.agentState == .wrapup)
        #expect(record.waitMs == 35_000)
    }

    @Test("transferred: the second queue leg is current, and its wait starts at the transfer")
    func transferred() throws {
        let inSecondQueue = [
            Body.customer(), Body.acd(queue: IntakeFixtures.queueA, entered: 0, left: 20),
            Body.agent(.wrapup(answered: 20, ended: 120, transferred: true)),
            Body.acd(queue: IntakeFixtures.queueB, entered: 120),
        ]
        let waiting = try record(inSecondQueue, at: 150)
        #expect(waiting.state == .waiting)
        #expect(waiting.queueId == IntakeFixtures.queueB)
        #expect(waiting.waitMs == 30_000)
        // The first agent, wrapping up, is the agent leg that matters until another is offered.
        #expect(waiting.agentUserId == IntakeFixtures.agentA)
        #expect(waiting.agentState == .wrapup)

        let answered = try record(
            [
                Body.customer(), Body.acd(queue: IntakeFixtures.queueA, entered: 0, left: 20),
                Body.agent(.wrapup(answered: 20, ended: 120, transferred: true)),
                Body.acd(queue: IntakeFixtures.queueB, entered: 120, left: 165),
                Body.agent(.connected(answered: 165), user: IntakeFixtures.agentB, queue: IntakeFixtures.queueB),
            ], queue: IntakeFixtures.queueB, at: 200)
        #expect(answered.state == .connected)
        #expect(answered.queueId == IntakeFixtures.queueB)
        #expect(answered.waitMs == 45_000)
        #expect(answered.agentUserId == IntakeFixtures.agentB)
        #expect(answered.agentState == .connected)
    }

    @Test("ended: after-call work is complete and everyone has left")
    func ended() throws {
        let record = try record(
            [
                Body.customer(ended: 300), Body.acd(entered: 0, left: 35),
                Body.agent(.done(answered: 35, ended: 300, done: 330)),
            ], at: 331)
        #expect(record.state == .ended)
        #expect(record.agentState == .ended)
        #expect(record.agentUserId == IntakeFixtures.agentA)
        #expect(record.waitMs == 35_000)
    }

    @Test("abandoned: the customer left the queue; the wait stops when they did")
    func abandoned() throws {
        let record = try record(
            [Body.customer(ended: 75), Body.acd(entered: 0, left: 75, disconnectType: "endpoint")], at: 80)
        #expect(record.state == .ended)
        #expect(record.waitMs == 75_000)
        #expect(record.agentUserId == nil)
    }

    @Test("media type comes from the sessions: a chat in a chat queue")
    func chatMedia() throws {
        let record = try record(
            [
                Body.customer(media: "chats"), Body.acd(entered: 0, left: 12, media: "chats"),
                Body.agent(.connected(answered: 12), media: "chats"),
            ], at: 20)
        #expect(record.mediaType == "chat")
        #expect(record.state == .connected)
    }

    @Test("the captured callback of reference §5.5: the alert timed out, the customer waits")
    func capturedCallback() throws {
        let body = #"""
            {"id":"5d7a6c0e-3f2b-4a1d-9c8e-7b6a5f4e3d2c","participants":[
              {"id":"21853533-2343-476a-bcc7-2c602b5876eb","connectedTime":"2022-07-04T11:00:01.092Z",
               "queueId":"0e185c02-aca1-4a72-82ea-2e78684e2c89","purpose":"customer","wrapupRequired":false,
               "calls":[],"callbacks":[{"state":"connected","id":"ac4a4973-965f-437a-b63d-73e5ea2413e7",
                 "direction":"outbound","held":false,"callbackNumbers":["+905394826532"],
                 "connectedTime":"2022-07-04T11:00:01.092Z","initialState":"scheduled"}],
               "chats":[],"emails":[],"messages":[],"videos":[]},
              {"id":"c3e9babb-03d2-4b4e-ba44-b7c427d0a27f","connectedTime":"2022-07-04T11:00:01.092Z",
               "queueId":"0e185c02-aca1-4a72-82ea-2e78684e2c89","purpose":"acd","wrapupRequired":false,
               "callbacks":[{"state":"connected","id":"06b385f5-e4fa-411a-8087-435baa956e79","direction":"outbound",
                 "held":false,"initialState":"scheduled"}]},
              {"id":"852e7ba0-7c56-4c51-9d4c-a4ce084ddee2","endTime":"2022-07-04T11:00:31.431Z",
               "userId":"9ed7d9f6-0c59-4360-ac54-40dd35eb9c2f","queueId":"0e185c02-aca1-4a72-82ea-2e78684e2c89",
               "purpose":"agent","wrapupRequired":false,"alertingTimeoutMs":30000,
               "callbacks":[{"state":"disconnected","id":"b03de59d-9f5f-401d-beab-20237dbcda69","direction":"outbound",
                 "held":false,"disconnectType":"system","disconnectedTime":"2022-07-04T11:00:31.431Z",
                 "initialState":"alerting"}]}]}
            """#
        let received = try #require(EventDate.parse("2022-07-04T11:00:41.092Z"))
        let envelope = IntakeFixtures.envelope(
            topic: IntakeFixtures.userConversationTopic(), body: body, receivedAt: received)
        let record = try #require(RoutingInteractionRecord(PipelineEvent(envelope)))
        #expect(record.state == .waiting)
        #expect(record.mediaType == "callback")
        #expect(record.direction == "outbound")
        #expect(record.queueId == IntakeFixtures.queueA)
        #expect(record.waitMs == 40_000)
        #expect(record.agentUserId == IntakeFixtures.agentA)
        #expect(record.agentState == .ended, "an offer that timed out owes no wrap-up")
        #expect(record.customerAddress == nil)
    }

    @Test("only conversation events make records")
    func otherEvents() {
        let presence = IntakeFixtures.event(
            IntakeFixtures.envelope(topic: IntakeFixtures.presenceTopic(), body: IntakeFixtures.presenceBody("BUSY")))
        #expect(RoutingInteractionRecord(presence) == nil)
        let noId = IntakeFixtures.event(
            IntakeFixtures.envelope(topic: IntakeFixtures.queueTopic(), body: #"{"participants":[]}"#))
        #expect(RoutingInteractionRecord(noId) == nil)
    }

    @Test("a backfilled conversation says so")
    func backfillFlag() throws {
        let body = Body.conversation([Body.customer(), Body.acd(entered: 0)])
        let envelope = try IntakeFixtures.backfill(
            topic: IntakeFixtures.queueTopic(), body: body, at: IntakeFixtures.start.addingTimeInterval(5))
        let record = try #require(RoutingInteractionRecord(PipelineEvent(envelope)))
        #expect(record.backfill)
        #expect(record.correlationId == nil)
        #expect(record.waitMs == 5_000)
    }

    @Test("JSON: camelCase keys, every key written (null when unknown), ISO-8601 time; it reads back")
    func json() throws {
        let record = try record([Body.customer(), Body.acd(entered: 0)], at: 42.5)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(record)
        let json = try JSONValue(parsing: String(decoding: data, as: UTF8.self))
        guard case .object(let object) = json else {
            Issue.record("not an object: \(json)")
            return
        }
        #expect(
            object.keys.sorted() == [
                "agentState", "agentUserId", "backfill", "conversationId", "correlationId", "customerAddress",
                "direction", "eventTime", "mediaType", "queueId", "state", "topic", "waitMs",
            ])
        #expect(object["eventTime"] == .string("2024-05-01T10:00:42.500Z"))
        #expect(object["state"] == .string("waiting"))
        #expect(object["waitMs"] == .number(42_500))
        #expect(object["agentUserId"] == .null)
        #expect(object["backfill"] == .bool(false))
        #expect(try JSONDecoder().decode(RoutingInteractionRecord.self, from: data) == record)
    }
}
