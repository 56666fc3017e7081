import Foundation
import GenesysCloud
import GenesysEmulator
import GenesysNotifications
import SwitchboardPipeline
import Testing

/// The agent and queue boards folded from a real stream of the simulated contact centre, compared
/// with the emulator's own state.
@Suite("Boards over the simulated contact centre", .serialized)
struct BoardIntegrationTests {
    static func topics(_ organization: Organization) -> [Topic] {
        let agents = organization.agents.compactMap { UUID(uuidString: $0.id) }
        let queues = organization.queues.compactMap { UUID(uuidString: $0.id) }
        return agents.flatMap { [Topic.userPresence($0), .userRoutingStatus($0), .userConversations($0)] }
            + queues.map(Topic.queueObservations)
    }

    static func fold(_ envelopes: [NotificationEnvelope]) -> (AgentBoard, QueueBoard) {
        var agents = AgentBoard()
        var queues = QueueBoard()
        for envelope in envelopes {
            let event = PipelineEvent(envelope)
            agents.apply(event)
            queues.apply(event)
        }
        return (agents, queues)
    }

    /// Presence, routing status and queue counts against the emulator's ground truth.
    static func expectStateMatches(_ harness: StreamingHarness, _ agents: AgentBoard, _ queues: QueueBoard) async {
        for truth in await harness.core.agentTruth() {
            let agent = agents[truth.id]
            #expect(agent?.systemPresence == truth.systemPresence, "presence of \(truth.id)")
            #expect(agent?.routingStatus?.rawValue == truth.routingStatus, "routing status of \(truth.id)")
        }
        for group in await harness.core.queueObservationTruth(queueIds: harness.organization.queues.map(\.id)) {
            func count(_ metric: String, _ qualifier: String? = nil) -> Int? {
                group.metrics.first { $0.metric == metric && $0.qualifier == qualifier }?.stats["count"].map(Int.init)
            }
            if let media = group.mediaType {
                let status = queues.status(queueId: group.queueId, mediaType: media)
                #expect(status?.waiting == count("oWaiting"), "waiting in \(group.queueId)/\(media)")
                #expect(status?.interacting == count("oInteracting"), "interacting in \(group.queueId)/\(media)")
                #expect(status?.alerting == count("oAlerting"), "alerting in \(group.queueId)/\(media)")
            } else {
                var onQueue: [String: Int] = [:]
                for metric in group.metrics where metric.metric == "oOnQueueUsers" {
                    if let qualifier = metric.qualifier { onQueue[qualifier] = metric.stats["count"].map(Int.init) }
                }
                #expect(queues.agents[group.queueId]?.onQueue == onQueue, "on-queue agents of \(group.queueId)")
                #expect(queues.agents[group.queueId]?.members == count("oMemberUsers"))
            }
        }
    }

    @Test("streamed live, the boards equal the emulator: presence, routing, interactions and queue counts")
    func live() async throws {
        try await StreamingHarness.run(topics: Self.topics) { harness in
            let core = harness.core
            try await harness.received.wait("the start-up report") { !$0.reports.isEmpty }
            for _ in 0..<90 { await core.advanceSimulation(by: .seconds(20)) }
            #expect(await harness.settleSimulation())
            try await harness.drained()

            let (agents, queues) = Self.fold(harness.received.envelopes)
            await Self.expectStateMatches(harness, agents, queues)
            // The simulated centre's statistics are sound: the checks raise nothing.
            var checker = ConsistencyChecker()
            let inconsistencies = harness.received.envelopes.flatMap { checker.check(PipelineEvent($0)) }
            #expect(inconsistencies.isEmpty, "\(inconsistencies.prefix(5))")
            // Every agent's plate is what the emulator says they are handling.
            let active = await core.organization.active
            var interactions = 0
            for agent in await core.organization.agents {
                let expected = Dictionary(
                    uniqueKeysWithValues: active.filter { $0.agentId == agent.id }.map { segment in
                        let state: AgentLegState =
                            switch segment.state {
                            case .waiting, .alerting: .alerting
                            case .interacting: segment.isHeld ? .held : .connected
                            case .afterCallWork: .wrapup
                            }
                        return (segment.conversationId, state)
                    })
                let board = agents[agent.id]?.interactions.mapValues(\.state) ?? [:]
                #expect(board == expected, "interactions of \(agent.name)")
                interactions += expected.count
            }
            #expect(interactions > 0)
        }
    }

    @Test("after a gap, backfill brings presence, routing status and queue counts back to the emulator's")
    func afterGap() async throws {
        try await StreamingHarness.run(topics: Self.topics) { harness in
            let core = harness.core
            try await harness.received.wait("the start-up report") { !$0.reports.isEmpty }
            for _ in 0..<30 { await core.advanceSimulation(by: .seconds(20)) }
            await core.inject(.rateLimitStorm(requests: 2, retryAfterSeconds: 1))
            await core.inject(.evict(.all))
            try await harness.received.wait("the gap to start") { $0.count(.gapStarted) >= 1 }
            await core.advanceSimulation(by: .seconds(1_200))
            try await harness.received.wait(for: .seconds(8), "the gap's backfill") { received in
                received.reports.contains { if case .gap = $0.reason { true } else { false } }
            }
            #expect(await harness.settleSimulation())
            try await harness.drained()
            let (agents, queues) = Self.fold(harness.received.envelopes)
            await Self.expectStateMatches(harness, agents, queues)
        }
    }
}
