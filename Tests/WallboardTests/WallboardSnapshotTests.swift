import Foundation
import SwitchboardPipeline
import Testing

@testable import Wallboard

@Suite("Wallboard: snapshots built from the pipeline's boards")
struct WallboardSnapshotTests {
    typealias F = BoardFrames

    static func queueBoard(_ events: [PipelineEvent]) -> QueueBoard {
        var board = QueueBoard()
        for event in events { board.apply(event) }
        return board
    }

    static func agentBoard(_ events: [PipelineEvent], presenceNames: [String: String] = [:]) -> AgentBoard {
        var board = AgentBoard(presenceNames: presenceNames)
        for event in events { board.apply(event) }
        return board
    }

    static func snapshot(
        agents: AgentBoard = AgentBoard(), queues: QueueBoard = QueueBoard(), queueNames: [String: String] = [:],
        userNames: [String: String] = [:], now: Date = BoardFrames.start, sequence: Int = 1
    ) -> WallboardSnapshot {
        WallboardSnapshot(
            agents: agents, queues: queues, queueNames: queueNames, userNames: userNames, health: .connecting,
            now: now, sequence: sequence)
    }

    @Test("a tile sums waiting and interacting over media types and shows the longest wait of any, in whole seconds")
    func waitingAndLongestWait() throws {
        let board = Self.queueBoard([
            F.observation(F.sales, media: "voice", waiting: 3, interacting: 4, longestWaitingSecondsAgo: 20),
            F.observation(F.sales, media: "chat", waiting: 2, interacting: 1, longestWaitingSecondsAgo: 95),
            F.observation(F.sales, media: "email", waiting: 0, interacting: 2),
        ])
        let snapshot = Self.snapshot(queues: board, now: F.start.addingTimeInterval(0.9))
        let tile = try #require(snapshot.queues.first)
        #expect(snapshot.queues.count == 1)
        #expect(tile.waiting == 5)
        #expect(tile.interacting == 7)
        // 95.9 s waited: shown as 95.
        #expect(tile.longestWaitSeconds == 95)
    }

    @Test("nothing waiting means no longest wait, whatever the last longest-wait start was")
    func noLongestWaitWhenNothingWaits() throws {
        let board = Self.queueBoard([
            F.observation(F.sales, media: "voice", waiting: 1, longestWaitingSecondsAgo: 30),
            F.observation(F.sales, media: "voice", waiting: 0),
        ])
        let tile = try #require(Self.snapshot(queues: board).queues.first)
        #expect(tile.waiting == 0)
        #expect(tile.longestWaitSeconds == nil)
    }

    @Test("service level is voice's when voice has one, as a percentage")
    func serviceLevelPrefersVoice() throws {
        let board = Self.queueBoard([
            F.halfHour(F.sales, media: "voice", offered: 10, answered: 8, abandoned: 2, serviceLevel: 0.7),
            F.halfHour(F.sales, media: "chat", offered: 50, answered: 49, abandoned: 1, serviceLevel: 0.9),
        ])
        let tile = try #require(Self.snapshot(queues: board).queues.first)
        #expect(tile.serviceLevelPercent.map { ($0 * 1000).rounded() / 1000 } == 70)
        #expect(tile.offered == 60 && tile.answered == 57 && tile.abandoned == 3)
    }

    @Test("without voice, service level is that of the media type offered the most")
    func serviceLevelFallsBackToMostOffered() throws {
        let board = Self.queueBoard([
            F.halfHour(F.sales, media: "chat", offered: 5, answered: 5, abandoned: 0, serviceLevel: 0.9),
            F.halfHour(F.sales, media: "email", offered: 20, answered: 18, abandoned: 2, serviceLevel: 0.5),
            // Voice without a service level does not count as voice having one.
            F.halfHour(F.sales, media: "voice", offered: 1, answered: 1, abandoned: 0, serviceLevel: nil),
        ])
        let tile = try #require(Self.snapshot(queues: board).queues.first)
        #expect(tile.serviceLevelPercent == 50)
    }

