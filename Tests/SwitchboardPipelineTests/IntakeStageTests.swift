import Foundation
// Health events are made by the client only; the tests build them directly.
import GenesysNotifications
import SwitchboardPipeline
import Testing

@Suite("Intake: de-duplication then filters over the notification stream")
struct IntakeStageTests {
    typealias Body = ConversationBodies

    static func health(_ slot: Int) -> NotificationEvent {
        .health(HealthEvent(slot: slot, channel: nil, at: IntakeFixtures.start, kind: .state(.connected)))
    }

    static func queueEnvelope(_ queue: String, correlationId: String) -> NotificationEnvelope {
        IntakeFixtures.envelope(
            topic: IntakeFixtures.queueTopic(queue),
            body: Body.conversation([Body.customer(), Body.acd(queue: queue, entered: 0)]),
            correlationId: correlationId, receivedAt: IntakeFixtures.start.addingTimeInterval(10))
    }

    /// What came out: `health <slot>` or `<correlation id>`.
    static func labels(_ outputs: [IntakeOutput]) -> [String] {
        outputs.map { output in
            switch output {
            case .event(let event): event.envelope.correlationId ?? "?"
            case .health(let health): "health \(health.slot)"
            }
        }
    }

    @Test("over an AsyncStream: duplicates and filtered events leave, health passes in order, counts add up")
    func overAStream() async throws {
        let filter = EventFilter(expression: try FilterExpression(parsing: "queue == \(IntakeFixtures.queueA)"))
        let stage = IntakeStage(configuration: .init(filter: filter))
        let (events, input) = AsyncStream.makeStream(of: NotificationEvent.self)
        let a1 = Self.queueEnvelope(IntakeFixtures.queueA, correlationId: "a1")
        let b1 = Self.queueEnvelope(IntakeFixtures.queueB, correlationId: "b1")
        let a2 = Self.queueEnvelope(IntakeFixtures.queueA, correlationId: "a2")
        for item: NotificationEvent in [Self.health(0), .event(a1), .event(b1), .event(a1), Self.health(1), .event(a2)]
        {
            input.yield(item)
        }
        input.finish()

        var outputs: [IntakeOutput] = []
        for await output in stage.run(events) { outputs.append(output) }

        #expect(Self.labels(outputs) == ["health 0", "a1", "health 1", "a2"])
        if case .queueConversation(let queueId, _) = outputs[1].event?.typed {
            #expect(queueId == IntakeFixtures.queueA)
        } else {
            Issue.record("the event is decoded once, before the filter: \(String(describing: outputs[1].event?.typed))")
        }
        let counts = stage.counts
        #expect(counts.seen == 4)
        #expect(counts.passed == 2)
        #expect(counts.droppedAsDuplicate == 1)
        #expect(counts.filteredOut == 1)
        #expect(counts.health == 2)
        #expect(counts.deduplication.seen == 4)
    }

    @Test("two sockets overlapping during a rotation feed one stream; each event comes out once")
    func rotationThroughTheStage() async {
        let stage = IntakeStage()
        let (events, input) = AsyncStream.makeStream(of: NotificationEvent.self)
        let ids = (1...6).map { "e\($0)" }
        let envelopes = Dictionary(
            uniqueKeysWithValues: ids.map { ($0, Self.queueEnvelope(IntakeFixtures.queueA, correlationId: $0)) })
        let feed = { @Sendable (names: ArraySlice<String>) in
            for name in names { if let envelope = envelopes[name] { input.yield(.event(envelope)) } }
        }
        // Old socket: e1…e4; new socket: e3…e6, both writing while they overlap.
        await withDiscardingTaskGroup { group in
            group.addTask { feed(ids[0..<4]) }
            group.addTask { feed(ids[2..<6]) }
        }
        input.finish()
        var seen: [String] = []
        for await output in stage.run(events) { seen += Self.labels([output]) }
        #expect(seen.sorted() == ids)
        #expect(stage.counts.droppedAsDuplicate == 2)
    }

    @Test("the window runs on the injected clock")
    func injectedClock() {
        let clock = ManualInstant()
        let stage = IntakeStage(
            configuration: .init(deduplication: .init(window: .seconds(60))), now: { clock.now })
        let event = NotificationEvent.event(Self.queueEnvelope(IntakeFixtures.queueA, correlationId: "x"))
        #expect(stage.admit(event) != nil)
        clock.advance(by: .seconds(59))
        #expect(stage.admit(event) == nil)
        clock.advance(by: .seconds(1))
        #expect(stage.admit(event) != nil)
        #expect(stage.counts.passed == 2)
    }

    @Test("the pure core says why an event was dropped")
    func verdicts() throws {
        var intake = Intake(
            configuration: .init(filter: EventFilter(families: .init(allow: [.queueConversations]))))
        let now = ContinuousClock.now
        let conversation = Self.queueEnvelope(IntakeFixtures.queueA, correlationId: "c")
        let presence = IntakeFixtures.envelope(
            topic: IntakeFixtures.presenceTopic(), body: IntakeFixtures.presenceBody("AVAILABLE"))
        guard case .deliver(.event) = intake.admit(.event(conversation), now: now) else {
            Issue.record("the conversation should pass")
            return
        }
        guard case .duplicate(let copy) = intake.admit(.event(conversation), now: now) else {
            Issue.record("the copy should be a duplicate")
            return
        }
        #expect(copy.correlationId == "c")
        guard case .filteredOut(let dropped) = intake.admit(.event(presence), now: now) else {
            Issue.record("presence should be filtered out")
            return
        }
        #expect(dropped.envelope.topicName == IntakeFixtures.presenceTopic())
        guard case .deliver(.health) = intake.admit(Self.health(3), now: now) else {
            Issue.record("health passes")
            return
        }
        #expect(intake.counts.seen == 3)
        #expect(intake.counts.health == 1)
    }

    @Test("backfill records pass de-duplication and still meet the filters")
    func backfillThroughTheStage() throws {
        let stage = IntakeStage(
            configuration: .init(filter: EventFilter(expression: try FilterExpression(parsing: "presence == on_queue")))
        )
        let onQueue = try IntakeFixtures.backfill(
            topic: IntakeFixtures.presenceTopic(), body: IntakeFixtures.presenceBody("ON_QUEUE"))
        let away = try IntakeFixtures.backfill(
            topic: IntakeFixtures.presenceTopic(IntakeFixtures.agentB), body: IntakeFixtures.presenceBody("AWAY"))
        #expect(stage.admit(.event(onQueue)) != nil)
        #expect(stage.admit(.event(onQueue)) != nil)
        #expect(stage.admit(.event(away)) == nil)
        #expect(stage.counts.deduplication.backfillPassed == 3)
        #expect(stage.counts.filteredOut == 1)
    }
}
