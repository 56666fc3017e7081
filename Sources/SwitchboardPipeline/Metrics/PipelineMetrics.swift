import CoreMetrics
import Foundation
import GenesysNotifications
import Synchronization

/// The pipeline's metrics through swift-metrics: the thin shell that applies ``MetricUpdate``s to
/// counters, gauges and timers of a `MetricsFactory`.
///
/// By default the factory is the one bootstrapped for the process (`MetricsSystem.bootstrap`,
/// done once by the executable); tests and embedding applications pass their own. Metric
/// handles are made on first use and kept, one per name and dimension value.
///
/// ```swift
/// let metrics = PipelineMetrics()
/// for await item in client.events {
///     let verdict = intake.verdict(on: item)
///     metrics.record(verdict)
///     …
/// }
/// ```
public final class PipelineMetrics: Sendable {
    private struct Key: Hashable {
        let name: MetricName
        let dimensionValue: String?
    }

    private enum Handle: Sendable {
        case counter(Counter)
        case gauge(Gauge)
        case timer(CoreMetrics.Timer)
    }

    private let factory: any MetricsFactory
    private let handles = Mutex<[Key: Handle]>([:])
    private let slotsShown = Mutex<Set<Int>>([])

    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
    }

    /// Applies one update.
    public func apply(_ update: MetricUpdate) {
        let handle = handles.withLock { handles in
            let key = Key(name: update.name, dimensionValue: update.dimensionValue)
            if let handle = handles[key] { return handle }
            let handle = makeHandle(update)
            handles[key] = handle
            return handle
        }
        switch (handle, update.value) {
        case (.counter(let counter), .increment(let amount)): counter.increment(by: amount)
        case (.gauge(let gauge), .set(let value)): gauge.record(value)
        case (.timer(let timer), .nanoseconds(let nanoseconds)): timer.recordNanoseconds(nanoseconds)
        // A value of the wrong type for its name is a programming error in the mapping; the
        // mapping's tests pin every name's type, so here it is ignored rather than trapped.
        default: break
        }
    }

    /// Applies updates in order.
    public func apply(_ updates: [MetricUpdate]) {
        for update in updates { apply(update) }
    }

    /// Counts an intake verdict (``IntakeStage/verdict(on:)``).
    public func record(_ verdict: Intake.Verdict) { apply(MetricUpdate.updates(for: verdict)) }

    /// Counts a health event seen outside an intake.
    public func record(_ health: HealthEvent) { apply(MetricUpdate.updates(for: health)) }

    /// Records an event's latency in its family's timer, when its body carries a time.
    public func recordLatency(of event: PipelineEvent) {
        if let latency = FreshnessTracker.latency(of: event) { apply(MetricUpdate.update(for: latency)) }
    }

    /// Counts the outliers among a windowed aggregator's reports.
    public func record(_ reports: [WindowedAggregator.Report]) {
        for report in reports { apply(MetricUpdate.updates(for: report)) }
    }

    /// Counts inconsistencies the checker found.
    public func record(_ inconsistencies: [Inconsistency]) {
        for inconsistency in inconsistencies { apply(MetricUpdate.update(for: inconsistency)) }
    }

    /// Counts a queue going stale or fresh again.
    public func record(_ freshness: FreshnessEvent) { apply(MetricUpdate.update(for: freshness)) }

    /// Sets the board gauges. Counting queues walks the board, so call it on a timer or after a
    /// batch rather than per event.
    public func observe(agents: AgentBoard, queues: QueueBoard) {
        apply(MetricUpdate.boardSizes(agents: agents.agents.count, queues: queues.queueIds.count))
    }

    /// Sets the gauges of what the pipeline keeps in memory (``PipelineStage/retained``).
    public func observe(_ retained: Pipeline.Retained) { apply(MetricUpdate.retained(retained)) }

    /// Sets the channel gauges from ``NotificationClient/channels``; call it on a timer.
    public func observe(channels: [ChannelStatus], at now: Date = Date()) {
        let previous = slotsShown.withLock { shown in
            defer { shown = Set(channels.map(\.slot)) }
            return shown
        }
        apply(MetricUpdate.channelGauges(channels, previous: previous, at: now))
    }

    private func makeHandle(_ update: MetricUpdate) -> Handle {
        let label = update.name.rawValue
        let dimensions = update.dimensions
        switch update.name.kind {
        case .counter: return .counter(Counter(label: label, dimensions: dimensions, factory: factory))
        case .gauge: return .gauge(Gauge(label: label, dimensions: dimensions, factory: factory))
        case .timer: return .timer(CoreMetrics.Timer(label: label, dimensions: dimensions, factory: factory))
        }
    }
}
