import Foundation
import GenesysNotifications
import SwitchboardPipeline
import Synchronization
import Testing

/// A value several tasks share, behind a lock.
final class Shared<Value: Sendable>: Sendable {
    private let value: Mutex<Value>
    init(_ value: Value) { self.value = Mutex(value) }
    func read() -> Value { value.withLock { $0 } }
    func change(_ body: (inout Value) -> Void) { value.withLock { body(&$0) } }
}

@Suite("Pipeline: every stage composed")
struct PipelineTests {
    static let instant = "2026-11-18T11:06:40.000Z"

    static func observation(_ metrics: String, id: String = UUID().uuidString) -> NotificationEvent {
        .event(
            Frames.event(
                "v2.analytics.queues.\(Frames.queue).observations",
                #"{"group":{"queueId":"\#(Frames.queue)","mediaType":"voice"},"data":[{"interval":"\#(instant)/\#(instant)","metrics":[\#(metrics)]}]}"#,
                id: id
            ).envelope)
    }

    @Test("one item goes through every stage; duplicates and filtered events stop at the intake")
    func process() throws {
        let filter = try FilterExpression(parsing: "not (family == userAggregates)")
        var pipeline = Pipeline(configuration: .init(intake: .init(filter: EventFilter(expression: filter))))
        let now = ContinuousClock.now
        let presence = NotificationEvent.event(
            Frames.presence(Frames.onQueue, "ON_QUEUE", modified: "2026-11-18T11:06:39.900Z").envelope)

        let first = pipeline.process(presence, now: now)
        #expect(first.count == 2)
        guard case .event(let event, let record) = first.first, case .presenceDelta(let delta) = first.last else {
            Issue.record("expected the event then its delta, got \(first)")
            return
        }
        #expect(event.envelope.topicName.hasSuffix(".presence") && record == nil)
        #expect(delta.userId == Frames.user && delta.presenceChanged)
        // The same frame again is a duplicate: nothing comes out.
        #expect(pipeline.process(presence, now: now).isEmpty)
        #expect(pipeline.intake.counts.droppedAsDuplicate == 1)

        let aggregate = NotificationEvent.event(
            Frames.event(
                "v2.analytics.users.\(Frames.user).aggregates",
                #"{"group":{"userId":"\#(Frames.user)"},"data":[{"interval":"2026-11-18T11:00:00.000Z/2026-11-18T11:30:00.000Z","metrics":[]}]}"#
            ).envelope)
        #expect(pipeline.process(aggregate, now: now).isEmpty)
        #expect(pipeline.intake.counts.filteredOut == 1)

        // A conversation carries its flat record; a bad statistic is reported beside the event.
        let conversation = pipeline.process(
            .event(Frames.conversation(agentCall: #""state":"connected""#, at: 1).envelope), now: now)
        guard case .event(_, let flat)? = conversation.first else {
            Issue.record("expected the conversation event first")
            return
        }
        #expect(flat?.conversationId == "c-1" && flat?.queueId == Frames.queue)
        #expect(pipeline.agents[Frames.user]?.interactions["c-1"]?.state == .connected)
        let negative = pipeline.process(Self.observation(#"{"metric":"oWaiting","stats":{"count":-1}}"#), now: now)
        #expect(negative.contains { if case .inconsistency = $0 { true } else { false } })
        #expect(pipeline.queues.status(queueId: Frames.queue, mediaType: "voice")?.waiting == -1)
    }

    @Test("the stage runs a stream in order, ticks for staleness and finishes with it")
    func stage() async throws {
        let wall = Shared(Frames.start)
        let stage = PipelineStage(tickInterval: .milliseconds(10), wallClock: { wall.read() })
        let (events, input) = AsyncStream.makeStream(of: NotificationEvent.self)
        let collected = Shared<[PipelineOutput]>([])
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await stage.run(events) }
            group.addTask {
                for await output in stage.outputs { collected.change { $0.append(output) } }
            }
            input.yield(Self.observation(#"{"metric":"oWaiting","stats":{"count":2}}"#))
            input.yield(.event(Frames.routing("IDLE", since: "2026-11-18T11:06:00.000Z").envelope))
            // Time passes with no update for the queue: the timer reports it stale.
            wall.change { $0 = Frames.start.addingTimeInterval(45) }
            let deadline = ContinuousClock.now + .seconds(5)
            while ContinuousClock.now < deadline {
                let stale = collected.read().contains {
                    if case .freshness(let event) = $0 { event.queueId == Frames.queue } else { false }
                }
                if stale { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            input.finish()
            try await group.waitForAll()
        }
        let outputs = collected.read()
        let kinds = outputs.map { output -> String in
            switch output {
            case .event(let event, _): event.envelope.topicName.components(separatedBy: ".").last ?? ""
            case .presenceDelta: "delta"
            case .freshness(let event): if case .stale = event.kind { "stale" } else { "fresh" }
            case .window: "window"
            case .inconsistency: "inconsistency"
            case .health: "health"
            }
        }
        #expect(kinds == ["observations", "routingStatus", "delta", "stale"])
        #expect(stage.queues.status(queueId: Frames.queue, mediaType: "voice")?.waiting == 2)
        #expect(stage.agents[Frames.user]?.routingStatus == .idle)
        #expect(stage.counts.passed == 2)
    }
}
