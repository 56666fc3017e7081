import Foundation
import GenesysNotifications
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
/// sink, with its own drop policy.
public final class PipelineStage: Sendable {
    public let outputs: AsyncStream<PipelineOutput>
    private let sink: AsyncStream<PipelineOutput>.Continuation
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
        (outputs, sink) = AsyncStream.makeStream(of: PipelineOutput.self)
    }

    /// The agent board as it stands.
    public var agents: AgentBoard { state.withLock { $0.agents } }
    /// The queue board as it stands.
    public var queues: QueueBoard { state.withLock { $0.queues } }
    /// The intake's counts so far.
    public var counts: Intake.Counts { state.withLock { $0.intake.counts } }
    /// Latency histograms and queue update times so far.
    public var freshness: FreshnessTracker { state.withLock { $0.freshness } }

    /// Feeds `events` through the pipeline until they end or the task is cancelled, checking
    /// staleness every `tickInterval`; then finishes ``outputs``.
    public func run<Events: AsyncSequence & Sendable>(_ events: Events) async
    where Events.Element == NotificationEvent {
        await withDiscardingTaskGroup { group in
            group.addTask { [self] in
                while (try? await Task.sleep(for: tickInterval)) != nil {
                    let at = wallClock()
                    for output in state.withLock({ $0.tick(at: at) }) { sink.yield(output) }
                }
            }
            do {
                for try await item in events {
                    let instant = now()
                    let (verdict, outputs) = state.withLock { $0.process(verdictOn: item, now: instant) }
                    if let metrics {
                        metrics.record(verdict)
                        if case .deliver(.event(let event)) = verdict { metrics.recordLatency(of: event) }
                    }
                    for output in outputs { sink.yield(output) }
                }
            } catch {
                // The notification stream does not fail; a sequence that does simply ends here.
            }
            group.cancelAll()
        }
        sink.finish()
    }
}