    @Test("before any half-hour message a tile has no service level and no half-hour counts")
    func noHalfHourYet() throws {
        let board = Self.queueBoard([F.observation(F.sales, media: "voice", waiting: 2)])
        let tile = try #require(Self.snapshot(queues: board).queues.first)
        #expect(tile.serviceLevelPercent == nil)
        #expect(tile.offered == nil && tile.answered == nil && tile.abandoned == nil)
        #expect(tile.agentsOnQueue == 0)
    }

    @Test("agents on queue count every routing status of the queue's user group")
    func agentsOnQueue() throws {
        let board = Self.queueBoard([
            F.onQueueAgents(F.support, ["IDLE": 2, "INTERACTING": 6, "NOT_RESPONDING": 1])
        ])
        let tile = try #require(Self.snapshot(queues: board).queues.first)
        #expect(tile.id == F.support)
        #expect(tile.agentsOnQueue == 9)
        #expect(tile.waiting == 0)
    }

    @Test("tiles are named from the directory, in any case of id, else by id, and sorted by name then id")
    func queueNamesAndOrder() {
        let third = "00000000-0000-4000-8000-00000000000a"
        let board = Self.queueBoard([
            F.observation(F.sales, media: "voice", waiting: 1),
            F.observation(F.support, media: "voice", waiting: 1),
            F.observation(third, media: "voice", waiting: 1),
        ])
        let snapshot = Self.snapshot(
            queues: board, queueNames: [F.sales.uppercased(): "sales", F.support: "Billing", "unknown": "Nowhere"])
        #expect(snapshot.queues.map(\.name) == [third, "Billing", "sales"])
        #expect(snapshot.queues.map(\.id) == [third, F.support, F.sales])
    }

    @Test("an agent row shows presence in words, routing status as spelled, since when, and interactions")
    func agentRow() throws {
        let board = Self.agentBoard([
            F.presence(F.alice, definition: F.onQueue, system: "ON_QUEUE", modified: -600),
            F.routing(F.alice, "INTERACTING", since: -75),
            F.connectedCall(F.alice, queue: F.sales, conversation: "c-1"),
        ])
        let snapshot = Self.snapshot(agents: board, userNames: [F.alice: "Alice Archer"], now: F.start)
        let row = try #require(snapshot.agents.first)
        #expect(row.id == F.alice && row.name == "Alice Archer")
        #expect(row.presence == "On Queue" && row.systemPresence == "ON_QUEUE")
        #expect(row.routingStatus == "INTERACTING")
        #expect(row.routingStatusSince == F.start.addingTimeInterval(-75))
        #expect(row.presenceSince == F.start.addingTimeInterval(-600))
        #expect(row.secondsInRoutingStatus == 75)
        #expect(row.interactions == 1)
    }

    @Test("the organisation's presence name wins over the system presence")
    func presenceName() throws {
        let board = Self.agentBoard(
            [F.presence(F.bob, definition: F.lunch, system: "MEAL", modified: -30)],
            presenceNames: [F.lunch: "Lunch"])
        let row = try #require(Self.snapshot(agents: board).agents.first)
        #expect(row.presence == "Lunch" && row.systemPresence == "MEAL")
        #expect(row.routingStatus == nil && row.secondsInRoutingStatus == nil)
    }

    @Test("agents without a name show their id, and rows sort by name (case aside) then id")
    func agentNamesAndOrder() {
        let board = Self.agentBoard([
            F.routing(F.alice, "IDLE", since: -10),
            F.routing(F.bob, "IDLE", since: -10),
            F.routing(F.carol, "IDLE", since: -10),
        ])
        let snapshot = Self.snapshot(agents: board, userNames: [F.bob: "bob", F.carol: "Alice", F.alice: ""])
        #expect(snapshot.agents.map(\.name) == [F.alice, "Alice", "bob"])
    }

