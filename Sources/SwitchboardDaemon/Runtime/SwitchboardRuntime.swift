import Foundation
import GenesysNotifications
import Logging
import ServiceLifecycle
import StreamBatching
import SwitchboardPipeline
import SwitchboardSinks
import Synchronization

/// Where the runtime's events come from: the notification client, or a recording replayed.
public protocol RuntimeSource: Sendable {
    /// Events and health, in order; the runtime ends when this does.
    var events: BatchedStream<NotificationEvent> { get }
    /// The channels as they stand (none for a replay).
    var channels: [ChannelStatus] { get }
}

extension NotificationClient: RuntimeSource {}

/// The daemon's flow: the notification client's stream through the pipeline into every sink,
/// with metrics, the audit log and a status for health checks and pages.
///
/// ``run()`` ends when the source's stream does. In a `ServiceGroup`, put ``service`` after the
/// client (`[runtime.service, client]`), so a graceful shutdown stops the client first (sockets
/// closed, subscriptions deleted, the stream finished), then lets this drain: every output
/// already in the pipeline is offered, every queue delivers what it holds (bounded by
/// ``Configuration/drainTimeout``), and durable sinks keep the rest in the outbox.
public final class SwitchboardRuntime: Sendable {
    public struct Configuration: Sendable {
        /// How long sinks may take to deliver what is queued at shutdown. A durable sink keeps the
        /// rest in the outbox; what a memory queue still holds then is lost, counted and logged.
        public var drainTimeout: Duration
        /// How often gauges (channels, boards, queue depths) and the event rate are sampled.
        public var sampleInterval: Duration
        /// How often the allocator's free pages are handed back to the system (see
        /// `FreeMemory`); nil never does.
        public var freeMemoryInterval: Duration?

        public init(
            drainTimeout: Duration = .seconds(10), sampleInterval: Duration = .seconds(1),
            freeMemoryInterval: Duration? = .seconds(10)
        ) {
            self.drainTimeout = drainTimeout
            self.sampleInterval = sampleInterval
            self.freeMemoryInterval = freeMemoryInterval
        }
    }

    public let source: any RuntimeSource
    public let stage: PipelineStage
    public let routes: [SinkRoute]
    public let configuration: Configuration
    private let metrics: PipelineMetrics
    private let audit: AuditLogWriter?
    private let logger: Logger
    private let state = Mutex(State())

    private struct State {
        var phase = RuntimeStatus.Phase.starting
        var rate = EventRate()
        var eventsPerSecond = 0.0
        var lastEventAt: Date?
        var gaps = 0
    }

