import Foundation
import GenesysCloud
import GenesysEmulator
import GenesysNotifications
import Testing

/// The client's view of state, folded from live events and backfill records in stream order,
/// as a downstream consumer would fold them.
struct FoldedState: Equatable, CustomStringConvertible {
    struct Agent: Hashable {
        var presenceId: String?
        var systemPresence: String?
        var routingStatus: String?
        var routingStatusSince: Date?
    }
    struct Group: Hashable, Comparable {
        var queueId: String
        var mediaType: String?
        static func < (a: Group, b: Group) -> Bool { (a.queueId, a.mediaType ?? "") < (b.queueId, b.mediaType ?? "") }
    }
    struct Metric: Hashable {
        var metric: String
        var qualifier: String?
        var stats: [String: Double]
    }

    var agents: [String: Agent] = [:]
    var activity: [String: Agent] = [:]
    var observations: [Group: Set<Metric>] = [:]

    init(_ envelopes: [NotificationEnvelope]) {
        for envelope in envelopes {
            switch envelope.decoded() {
            case .presence(let userId, let event):
                agents[userId, default: Agent()].presenceId = event.presenceDefinition?.id
                agents[userId, default: Agent()].systemPresence = event.presenceDefinition?.systemPresence?.rawValue
            case .routingStatus(let userId, let event):
                agents[userId, default: Agent()].routingStatus = event.routingStatus?.status?.rawValue
                agents[userId, default: Agent()].routingStatusSince = event.routingStatus?.startTime
            case .activity(let userId, let event):
                activity[userId] = Agent(
                    presenceId: event.presence?.presenceDefinition?.id,
                    systemPresence: event.presence?.presenceDefinition?.systemPresence?.rawValue,
                    routingStatus: event.routingStatus?.status?.rawValue,
                    routingStatusSince: event.routingStatus?.startTime)
            case .queueObservation(let queueId, let event) where event.isSnapshot:
                let metrics = (event.data ?? []).flatMap { $0.metrics ?? [] }.map {
                    Metric(metric: $0.metric?.rawValue ?? "", qualifier: $0.qualifier, stats: $0.stats?.values ?? [:])
                }
                observations[Group(queueId: queueId, mediaType: event.mediaType)] = Set(metrics)
            default:
                break
            }
        }
    }

    /// The same fields, from the emulator's ground truth.
    init(agents: [EmulatorCore.AgentTruth], activityOf: Set<String>, observations: [EmulatorCore.ObservationTruth]) {
        for truth in agents {
            let agent = Agent(
                presenceId: truth.presenceDefinitionId, systemPresence: truth.systemPresence,
                routingStatus: truth.routingStatus, routingStatusSince: truth.routingStatusStart)
            self.agents[truth.id] = agent
            if activityOf.contains(truth.id) { activity[truth.id] = agent }
        }
        for group in observations {
            self.observations[Group(queueId: group.queueId, mediaType: group.mediaType)] = Set(
                group.metrics.map { Metric(metric: $0.metric, qualifier: $0.qualifier, stats: $0.stats) })
        }
    }

    /// Equal, with times compared to the millisecond the wire carries.
    static func == (a: FoldedState, b: FoldedState) -> Bool {
        func same(_ x: [String: Agent], _ y: [String: Agent]) -> Bool {
            x.keys == y.keys
                && x.allSatisfy { id, agent in
                    guard let other = y[id] else { return false }
                    let close = zip([agent.routingStatusSince], [other.routingStatusSince]).allSatisfy { p, q in
                        guard let p, let q else { return p == nil && q == nil }
                        return abs(p.timeIntervalSince(q)) < 0.002
                    }
                    return agent.presenceId == other.presenceId && agent.systemPresence == other.systemPresence
                        && agent.routingStatus == other.routingStatus && close
                }
        }
        return same(a.agents, b.agents) && same(a.activity, b.activity) && a.observations == b.observations
    }

    var description: String {
        let agentLines = agents.sorted { $0.key < $1.key }.map {
            "\($0.key.prefix(8)) \($0.value.systemPresence ?? "-") \($0.value.routingStatus ?? "-")"
        }
        let groups = observations.keys.sorted().map { group in
            let metrics = (observations[group] ?? []).map { "\($0.metric)/\($0.qualifier ?? ""):\($0.stats)" }.sorted()
            return "\(group.queueId.prefix(8))/\(group.mediaType ?? "users") \(metrics)"
        }
        return (agentLines + groups).joined(separator: "\n")
    }
}

