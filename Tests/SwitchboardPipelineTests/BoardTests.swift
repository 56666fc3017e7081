import Foundation
import GenesysCloud
import GenesysNotifications
import SwitchboardPipeline
import Testing

/// Events as the platform writes them, for folding into boards.
enum Frames {
    static let user = "2a6f0a3c-2b1f-4c1e-9a55-2f4b7c9d0e11"
    static let queue = "7b1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f"
    static let onQueue = "e08eaf1b-ee47-4fa9-a231-1200e284798f"
    static let breakTime = "227b37e2-f1d0-4dd0-8f50-badd7cf6d158"
    static let lunch = "4c8a3f1e-6b2d-4e7a-9c5f-1d3b5a7c9e2f"
    static let start = Date(timeIntervalSince1970: 1_795_000_000)

    static func event(
        _ topic: String, _ body: String, at offset: TimeInterval = 0, backfill: Bool = false,
        id: String = UUID().uuidString
    ) -> PipelineEvent {
        let frame =
            #"{"topicName":"\#(topic)","version":"2","eventBody":\#(body),"metadata":{"CorrelationId":"\#(id)"}}"#
        guard let live = NotificationEnvelope(frame: frame, receivedAt: start.addingTimeInterval(offset)) else {
            preconditionFailure("not an event frame: \(frame)")
        }
        guard backfill else { return PipelineEvent(live) }
        return PipelineEvent(
            NotificationEnvelope(
                topicName: live.topicName, version: live.version, eventBody: live.eventBody, correlationId: nil,
                rawText: live.rawText, receivedAt: live.receivedAt,
                origin: .backfill(BackfillContext(slot: 0, reason: .startup, snapshotAt: live.receivedAt))))
    }

    static func presence(
        _ definition: String, _ system: String, modified: String, at: TimeInterval = 0, backfill: Bool = false
    )
        -> PipelineEvent
    {
        event(
            "v2.users.\(user).presence",
            #"{"source":"PURECLOUD","presenceDefinition":{"id":"\#(definition)","systemPresence":"\#(system)"},"primary":true,"message":"","modifiedDate":"\#(modified)"}"#,
            at: at, backfill: backfill)
    }

    static func routing(_ status: String, since: String, at: TimeInterval = 0, backfill: Bool = false) -> PipelineEvent
    {
        event(
            "v2.users.\(user).routingStatus",
            #"{"id":"\#(user)","routingStatus":{"status":"\#(status)","startTime":"\#(since)"}}"#, at: at,
            backfill: backfill)
    }