    @Test("system presences read as words")
    func humanisedPresence() {
        #expect(WallboardAgent.humanised("ON_QUEUE") == "On Queue")
        #expect(WallboardAgent.humanised("AVAILABLE") == "Available")
        #expect(WallboardAgent.humanised("NOT_RESPONDING") == "Not Responding")
    }

    @Test("the snapshot's JSON has stable camelCase keys, every key written, ISO-8601 dates, and reads back equal")
    func jsonRoundTrip() throws {
        let queues = Self.queueBoard([
            F.observation(F.sales, media: "voice", waiting: 2, longestWaitingSecondsAgo: 12),
            F.halfHour(F.sales, media: "voice", offered: 10, answered: 8, abandoned: 2, serviceLevel: 0.75),
            F.onQueueAgents(F.sales, ["IDLE": 1]),
            F.observation(F.support, media: "chat", waiting: 0),
        ])
        let agents = Self.agentBoard([
            F.presence(F.alice, definition: F.onQueue, system: "ON_QUEUE", modified: -600),
            F.routing(F.alice, "IDLE", since: -5),
            F.routing(F.bob, "OFF_QUEUE", since: -5),
        ])
        let health = WallboardHealth(
            state: .degraded, summary: "1 of 2 channels connected", channelsConnected: 1, channelsTotal: 2,
            eventsPerSecond: 12.5, eventsTotal: 1_234, lastEventAt: F.start.addingTimeInterval(-1), gaps: 3)
        let snapshot = WallboardSnapshot(
            agents: agents, queues: queues, queueNames: [F.sales: "Sales"], userNames: [:], health: health,
            now: F.start, sequence: 42)

        let text = try snapshot.jsonText()
        #expect(!text.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["generatedAt", "sequence", "health", "queues", "agents"])
        #expect(object["generatedAt"] as? String == "2026-11-18T11:06:40.000Z")
        let healthObject = try #require(object["health"] as? [String: Any])
        #expect(
            Set(healthObject.keys) == [
                "state", "summary", "channelsConnected", "channelsTotal", "eventsPerSecond", "eventsTotal",
                "lastEventAt", "gaps",
            ])
        #expect(healthObject["state"] as? String == "degraded")
        let tiles = try #require(object["queues"] as? [[String: Any]])
        for tile in tiles {
            #expect(
                Set(tile.keys) == [
                    "id", "name", "waiting", "interacting", "longestWaitSeconds", "serviceLevelPercent",
                    "agentsOnQueue", "offered", "answered", "abandoned",
                ])
        }
        // Unknown values are written as null, not left out.
        let quiet = try #require(tiles.first { $0["id"] as? String == F.support })
        #expect(quiet["longestWaitSeconds"] is NSNull && quiet["offered"] is NSNull)
        let rows = try #require(object["agents"] as? [[String: Any]])
        for row in rows {
            #expect(
                Set(row.keys) == [
                    "id", "name", "presence", "systemPresence", "routingStatus", "presenceSince",
                    "routingStatusSince", "secondsInRoutingStatus", "interactions",
                ])
        }
        let alice = try #require(rows.first { $0["id"] as? String == F.alice })
        #expect(alice["presenceSince"] as? String == "2026-11-18T10:56:40.000Z")

        let decoded = try JSONDecoder().decode(WallboardSnapshot.self, from: Data(text.utf8))
        #expect(decoded == snapshot)
    }

    @Test("numbers JSON cannot carry (a rate over no time, a ratio over nothing) are written as 0 and null")
    func nonFiniteNumbers() throws {
        var snapshot = Self.snapshot()
        snapshot.health.eventsPerSecond = .nan
        snapshot.queues = [WallboardQueue(id: "q", name: "Q", serviceLevelPercent: .infinity)]
        let decoded = try JSONDecoder().decode(WallboardSnapshot.self, from: Data(try snapshot.jsonText().utf8))
        #expect(decoded.health.eventsPerSecond == 0)
        #expect(decoded.queues.first?.serviceLevelPercent == nil)
    }
}