/// What the platform does on a change: the state changes and its events are published.
struct PlatformActor: Sendable {
    let harness: StreamingHarness
    let activityOf: Set<String>

    /// Changes an agent and publishes its presence, routing status (and activity, when
    /// subscribed) and its queues' observations. Returns the channels the events were queued for:
    /// none while no socket is connected, when the events are lost.
    @discardableResult
    func change(_ agentId: String, presence: SystemPresenceKind?, routingStatus: String?) async -> [String] {
        await harness.core.changeAgentSilently(agentId, presence: presence, routingStatus: routingStatus)
        guard let truth = await harness.core.agentTruth(ids: [agentId]).first else { return [] }
        let definition: WireJSON = [
            "id": .string(truth.presenceDefinitionId), "systemPresence": .string(truth.systemPresence),
        ]
        let routing: WireJSON = [
            "status": .string(truth.routingStatus), "startTime": .date(truth.routingStatusStart),
        ]
        var queued = Set<String>()
        queued.formUnion(
            await harness.core.publish(
                topic: "v2.users.\(agentId).presence",
                eventBody: [
                    "source": "PURECLOUD", "presenceDefinition": definition, "primary": true, "message": "",
                    "modifiedDate": .date(truth.presenceModified),
                ]))
        queued.formUnion(
            await harness.core.publish(
                topic: "v2.users.\(agentId).routingStatus",
                eventBody: ["id": .string(agentId), "routingStatus": routing]))
        if activityOf.contains(agentId) {
            queued.formUnion(
                await harness.core.publish(
                    topic: "v2.users.\(agentId).activity",
                    eventBody: [
                        "id": .string(agentId), "routingStatus": routing,
                        "presence": [
                            "presenceDefinition": definition, "presenceMessage": "",
                            "modifiedDate": .date(truth.presenceModified),
                        ],
                        "activeQueueIds": [],
                    ]))
        }
        let queues = harness.organization.agent(agentId)?.queueIds ?? []
        for group in await harness.core.queueObservationTruth(queueIds: queues) {
            let instant = WireJSON.format(Date())
            let metrics: [WireJSON] = group.metrics.map { metric in
                [
                    "metric": .string(metric.metric), "qualifier": metric.qualifier.map(WireJSON.string) ?? nil,
                    "stats": .object(metric.stats.sorted { $0.key < $1.key }.map { ($0.key, .double($0.value)) }),
                ]
            }
            queued.formUnion(
                await harness.core.publish(
                    topic: "v2.analytics.queues.\(group.queueId).observations",
                    eventBody: WireJSON.object([
                        (
                            "group",
                            [
                                "queueId": .string(group.queueId),
                                "mediaType": group.mediaType.map(WireJSON.string) ?? nil,
                            ]
                        ),
                        ("data", [["interval": .string("\(instant)/\(instant)"), "metrics": .array(metrics)]]),
                    ]).compacted))
        }
        return queued.sorted()
    }
}

@Suite("Backfill after gaps", .serialized)
struct BackfillTests {
    static let presences: [SystemPresenceKind] = [.onQueue, .available, .breakTime, .meal, .busy, .away, .meeting]

    /// Presence and routing status of eight agents, activity of two of them, observations of
    /// every queue, and a conversation summary (which has no REST snapshot).
    static func topics(_ organization: Organization) -> [Topic] {
        let agents = organization.agents.prefix(8).compactMap { UUID(uuidString: $0.id) }
        let queues = organization.queues.compactMap { UUID(uuidString: $0.id) }
        return agents.flatMap { [Topic.userPresence($0), Topic.userRoutingStatus($0)] }
            + agents.prefix(2).map(Topic.userActivity) + queues.map(Topic.queueObservations)
            + [Topic.userConversationSummary(agents[0])]
    }

    static func agentIds(_ organization: Organization) -> [String] { organization.agents.prefix(8).map(\.id) }
    static func activityOf(_ organization: Organization) -> Set<String> { Set(organization.agents.prefix(2).map(\.id)) }

    static func truth(_ harness: StreamingHarness) async -> FoldedState {
        FoldedState(
            agents: await harness.core.agentTruth(ids: agentIds(harness.organization)),
            activityOf: activityOf(harness.organization),
            observations: await harness.core.queueObservationTruth(queueIds: harness.organization.queues.map(\.id)))
    }