    /// A queue conversation with a customer, the queue leg and (optionally) the agent's leg.
    static func conversation(agentCall: String?, agentExtra: String = "", agentEnd: String? = nil, at: TimeInterval)
        -> PipelineEvent
    {
        var participants = [
            #"{"id":"p1","purpose":"customer","connectedTime":"2026-11-20T10:00:00.000Z","calls":[{"id":"s1","state":"connected"}]}"#,
            #"{"id":"p2","purpose":"acd","queueId":"\#(queue)","connectedTime":"2026-11-20T10:00:00.000Z","calls":[{"id":"s2","state":"\#(agentCall == nil ? "connected" : "disconnected")"}]}"#,
        ]
        if let agentCall {
            let end = agentEnd.map { #","endTime":"\#($0)""# } ?? ""
            participants.append(
                #"{"id":"p3","purpose":"agent","userId":"\#(user)","queueId":"\#(queue)","connectedTime":"2026-11-20T10:00:05.000Z","wrapupRequired":true\#(end),"calls":[{"id":"s3",\#(agentCall)\#(agentExtra)}]}"#
            )
        }
        return event(
            "v2.routing.queues.\(queue).conversations.calls",
            #"{"id":"c-1","participants":[\#(participants.joined(separator: ","))]}"#, at: at)
    }
}

@Suite("Pipeline: the agent board and presence deltas")
struct AgentBoardTests {
    @Test("presence, routing status and activity fold into one agent with names and time in state")
    func folds() throws {
        var board = AgentBoard(presenceNames: [Frames.lunch: "Lunch"])
        board.apply(Frames.presence(Frames.onQueue, "ON_QUEUE", modified: "2026-11-20T09:00:00.000Z"))
        board.apply(Frames.routing("IDLE", since: "2026-11-20T09:00:01.000Z"))
        var agent = try #require(board[Frames.user])
        #expect(agent.systemPresence == "ON_QUEUE")
        #expect(agent.routingStatus == .idle)
        let since = try #require(agent.routingStatusSince)
        #expect(agent.timeInRoutingStatus(at: since.addingTimeInterval(90)) == 90)

        board.apply(Frames.presence(Frames.lunch, "MEAL", modified: "2026-11-20T12:00:00.000Z", at: 5))
        agent = try #require(board[Frames.user])
        #expect(agent.presenceName == "Lunch")
        #expect(agent.systemPresence == "MEAL")
        #expect(agent.lastUpdate == Frames.start.addingTimeInterval(5))
    }

    @Test("deltas fire only when the state really changes, whatever repeats it")
    func deltas() {
        var deltas = PresenceDeltas()
        let first = deltas.apply(Frames.presence(Frames.onQueue, "ON_QUEUE", modified: "2026-11-20T09:00:00.000Z"))
        #expect(first.count == 1 && first[0].presenceChanged && first[0].before == nil)
        // The same state again, from a live repeat and from a backfill record: nothing.
        #expect(deltas.apply(Frames.presence(Frames.onQueue, "ON_QUEUE", modified: "2026-11-20T09:00:00.000Z")).isEmpty)
        #expect(
            deltas.apply(
                Frames.presence(Frames.onQueue, "ON_QUEUE", modified: "2026-11-20T09:00:00.000Z", backfill: true)
            ).isEmpty)
        // An activity event echoing what presence and routing said: nothing either.
        _ = deltas.apply(Frames.routing("IDLE", since: "2026-11-20T09:00:00.000Z"))
        let echo = Frames.event(
            "v2.users.\(Frames.user).activity",
            #"{"id":"\#(Frames.user)","routingStatus":{"status":"IDLE","startTime":"2026-11-20T09:00:00.000Z"},"presence":{"presenceDefinition":{"id":"\#(Frames.onQueue)","systemPresence":"ON_QUEUE"},"modifiedDate":"2026-11-20T09:00:00.000Z"}}"#
        )
        #expect(deltas.apply(echo).isEmpty)

        let change = deltas.apply(Frames.routing("INTERACTING", since: "2026-11-20T09:05:00.000Z"))
        #expect(change.count == 1)
        #expect(change.first?.routingStatusChanged == true && change.first?.presenceChanged == false)
        #expect(change.first?.before?.routingStatus == .idle && change.first?.after.routingStatus == .interacting)
        #expect(change.first?.previousRoutingStatusDuration == 300)

        // A backfill that finds a different state after a gap is a real change, marked as such.
        let healed = deltas.apply(
            Frames.presence(Frames.breakTime, "BREAK", modified: "2026-11-20T09:20:00.000Z", backfill: true))
        #expect(healed.count == 1 && healed[0].fromBackfill)
    }

    @Test("an interaction goes from alerting to connected, held and wrap-up, then off the agent's plate")
    func interactions() throws {
        var board = AgentBoard()
        let steps: [(String, String, String?, AgentLegState?)] = [
            (#""state":"alerting""#, "", nil, .alerting),
            (#""state":"connected""#, "", nil, .connected),
            (#""state":"connected","held":true"#, "", nil, .held),
            (#""state":"disconnected""#, #","afterCallWork":{"state":"pending"}"#, nil, .wrapup),
            (
                #""state":"disconnected""#, #","afterCallWork":{"state":"complete"}"#, "2026-11-20T10:09:00.000Z",
                nil
            ),
        ]
        for (offset, step) in steps.enumerated() {
            let changes = board.apply(
                Frames.conversation(agentCall: step.0, agentExtra: step.1, agentEnd: step.2, at: Double(offset)))
            #expect(changes.count == 1, "step \(offset)")
            let interaction = board[Frames.user]?.interactions["c-1"]
            #expect(interaction?.state == step.3, "step \(offset)")
            if let interaction {
                #expect(interaction.queueId == Frames.queue && interaction.mediaType == "voice")
            }
        }
        // A waiting conversation (no agent leg) touches no agent.
        #expect(board.apply(Frames.conversation(agentCall: nil, at: 9)).isEmpty)
    }

    @Test("a snapshot that no longer lists an agent takes the conversation off their plate")
    func droppedLeg() {
        var board = AgentBoard()
        board.apply(Frames.conversation(agentCall: #""state":"alerting""#, at: 0))
        #expect(board[Frames.user]?.interactions["c-1"]?.state == .alerting)
        // The alert went elsewhere and the platform's snapshot lists only customer and queue.
        let changes = board.apply(Frames.conversation(agentCall: nil, at: 1))
        #expect(changes.map(\.userId) == [Frames.user])
        #expect(board[Frames.user]?.interactions.isEmpty == true)
    }
}

@Suite("Pipeline: the queue board")
struct QueueBoardTests {
    static func observation(_ body: String, at: TimeInterval = 0) -> PipelineEvent {
        Frames.event("v2.analytics.queues.\(Frames.queue).observations", body, at: at)
    }

    @Test("snapshots fill counts, the longest wait and agents by routing status")
    func snapshots() throws {
        var board = QueueBoard()
        let instant = "2026-11-20T10:00:00.000Z"
        let changed1 = board.apply(
            Self.observation(
                #"{"group":{"queueId":"\#(Frames.queue)","mediaType":"voice"},"data":[{"interval":"\#(instant)/\#(instant)","metrics":[{"metric":"oWaiting","stats":{"count":3}},{"metric":"oInteracting","stats":{"count":5}},{"metric":"oAlerting","stats":{"count":1}},{"metric":"oLongestWaiting","stats":{"count":1,"calculatedMetricValue":1795000000000}}]}]}"#
            ))
        #expect(changed1)
        let changed2 = board.apply(
            Self.observation(
                #"{"group":{"queueId":"\#(Frames.queue)"},"data":[{"interval":"\#(instant)/\#(instant)","metrics":[{"metric":"oOnQueueUsers","qualifier":"IDLE","stats":{"count":2}},{"metric":"oOnQueueUsers","qualifier":"INTERACTING","stats":{"count":6}},{"metric":"oOffQueueUsers","stats":{"count":4}},{"metric":"oMemberUsers","stats":{"count":12}}]}]}"#
            ))
        #expect(changed2)
        let voice = try #require(board.status(queueId: Frames.queue, mediaType: "voice"))
        #expect(voice.waiting == 3 && voice.interacting == 5 && voice.alerting == 1)
        #expect(voice.longestWait(at: Frames.start.addingTimeInterval(42)) == 42)
        // A platform clock ahead of ours (the wait starts in our future): measured on its clock,
        // from the start to the observation, plus the time since the observation arrived.
        let received = try #require(voice.lastUpdate)
        var ahead = voice
        ahead.longestWaitingSince = received.addingTimeInterval(60)
        ahead.observedAt = received.addingTimeInterval(90)
        #expect(ahead.longestWait(at: received.addingTimeInterval(5)) == 35)
        let agents = try #require(board.agents[Frames.queue])
        #expect(agents.onQueue == ["IDLE": 2, "INTERACTING": 6] && agents.onQueueTotal == 8)
        #expect(agents.offQueue == 4 && agents.members == 12)
        #expect(board.queueIds == [Frames.queue])

        // The same snapshot again changes nothing; an empty queue has no longest wait.
        let changed3 = board.apply(
            Self.observation(
                #"{"group":{"queueId":"\#(Frames.queue)","mediaType":"voice"},"data":[{"interval":"\#(instant)/\#(instant)","metrics":[{"metric":"oWaiting","stats":{"count":3}},{"metric":"oInteracting","stats":{"count":5}},{"metric":"oAlerting","stats":{"count":1}},{"metric":"oLongestWaiting","stats":{"count":1,"calculatedMetricValue":1795000000000}}]}]}"#
            ))
        #expect(!changed3)
        board.apply(
            Self.observation(
                #"{"group":{"queueId":"\#(Frames.queue)","mediaType":"voice"},"data":[{"interval":"\#(instant)/\#(instant)","metrics":[{"metric":"oWaiting","stats":{"count":0}},{"metric":"oInteracting","stats":{"count":5}},{"metric":"oAlerting","stats":{"count":0}}]}]}"#
            ))
        #expect(board.status(queueId: Frames.queue, mediaType: "voice")?.longestWait(at: Frames.start) == nil)
    }

    @Test("the half-hour aggregate gives offered, answered, abandoned, service level and averages")
    func halfHour() throws {
        var board = QueueBoard()
        func aggregate(_ interval: String, offered: Int) -> PipelineEvent {
            Self.observation(
                #"{"group":{"queueId":"\#(Frames.queue)","mediaType":"voice"},"data":[{"interval":"\#(interval)","metrics":[{"metric":"nOffered","stats":{"count":\#(offered)}},{"metric":"tAnswered","stats":{"count":8,"sum":96000,"min":1000,"max":30000}},{"metric":"tAbandon","stats":{"count":2,"sum":80000,"min":30000,"max":50000}},{"metric":"tHandle","stats":{"count":8,"sum":2400000,"min":100000,"max":500000}},{"metric":"tWait","stats":{"count":10,"sum":176000,"min":1000,"max":50000}},{"metric":"oServiceLevel","stats":{"ratio":0.7,"numerator":7,"denominator":10,"target":0.8}}]}]}"#
            )
        }
        board.apply(aggregate("2026-11-20T10:00:00.000Z/2026-11-20T10:30:00.000Z", offered: 10))
        let interval = try #require(board.status(queueId: Frames.queue, mediaType: "voice")?.interval)
        #expect(interval.offered == 10 && interval.answered == 8 && interval.abandoned == 2)
        #expect(interval.serviceLevel == 0.7)
        #expect(interval.averageHandle == 300 && interval.averageSpeedOfAnswer == 12 && interval.averageWait == 17.6)

        // A late message of the previous half-hour does not replace the current one.
        let changed4 = board.apply(aggregate("2026-11-20T09:30:00.000Z/2026-11-20T10:00:00.000Z", offered: 99))
        #expect(!changed4)
        board.apply(aggregate("2026-11-20T10:30:00.000Z/2026-11-20T11:00:00.000Z", offered: 1))
        #expect(board.status(queueId: Frames.queue, mediaType: "voice")?.interval.offered == 1)
    }
}
