import Foundation
import GenesysCloud
import Testing

@testable import GenesysNotifications

@Suite("Conversation events")
struct ConversationEventTests {
    /// Trimmed from the real captured callback conversation of reference §5.5 (code index id
    /// 8901827341): customer, acd and agent legs, with fields the model does not know
    /// (`startTime`, `queueName`, `segments`, `userUri`).
    let callback = #"""
        {"id":"ffff-ffff-ffff-ffff","startTime":"2022-07-04T10:56:34.973Z","participants":[
          {"id":"21853533-2343-476a-bcc7-2c602b5876eb","startTime":"2022-07-04T10:56:34.973Z",
           "connectedTime":"2022-07-04T11:00:01.092Z","name":"VideoCall from mustafa ",
           "queueId":"0e185c02-aca1-4a72-82ea-2e78684e2c89","queueName":"Callback_Queue","purpose":"customer",
           "wrapupRequired":false,"attributes":{"pcEnvironment":"mypurecloud.de","number":"+905394826532"},
           "calls":[],"callbacks":[{"state":"connected","id":"ac4a4973-965f-437a-b63d-73e5ea2413e7",
             "segments":[{"startTime":"2022-07-04T10:56:34.973Z","type":"Scheduled","howEnded":"Interact"}],
             "direction":"outbound","held":false,"callbackNumbers":["+905394826532"],
             "connectedTime":"2022-07-04T11:00:01.092Z","callbackScheduledTime":"2022-07-04T11:00:00Z",
             "provider":"PureCloud Callback","afterCallWorkRequired":false,"initialState":"scheduled"}],
           "chats":[],"emails":[],"messages":[],"videos":[]},
          {"id":"c3e9babb-03d2-4b4e-ba44-b7c427d0a27f","connectedTime":"2022-07-04T11:00:01.092Z",
           "queueId":"0e185c02-aca1-4a72-82ea-2e78684e2c89","queueName":"Callback_Queue","purpose":"acd",
           "wrapupRequired":false,
           "conversationRoutingData":{"queue":{"id":"0e185c02-aca1-4a72-82ea-2e78684e2c89",
             "selfUri":"/api/v2/routing/queues/0e185c02-aca1-4a72-82ea-2e78684e2c89"},"priority":0,"skills":[],"scoredAgents":[]},
           "callbacks":[{"state":"connected","id":"06b385f5-e4fa-411a-8087-435baa956e79","direction":"outbound",
             "held":false,"provider":"PureCloud Callback","peerId":"ac4a4973-965f-437a-b63d-73e5ea2413e7",
             "initialState":"scheduled"}]},
          {"id":"852e7ba0-7c56-4c51-9d4c-a4ce084ddee2","startTime":"2022-07-04T11:00:01.295Z",
           "endTime":"2022-07-04T11:00:31.431Z","name":"Slav Hadjidimitrov","userUri":"/api/v2/users/AGENT_USER_ID",
           "userId":"AGENT_USER_ID","queueId":"0e185c02-aca1-4a72-82ea-2e78684e2c89","purpose":"agent",
           "wrapupRequired":false,"wrapupPrompt":"optional","alertingTimeoutMs":30000,"attributes":{},
           "callbacks":[{"state":"disconnected","id":"b03de59d-9f5f-401d-beab-20237dbcda69","direction":"outbound",
             "held":false,"disconnectType":"system","disconnectedTime":"2022-07-04T11:00:31.431Z",
             "initialState":"alerting"}]}]}
        """#

    @Test("the captured callback conversation decodes with its legs")
    func capturedCallback() throws {
        let event = try EventTestSupport.decode(ConversationEvent.self, callback)
        #expect(event.allParticipants.count == 3)
        #expect(event.customer?.id == "21853533-2343-476a-bcc7-2c602b5876eb")
        #expect(event.customer?.attributes?["number"] == "+905394826532")
        #expect(event.acdParticipant?.conversationRoutingData?.queue?.id == EventTestSupport.queueId)
        #expect(event.agentParticipants.map(\.userId) == ["AGENT_USER_ID"])
        let agentSession = try #require(event.agentParticipants.first?.currentSession)
        #expect(agentSession.state == .disconnected)
        #expect(agentSession.disconnectType == .system)
        #expect(event.customerMediaState == .connected)
        #expect(event.additionalFields["startTime"] == .string("2022-07-04T10:56:34.973Z"))
        #expect(event.customer?.additionalFields["queueName"] == .string("Callback_Queue"))
        let customerSession = try #require(event.customer?.callbacks?.first)
        #expect(customerSession.initialState == .scheduled)
        #expect(customerSession.additionalFields["callbackNumbers"] == .array([.string("+905394826532")]))
        #expect(customerSession.additionalFields["segments"] != nil)
        // The agent's alert timed out and nobody else is connected: the customer is waiting.
        #expect(event.isWaiting)
        #expect(!event.isEnded)
    }

    @Test("the captured conversation round-trips, unknown fields included")
    func roundTrip() throws {
        #expect(try EventTestSupport.roundTrips(ConversationEvent.self, callback))
    }

    @Test("a connected agent means the conversation is not waiting")
    func connectedAgent() throws {
        let text = #"""
            {"id":"c1","participants":[
              {"id":"p1","purpose":"customer","calls":[{"id":"s1","state":"connected","direction":"inbound",
                "self":{"addressNormalized":"tel:+3210000000"},"other":{"name":"Queue"}}]},
              {"id":"p2","purpose":"acd","queueId":"q1","endTime":"2024-05-01T10:00:05.000Z",
               "calls":[{"id":"s2","state":"disconnected","disconnectType":"transfer"}]},
              {"id":"p3","purpose":"agent","userId":"u1","queueId":"q1","wrapupRequired":true,
               "wrapup":{"code":"w1","notes":"ok","tags":["a"],"durationSeconds":12,"endTime":"2024-05-01T10:05:00.000Z"},
               "calls":[{"id":"s3","state":"connected","held":true,"startHoldTime":"2024-05-01T10:01:00.000Z",
                 "afterCallWork":{"state":"pending","startTime":"2024-05-01T10:04:00.000Z"},"afterCallWorkRequired":true}]}]}
            """#
        let event = try EventTestSupport.decode(ConversationEvent.self, text)
        #expect(!event.isWaiting)
        #expect(event.connectedAgents.map(\.id) == ["p3"])
        #expect(event.acdParticipant?.id == "p2")
        #expect(event.acdParticipant?.isActive == false)
        let agent = try #require(event.agentParticipants.first)
        #expect(agent.isHeld)
        #expect(agent.wrapup?.durationSeconds == 12)
        #expect(agent.currentSession?.afterCallWork?.state == .pending)
        #expect(event.customer?.currentSession?.selfAddress?.addressNormalized == "tel:+3210000000")
        #expect(try EventTestSupport.roundTrips(ConversationEvent.self, text))
    }

    @Test("a customer alone in the queue is waiting; a disconnected customer is not")
    func waiting() throws {
        let queued = #"""
            {"participants":[{"purpose":"customer","chats":[{"state":"connected"}]},
                             {"purpose":"acd","queueId":"q1","chats":[{"state":"connected"}]},
                             {"purpose":"agent","userId":"u1","chats":[{"state":"alerting"}]}]}
            """#
        let event = try EventTestSupport.decode(ConversationEvent.self, queued)
        #expect(event.isWaiting)
        #expect(event.acdParticipant?.isActive == true)

        let gone =
            #"{"participants":[{"purpose":"customer","endTime":"2024-05-01T10:00:00.000Z","chats":[{"state":"disconnected"}]}]}"#
        let ended = try EventTestSupport.decode(ConversationEvent.self, gone)
        #expect(!ended.isWaiting)
        #expect(ended.isEnded)
    }

    @Test("a queue leg without a purpose is found by its queue id; outbound customers are external")
    func fallbacks() throws {
        let text = #"{"participants":[{"purpose":"external","calls":[{"state":"dialing"}]},{"queueId":"q9"}]}"#
        let event = try EventTestSupport.decode(ConversationEvent.self, text)
        #expect(event.acdParticipant?.queueId == "q9")
        #expect(event.customer?.purpose == .external)
        #expect(event.customerMediaState == .dialing)
    }

    @Test("unknown states, purposes and disconnect types are kept")
    func unknownEnums() throws {
        let text = #"""
            {"participants":[{"purpose":"botflow","messages":[{"state":"hovering","initialState":"alerting",
              "direction":"sideways","disconnectType":"transfer.teleport"}]}]}
            """#
        let event = try EventTestSupport.decode(ConversationEvent.self, text)
        let participant = try #require(event.participants?.first)
        #expect(participant.purpose?.rawValue == "botflow")
        #expect(participant.currentState?.rawValue == "hovering")
        #expect(participant.currentSession?.direction?.rawValue == "sideways")
        #expect(participant.currentSession?.disconnectType?.rawValue == "transfer.teleport")
        #expect(try EventTestSupport.roundTrips(ConversationEvent.self, text))
    }

    @Test("wrong types inside a participant cost only that field")
    func wrongTypes() throws {
        let text = #"""
            {"id":"c1","maxParticipants":"many","participants":[{"id":"p1","purpose":"customer",
              "connectedTime":12,"attributes":{"n":1},"calls":[{"id":"s1","state":"connected","held":"no"}]}]}
            """#
        let event = try EventTestSupport.decode(ConversationEvent.self, text)
        #expect(event.maxParticipants == nil)
        #expect(event.additionalFields["maxParticipants"] == .string("many"))
        let participant = try #require(event.participants?.first)
        #expect(participant.connectedTime == nil)
        #expect(participant.attributes == nil)
        #expect(participant.additionalFields["attributes"] == .object(["n": .number(1)]))
        #expect(participant.calls?.first?.state == .connected)
        #expect(participant.calls?.first?.held == nil)
        #expect(try EventTestSupport.roundTrips(ConversationEvent.self, text))
    }
}