    /// - Parameters:
    ///   - stage: Should count into the same `metrics` (``PipelineStage/init(configuration:tickInterval:metrics:now:wallClock:)``).
    ///   - audit: Receives every health change and the shutdown; closed when the runtime ends.
    public init(
        source: any RuntimeSource, stage: PipelineStage, routes: [SinkRoute], metrics: PipelineMetrics,
        audit: AuditLogWriter? = nil, configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "switchboard.runtime")
    ) {
        self.source = source
        self.stage = stage
        self.routes = routes
        self.metrics = metrics
        self.audit = audit
        self.configuration = configuration
        self.logger = logger
    }

    /// The daemon as it stands.
    public func status() async -> RuntimeStatus {
        let (phase, rate, lastEventAt, gaps) = state.withLock {
            ($0.phase, $0.eventsPerSecond, $0.lastEventAt, $0.gaps)
        }
        let counts = stage.counts
        var sinks: [(name: String, counts: SinkCounts)] = []
        for route in routes { sinks.append((route.name, await route.counts())) }
        return RuntimeStatus(
            phase: phase, channels: source.channels, eventsPerSecond: rate, eventsSeen: counts.seen,
            eventsPassed: counts.passed, lastEventAt: lastEventAt, gaps: gaps, sinks: sinks)
    }

    /// The runtime as a ServiceLifecycle service: it drains when the source's stream ends, then
    /// waits for its turn in the group's graceful shutdown. ServiceGroup cancels every other
    /// service when one returns while it is shutting another down, and the stream ends when the
    /// client stops, a moment before the group has seen the client return.
    public var service: some Service { RuntimeService(runtime: self) }

    /// Runs until the source's stream ends and the sinks have drained (or the drain timeout).
    public func run() async throws {
        state.withLock { $0.phase = .running }
        await withDiscardingTaskGroup { group in
            group.addTask { [stage, source] in await stage.run(source.events) }
            group.addTask { [self] in await sample() }
            await deliverAndDrain()
            group.cancelAll()
        }
        state.withLock { $0.phase = .stopped }
        sampleOnce()
        audit?.recordShutdown()
        audit?.close()
    }

    /// Offers every output to the sinks that take it until the pipeline ends, then lets the
    /// queues drain within the timeout.
    private func deliverAndDrain() async {
        enum End { case drained, timedOut }
        await withTaskGroup(of: End.self) { drain in
            drain.addTask { [routes] in
                await withDiscardingTaskGroup { runners in
                    for route in routes { runners.addTask { await route.run() } }
                }
                return .drained
            }
            while let outputs = await stage.outputs.next() { await handle(outputs) }
            state.withLock { $0.phase = .draining }
            for route in routes { await route.finish() }
            drain.addTask { [timeout = configuration.drainTimeout] in
                try? await Task.sleep(for: timeout)
                return .timedOut
            }
            if await drain.next() == .timedOut { await reportUndelivered() }
            drain.cancelAll()
        }
        for route in routes { await route.close() }
    }

    /// A batch of outputs: noted, then offered to each route that takes them, a batch per route.
    private func handle(_ outputs: [PipelineOutput]) async {
        var offers = Array(repeating: [Delivery](), count: routes.count)
        let receivedAt = Date()
        for output in outputs {
            note(output)
            // Built once, for the first sink that takes it, and shared.
            var delivery: Delivery?
            for (index, route) in routes.enumerated() where route.selection.takes(output) {
                if delivery == nil { delivery = Delivery(output, receivedAt: receivedAt) }
                if let delivery { offers[index].append(delivery) }
            }
        }
        for (route, deliveries) in zip(routes, offers) where !deliveries.isEmpty {
            await route.offer(contentsOf: deliveries)
        }
    }

    private func note(_ output: PipelineOutput) {
        switch output {
        case .event(let event, _):
            let receivedAt = event.envelope.receivedAt
            state.withLock { $0.lastEventAt = receivedAt }
        case .health(let health):
            audit?.record(health)
            if case .gap = health.kind { state.withLock { $0.gaps += 1 } }
        case .window(let report):
            metrics.record([report])
        case .inconsistency(let inconsistency):
            metrics.record([inconsistency])
        case .freshness(let freshness):
            metrics.record(freshness)
        case .presenceDelta:
            break
        }
    }

    /// What the queues still hold when the drain time is up: lost for memory queues (counted and
    /// logged), kept in the outbox for durable ones.
    private func reportUndelivered() async {
        for route in routes {
            let queued = await route.counts().queued
            let lost = await route.heldInMemory()
            if queued > lost {
                logger.warning(
                    "sink not drained in time; its deliveries stay in the outbox for the next start",
                    metadata: ["sink": "\(route.name)", "pending": "\(queued - lost)"])
            }
            guard lost > 0 else { continue }
            logger.error(
                "sink not drained in time; deliveries queued in memory are lost",
                metadata: ["sink": "\(route.name)", "lost": "\(lost)"])
            audit?.recordSinkFailure(
                sink: route.name, reason: "not drained within the shutdown drain timeout", dropped: lost, queued: 0)
        }
    }

    /// Samples gauges and the event rate until cancelled, and hands free memory back to the
    /// system every ``Configuration/freeMemoryInterval``.
    private func sample() async {
        let clock = ContinuousClock()
        var freeMemoryAt = configuration.freeMemoryInterval.map { clock.now + $0 }
        while (try? await Task.sleep(for: configuration.sampleInterval)) != nil {
            sampleOnce()
            if let due = freeMemoryAt, clock.now >= due, let interval = configuration.freeMemoryInterval {
                let started = clock.now
                let released = FreeMemory.release()
                logger.debug(
                    "free memory handed back to the system",
                    metadata: ["released": "\(released)", "took": "\(clock.now - started)"])
                freeMemoryAt = clock.now + interval
            }
        }
    }

    private func sampleOnce() {
        metrics.observe(channels: source.channels)
        metrics.observe(agents: stage.agents, queues: stage.queues)
        metrics.observe(stage.retained)
        let seen = stage.counts.seen
        let now = ContinuousClock.now
        state.withLock { $0.eventsPerSecond = $0.rate.sample(total: seen, at: now) }
    }
}

/// ``SwitchboardRuntime/service``.
private struct RuntimeService: Service {
    let runtime: SwitchboardRuntime

    func run() async throws {
        try await runtime.run()
        // Returning before the group signals this service would cancel the HTTP server and the
        // others mid-shutdown; cancellation ends the wait as well.
        try? await gracefulShutdown()
    }
}
