import CoreMetrics
import Foundation
import Logging
import SwitchboardSinks

/// Opens the sinks a configuration names, each behind its queue: files are opened and the outbox
/// read here, so a path that cannot be written stops the daemon at start-up, not at the first
/// event.
enum SinkAssembly {
    static func routes(
        _ specs: [SinkSpec], outbox settings: OutboxSettings?, factory: any MetricsFactory, logger: Logger
    ) throws(DaemonStartError) -> [SinkRoute] {
        var outbox: Outbox?
        if let settings, specs.contains(where: \.isDurable) {
            do {
                outbox = try Outbox(path: settings.path, configuration: settings.configuration)
            } catch {
                throw DaemonStartError("outbox.path: \(error)")
            }
        }
        var routes: [SinkRoute] = []
        for spec in specs {
            let (sink, close): (any Sink, @Sendable () async -> Void)
            switch spec.kind {
            case .jsonLines(let destination):
                do {
                    sink = try JSONLinesSink(destination, name: spec.name)
                } catch {
                    throw DaemonStartError(error.description)
                }
                close = {}
            case .webhook(let configuration):
                let webhook = WebhookSink(configuration: configuration, name: spec.name)
                sink = webhook
                close = { try? await webhook.shutdown() }
            case .redis(let configuration):
                let redis = RedisSink(configuration: configuration, name: spec.name)
                sink = redis
                close = { await redis.close() }
            }
            var onGiveUp: @Sendable ([Delivery], any Error) -> Void = { _, _ in }
            if let path = spec.deadLetterPath {
                do {
                    onGiveUp = try DeadLetterFile(path: path).recorder(sink: spec.name, logger: logger)
                } catch {
                    throw DaemonStartError("sink \(spec.name): deadLetters: \(error)")
                }
            }
            let metrics = SinkMetrics(sink: spec.name, factory: factory)
            switch spec.queueing {
            case .memory(let configuration):
                let queue = SinkQueue(
                    sink: sink, configuration: configuration, logger: logger, metrics: metrics, onGiveUp: onGiveUp)
                routes.append(SinkRoute(queue: queue, selection: spec.selection, logger: logger, close: close))
            case .durable(let configuration):
                guard let outbox else {
                    throw DaemonStartError("sink \(spec.name) is durable: set outbox.path")
                }
                let queue = DurableSinkQueue(
                    sink: sink, outbox: outbox, outboxName: spec.name, configuration: configuration, logger: logger,
                    metrics: metrics, onGiveUp: onGiveUp)
                routes.append(SinkRoute(queue: queue, selection: spec.selection, logger: logger, close: close))
            case .spilling(let memoryConfiguration, let durableConfiguration):
                guard let outbox else {
                    throw DaemonStartError("sink \(spec.name) spills to the outbox: set outbox.path")
                }
                let memory = SinkQueue(
                    sink: sink, configuration: memoryConfiguration, logger: logger, metrics: metrics,
                    onGiveUp: onGiveUp)
                // The spilled deliveries' own figures, under `<name>.spill`.
                let spilled = DurableSinkQueue(
                    sink: sink, outbox: outbox, outboxName: spec.name, configuration: durableConfiguration,
                    logger: logger, metrics: SinkMetrics(sink: spec.name + ".spill", factory: factory),
                    onGiveUp: onGiveUp)
                routes.append(
                    SinkRoute(
                        queue: memory, spillingTo: spilled, selection: spec.selection, logger: logger, close: close))
            }
        }
        return routes
    }
}
