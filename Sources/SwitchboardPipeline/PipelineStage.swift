import Foundation
import GenesysNotifications
import StreamBatching
import Synchronization

/// Runs a ``Pipeline`` over a live stream (such as `NotificationClient.events`): every item goes
/// through every stage, the outputs come out on ``outputs`` in order, and a timer checks staleness
/// meanwhile. The boards can be read at any time, for a page or an API.
///
/// ```swift
/// let stage = PipelineStage()
/// async let running: Void = stage.run(client.events)
/// for await output in stage.outputs { … }
/// ```
///
/// ``outputs`` buffers without bound, like the client's own stream: bounding belongs to each
/// sink, with its own drop policy. Events are taken a batch at a time (everything that arrived
/// since the last one) and a batch's outputs are handed on together, so a busy stream costs one
/// lock and one hand-off per batch rather than per event.
public final class PipelineStage: Sendable {
    public let outputs: BatchedStream<PipelineOutput>
    private let sink: BatchedStream<PipelineOutput>.Continuation
    private let state: Mutex<Pipeline>
    private let tickInterval: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let wallClock: @Sendable () -> Date
    private let metrics: PipelineMetrics?

    /// `now` runs the de-duplication window and `wallClock` the staleness checks; tests pass
    /// their own. With `metrics`, every intake verdict is counted and every event's latency
    /// timed there.
    public init(
        configuration: Pipeline.Configuration = .init(), tickInterval: Duration = .seconds(1),
        metrics: PipelineMetrics? = nil,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now },
        wallClock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.metrics = metrics
        state = Mutex(Pipeline(configuration: configuration))
        self.tickInterval = tickInterval
        self.now = now
        self.wallClock = wallClock
        (outputs, sink) = BatchedStream.makeStream(of: PipelineOutput.self)
    }

    /// The agent board as it stands.
    public var agents: AgentBoard { state.withLock { $0.agents } }
    /// The queue board as it stands.
    public var queues: QueueBoard { state.withLock { $0.queues } }
    /// The intake's counts so far.
    public var counts: Intake.Counts { state.withLock { $0.intake.counts } }
    /// What the pipeline keeps in memory now.
    public var retained: Pipeline.Retained { state.withLock { $0.retained } }
    /// Latency histograms and queue update times so far.
    public var freshness: FreshnessTracker { state.withLock { $0.freshness } }

    /// Feeds `events` through the pipeline until they end or the task is cancelled, checking
    /// staleness every `tickInterval`; then finishes ``outputs``.
    public func run(_ events: BatchedStream<NotificationEvent>) async {
        await running {
            while let batch = await events.next() { process(batch) }
        }
    }

    /// ``run(_:)`` for any sequence of events, taken one at a time.
    public func run<Events: AsyncSequence & Sendable>(_ events: Events) async
    where Events.Element == NotificationEvent {
        await running {
            do {
                for try await item in events { process(CollectionOfOne(item)) }
            } catch {
                // The notification stream does not fail; a sequence that does simply ends here.
            }
        }
    }

    /// Runs `feed` beside the staleness timer, then finishes ``outputs``.
    private func running(_ feed: () async -> Void) async {
        await withDiscardingTaskGroup { group in
            group.addTask { [self] in
                while (try? await Task.sleep(for: tickInterval)) != nil {
                    let at = wallClock()
                    sink.yield(contentsOf: state.withLock { $0.tick(at: at) })
                }
            }
            await feed()
            group.cancelAll()
        }
        sink.finish()
    }

    /// Events processed under one hold of the lock at most: readers of the boards (a page, an
    /// API) wait for no more than this many, however large the batch (a start-up backfill).
    static let lockedRun = 256

    /// A batch through the pipeline, a run of events per hold of the lock; each run's outputs
    /// handed on together, in order.
    private func process(_ batch: some Collection<NotificationEvent>) {
        var rest = batch[...]
        while !rest.isEmpty {
            let run = rest.prefix(Self.lockedRun)
            rest = rest.dropFirst(run.count)
            let instant = now()
            let (verdicts, outputs) = state.withLock { pipeline in
                var verdicts: [Intake.Verdict] = []
                var outputs: [PipelineOutput] = []
                if metrics != nil { verdicts.reserveCapacity(run.count) }
                outputs.reserveCapacity(run.count)
                for item in run {
                    let verdict = pipeline.process(item, now: instant, into: &outputs)
                    if metrics != nil { verdicts.append(verdict) }
                }
                return (verdicts, outputs)
            }
            if let metrics {
                for verdict in verdicts {
                    metrics.record(verdict)
                    if case .deliver(.event(let event)) = verdict { metrics.recordLatency(of: event) }
                }
            }
            sink.yield(contentsOf: outputs)
        }
    }
}
