import CoreMetrics
import Foundation
import GenesysCloud
import GenesysNotifications
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import SwitchboardPipeline
import SwitchboardSinks
import Synchronization
import UnixSignals
import Wallboard

/// The daemon assembled from its configuration: the notification client for the watched queues
/// and users, the pipeline, the sinks behind their queues (durable ones through the outbox),
/// the audit log, the HTTP endpoints (`/healthz`, `/readyz`, `/metrics`, and pages added by the
/// caller) and the watch list's refresh, run as one `ServiceGroup`.
///
/// ``start(_:logger:)`` does everything that can fail on the user's input (credentials, the
/// directory, files, the outbox) before a channel is made; ``run(gracefulShutdownSignals:routes:onListening:)``
/// streams until a signal or ``shutdown()``: the client then deletes its subscriptions, the
/// sinks drain and the outbox keeps what is left.
public final class Daemon: Sendable {
    public let configuration: DaemonConfiguration
    public let api: GenesysCloudClient
    public let client: NotificationClient
    public let stage: PipelineStage
    public let runtime: SwitchboardRuntime
    public let metrics: PrometheusExport
    /// The wallboard's snapshot, refreshed every second while the daemon runs with the wallboard
    /// on (or a caller asks for it: the demo's terminal summary).
    public let wallboard: WallboardFeed
    private let refresher: WatchRefresher
    private let logger: Logger
    private let group = Mutex<ServiceGroup?>(nil)

    /// The watched queues and users, with their names, as last resolved.
    public var watched: ResolvedWatch { refresher.current }

    private init(
        configuration: DaemonConfiguration, api: GenesysCloudClient, client: NotificationClient, stage: PipelineStage,
        runtime: SwitchboardRuntime, metrics: PrometheusExport, refresher: WatchRefresher, logger: Logger
    ) {
        self.configuration = configuration
        self.api = api
        self.client = client
        self.stage = stage
        self.runtime = runtime
        self.metrics = metrics
        self.refresher = refresher
        self.logger = logger
        self.wallboard = WallboardFeed(runtime: runtime, names: { refresher.current })
    }

    /// Checks the credentials, resolves the watch list, reads the presence names, opens the
    /// sinks, the outbox and the audit log. Throws a ``DaemonStartError`` naming the cause and the
    /// fix; nothing is subscribed by then.
    public static func start(
        _ configuration: DaemonConfiguration, logger: Logger = Logger(label: "switchboard")
    ) async throws(DaemonStartError) -> Daemon {
        let api = GenesysCloudClient(
            configuration: .init(endpoints: configuration.platform, credentials: configuration.credentials.client),
            logger: Logger(label: "switchboard.rest"))
        do {
            _ = try await api.tokens.token()
        } catch {
            throw DaemonStartError("cannot log in with \(configuration.credentials): \(error)")
        }
        let watched: ResolvedWatch
        do {
            watched = try await ResolvedWatch.fetch(configuration.watch, api: api)
        } catch {
            throw DaemonStartError("cannot read the directory to resolve watch: \(error)")
        }
        for pattern in watched.unmatchedPatterns {
            logger.warning("a watch name pattern matches nothing (yet)", metadata: ["pattern": "\(pattern)"])
        }
        let topics = watched.topics(configuration.watch.families)
        guard !topics.isEmpty else {
            throw DaemonStartError(
                "watch: nothing to subscribe: no queue or user matched (patterns \(watched.unmatchedPatterns)); "
                    + "check watch.queues and watch.users against the organisation's names")
        }
        var pipeline = configuration.pipeline
        if pipeline.presenceNames.isEmpty, let definitions = try? await api.presenceDefinitions() {
            pipeline.presenceNames = Dictionary(
                definitions.compactMap { definition in
                    (definition.languageLabels?["en_US"] ?? definition.name).map { (definition.id, $0) }
                },
                uniquingKeysWith: { first, _ in first })
        }
        let export = PrometheusExport()
        let pipelineMetrics = PipelineMetrics(factory: export.factory)
        let stage = PipelineStage(configuration: pipeline, metrics: pipelineMetrics)
        let routes = try SinkAssembly.routes(
            configuration.sinks, outbox: configuration.outbox, factory: export.factory, logger: logger)
        var audit: AuditLogWriter?
        if let path = configuration.auditLogPath {
            do {
                audit = try AuditLogWriter(path: path) { failure in
                    logger.error("audit log write failed", metadata: ["error": "\(failure)"])
                }
            } catch {
                throw DaemonStartError("auditLog: \(error)")
            }
        }
        let client = NotificationClient(
            api: api, topics: topics, configuration: configuration.notifications,
            logger: Logger(label: "switchboard.notifications"))
        let runtime = SwitchboardRuntime(
            source: client, stage: stage, routes: routes, metrics: pipelineMetrics, audit: audit, logger: logger)
        let refresher = WatchRefresher(
            watch: configuration.watch, initial: watched, api: api, client: client, logger: logger)
        logger.notice(
            "watching",
            metadata: [
                "queues": "\(watched.queues.count)", "users": "\(watched.users.count)", "topics": "\(topics.count)",
                "sinks": "\(routes.map(\.name).joined(separator: ","))",
            ])
        return Daemon(
            configuration: configuration, api: api, client: client, stage: stage, runtime: runtime, metrics: export,
            refresher: refresher, logger: logger)
    }

    /// Runs until one of `gracefulShutdownSignals` or ``shutdown()``. The wallboard is served at
    /// `/` when the configuration says so; `feedWallboard` keeps ``wallboard`` current even
    /// without the page. `onListening` gets the bound port (useful with port 0).
    public func run(
        gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint], feedWallboard: Bool = false,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        let router = Router()
        let runtime = self.runtime
        DaemonRoutes.add(to: router, status: { await runtime.status() }, metrics: metrics)
        let feed = wallboard
        if configuration.http.wallboard {
            WallboardRoutes(snapshot: { feed.current }).addRoutes(to: router)
        }
        let http = configuration.http
        var quiet = logger
        quiet.logLevel = max(logger.logLevel, .notice)
        let app = Application(
            router: router, configuration: .init(address: .hostname(http.host, port: http.port), serverName: nil),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? http.port) },
            logger: quiet)
        // Shut down in reverse: the client first (subscriptions deleted, stream finished), then the
        // runtime drains into the sinks, then the refresher and the HTTP server.
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: app)]
                    + (configuration.http.wallboard || feedWallboard ? [.init(service: wallboard)] : [])
                    + [.init(service: refresher), .init(service: runtime.service), .init(service: client)],
                gracefulShutdownSignals: gracefulShutdownSignals, logger: logger))
        self.group.withLock { $0 = group }
        try await group.run()
    }

    /// Stops as a SIGTERM would.
    public func shutdown() async {
        guard let group = group.withLock({ $0 }) else { return }
        await group.triggerGracefulShutdown()
    }
}