    /// Waits until every event a socket wrote has arrived, then until the folded state is the truth.
    static func expectConverged(_ harness: StreamingHarness, sourceLocation: SourceLocation = #_sourceLocation)
        async throws
    {
        try await harness.drained()
        let truth = await truth(harness)
        let folded = FoldedState(harness.received.envelopes)
        #expect(folded == truth, "folded:\n\(folded)\ntruth:\n\(truth)", sourceLocation: sourceLocation)
    }

    @Test("start-up: state is known from REST before any live event, in event spellings")
    func startup() async throws {
        try await StreamingHarness.run(topics: Self.topics) { harness in
            try await harness.received.wait("the start-up report") { !$0.reports.isEmpty }
            let report = try #require(harness.received.reports.first)
            #expect(report.reason == .startup)
            #expect(report.isComplete)
            // 8 presence + 8 routing status + 2 activity + 3 observation topics
            #expect(report.backfilled.count == 21)
            #expect(report.notBackfillable.map(\.family) == [.userConversationSummary])
            #expect(harness.received.events.isEmpty)
            let records = harness.received.backfill
            #expect(records.count == report.records)
            #expect(records.allSatisfy { $0.backfill?.reason == .startup && $0.correlationId == nil })
            let spellings = records.compactMap { record -> String? in
                if case .presence(_, let event) = record.decoded() {
                    event.presenceDefinition?.systemPresence?.rawValue
                } else {
                    nil
                }
            }
            #expect(spellings.count == 8)
            #expect(spellings.allSatisfy { $0 == $0.uppercased() && !$0.contains(" ") })
            #expect(FoldedState(harness.received.envelopes) == (await Self.truth(harness)))
        }
    }

    @Test("after a gap whose events were lost, live and backfill events folded in order equal the platform's state")
    func convergesAfterGap() async throws {
        try await StreamingHarness.run(topics: Self.topics) { harness in
            let agents = Self.agentIds(harness.organization)
            let platform = PlatformActor(harness: harness, activityOf: Self.activityOf(harness.organization))
            try await harness.received.wait("the start-up report") { !$0.reports.isEmpty }

            // Live changes, delivered.
            for (index, agent) in agents.prefix(4).enumerated() {
                let queued = await platform.change(
                    agent, presence: Self.presences[index + 1], routingStatus: "OFF_QUEUE")
                #expect(!queued.isEmpty)
            }

            // A gap: the channel is evicted and its replacement held up by rate limiting.
            await harness.core.inject(.rateLimitStorm(requests: 2, retryAfterSeconds: 1))
            await harness.core.inject(.evict(.all))
            try await harness.received.wait("the gap to start") { $0.count(.gapStarted) >= 1 }
            #expect(await harness.core.connectedChannelIds().isEmpty)
            // Changes whose events are lost: published with no socket, or never published.
            for agent in agents.suffix(4) {
                let queued = await platform.change(agent, presence: .onQueue, routingStatus: "INTERACTING")
                #expect(queued.isEmpty, "an event published in the gap reached a socket")
            }
            for agent in agents.prefix(2) {
                await harness.core.changeAgentSilently(agent, presence: .meeting, routingStatus: "OFF_QUEUE")
            }
            #expect(FoldedState(harness.received.envelopes) != (await Self.truth(harness)))

            // The platform keeps changing while the client reconnects and backfills.
            let churn = Task {
                var step = 0
                while !Task.isCancelled {
                    let agent = agents[step % agents.count]
                    let presence = Self.presences[step % Self.presences.count]
                    await platform.change(
                        agent, presence: presence, routingStatus: presence == .onQueue ? "IDLE" : "OFF_QUEUE")
                    step += 1
                    try? await Task.sleep(for: .milliseconds(3))
                }
            }
            try await harness.received.wait(for: .seconds(8), "the gap's backfill") { received in
                received.reports.contains { if case .gap = $0.reason { true } else { false } }
            }
            // Stop at once: the last change of an agent may then fall in the backfill's window,
            // where only holding live events behind the snapshot keeps the final state right.
            churn.cancel()
            _ = await churn.value

            let report = try #require(harness.received.reports.last)
            #expect(report.isComplete)
            #expect(report.backfilled.count == 21)
            #expect(report.notBackfillable.map(\.family) == [.userConversationSummary])
            #expect(harness.received.gaps.count == 1)
            try await Self.expectConverged(harness)
        }
    }

    @Test("the contact centre keeps running through a gap; afterwards the client's state is the emulator's")
    func simulationThroughGap() async throws {
        try await StreamingHarness.run(topics: Self.topics) { harness in
            let core = harness.core
            try await harness.received.wait("the start-up report") { !$0.reports.isEmpty }
            // Ten simulated minutes with the client listening.
            var live = 0
            for _ in 0..<30 { live += await core.advanceSimulation(by: .seconds(20)) }
            #expect(live > 0)

            // A gap: the channel is evicted and its replacement held up by rate limiting, while
            // half an hour of the contact centre goes by. Nothing of it reaches the client.
            await core.inject(.rateLimitStorm(requests: 2, retryAfterSeconds: 1))
            await core.inject(.evict(.all))
            try await harness.received.wait("the gap to start") { $0.count(.gapStarted) >= 1 }
            let receivedBefore = harness.received.envelopes.count
            await core.advanceSimulation(by: .seconds(1_800))
            #expect(harness.received.envelopes.count == receivedBefore)
            #expect(FoldedState(harness.received.envelopes) != (await Self.truth(harness)))

            // The contact centre goes on while the client reconnects and backfills.
            let churn = Task {
                while !Task.isCancelled {
                    await core.advanceSimulation(by: .seconds(2))
                    try? await Task.sleep(for: .milliseconds(3))
                }
            }
            try await harness.received.wait(for: .seconds(8), "the gap's backfill") { received in
                received.reports.contains { if case .gap = $0.reason { true } else { false } }
            }
            churn.cancel()
            _ = await churn.value
            #expect(await harness.settleSimulation())
            #expect(try #require(harness.received.reports.last).isComplete)
            try await Self.expectConverged(harness)
        }
    }

    @Test("a backfill call that fails is reported with its cause and retried; the stream lives on")
    func restFailureRetried() async throws {
        var backfill = BackfillConfiguration()
        backfill.retryBaseDelay = .milliseconds(50)
        backfill.retryMaxDelay = .milliseconds(100)
        // One REST attempt a call, so each 429 fails a backfill attempt at once.
        try await StreamingHarness.run(backfill: backfill, restRetry: RetryPolicy(maxAttempts: 1), topics: Self.topics)
        {
            harness in
            let agents = Self.agentIds(harness.organization)
            try await harness.received.wait("the start-up report") { !$0.reports.isEmpty }
            await harness.core.inject(.rateLimitStorm(requests: 1))
            await harness.core.inject(.closeAbruptly(.all))
            await harness.core.changeAgentSilently(agents[0], presence: .breakTime, routingStatus: "OFF_QUEUE")
            try await harness.received.wait("the gap's backfill") { $0.reports.count >= 2 }
            let failure = try #require(harness.received.backfillFailures.first)
            #expect(harness.received.backfillFailures.count == 1)
            #expect(failure.retryIn != nil)
            #expect(failure.cause.contains("rate limited"))
            #expect(failure.request.hasPrefix("GET /api/v2/users"))
            let report = try #require(harness.received.reports.last)
            #expect(report.isComplete)
            #expect(report.failures == [failure])
            try await Self.expectConverged(harness)
        }
    }

    @Test("when every attempt fails, the topics are reported failed and live events keep flowing")
    func restFailureGivesUp() async throws {
        var backfill = BackfillConfiguration()
        backfill.atStartup = false
        backfill.maximumAttempts = 2
        backfill.retryBaseDelay = .milliseconds(20)
        let topics: @Sendable (Organization) -> [Topic] = { Array($0.presenceTopics.prefix(5)) }
        try await StreamingHarness.run(backfill: backfill, restRetry: RetryPolicy(maxAttempts: 1), topics: topics) {
            harness in
            await harness.core.inject(.rateLimitStorm(requests: 2))
            await harness.core.inject(.closeAbruptly(.all))
            try await harness.received.wait("the gap's report") { !$0.reports.isEmpty }
            #expect(harness.received.backfillFailures.map(\.attempt) == [1, 2])
            #expect(harness.received.backfillFailures.last?.retryIn == nil)
            let report = try #require(harness.received.reports.first)
            #expect(report.failed.count == 5)
            #expect(!report.isComplete)
            #expect(harness.received.backfill.isEmpty)
            try await harness.publish(20, on: topics(harness.organization))
            try await harness.expectExactlyOnce()
        }
    }

    @Test("with backfill off, gaps are only reported")
    func off() async throws {
        try await StreamingHarness.run(backfill: .off, topics: Self.topics) { harness in
            await harness.core.inject(.closeAbruptly(.all))
            try await harness.received.wait("the gap report") { !$0.gaps.isEmpty }
            try await harness.publish(10, on: harness.organization.presenceTopics.prefix(8).map { $0 })
            try await harness.expectExactlyOnce()
            #expect(harness.received.reports.isEmpty)
            #expect(harness.received.backfill.isEmpty)
        }
    }
}
