import Foundation
import GenesysCloud
import GenesysNotifications
import SwitchboardPipeline
import Yams

/// Everything `switchboard run --config switchboard.yml` needs, read from the configuration file
/// and `SWITCHBOARD_` environment variables, validated and mapped onto the library's own
/// configuration types.
///
/// ```swift
/// let configuration = try DaemonConfiguration.load(path: "switchboard.yml", environment: ProcessInfo.processInfo.environment)
/// let client = GenesysCloudClient(configuration: .init(endpoints: configuration.platform,
///                                                      credentials: configuration.credentials.client))
/// ```
///
/// Reading opens nothing but the configuration file and the secret files it names (read so a
/// missing secret stops the daemon at start-up): sinks, the outbox, the audit log and the HTTP
/// listener are only described here. Every problem is reported at once in one
/// ``ConfigurationError``. Printing a configuration, `dump` included, never shows a secret.
public struct DaemonConfiguration: Sendable, CustomStringConvertible {
    /// What the configuration was read from: the file as given, or `environment`.
    public var source: String
    /// The REST API and login URLs: a region's, or explicit ones for the emulator or a gateway.
    public var platform: PlatformEndpoints
    /// The OAuth client, from the environment or `credentials.file`.
    public var credentials: DaemonCredentials
    /// Queues, users and topic families to subscribe to.
    public var watch: WatchSettings
    /// De-duplication, the filter, windows and freshness.
    public var pipeline: Pipeline.Configuration
    /// Session timings and backfill.
    public var notifications: NotificationClient.Configuration
    /// Where health changes are appended as JSON lines; nil writes no audit log.
    public var auditLogPath: String?
    /// The HTTP listener.
    public var http: HTTPSettings
    /// The outbox of durable sinks; nil when `outbox.path` is not set (no sink is then durable).
    public var outbox: OutboxSettings?
    /// The sinks, in the order written, names unique.
    public var sinks: [SinkSpec]

    /// The largest configuration file read.
    public static let maximumFileSize = 1 << 20

    /// The source named in messages when there is no file.
    public static let environmentSource = "environment"

    /// Reads the configuration file at `path` (nil: the configuration comes from the environment
    /// alone) with the `SWITCHBOARD_` overrides of `environment`, and the credentials from
    /// `environment` or the file the configuration names.
    ///
    /// - Parameter environment: The process's environment (`ProcessInfo.processInfo.environment`);
    ///   tests pass their own.
    /// - Throws: ``ConfigurationError`` listing every problem found.
    public static func load(path: String?, environment: [String: String]) throws(ConfigurationError)
        -> DaemonConfiguration
    {
        guard let path else {
            return try read(.emptyMap, source: environmentSource, environment: environment, conversionProblems: [])
        }
        switch TextFile.contents(of: path, limit: maximumFileSize) {
        case .success(let text):
            return try parse(yaml: text, source: path, environment: environment)
        case .failure(let failure):
            throw ConfigurationError(
                source: path,
                problems: [
                    ConfigurationProblem(
                        location: .file(path, line: nil, column: nil), keyPath: nil,
                        message: failure.message(path: path, naming: false))
                ])
        }
    }

    /// Reads a configuration from YAML text; `source` names it in messages (the file's path).
    /// Secret files the text names are read as by ``load(path:environment:)``.
    public static func parse(yaml: String, source: String, environment: [String: String]) throws(ConfigurationError)
        -> DaemonConfiguration
    {
        let document: Yams.Node?
        do {
            document = try Yams.compose(yaml: yaml)
        } catch {
            throw ConfigurationError(source: source, problems: [YAMLSyntax.problem(error, source: source)])
        }
        var problems: [ConfigNode.ConversionProblem] = []
        let root = document.map { ConfigNode($0, problems: &problems) } ?? .emptyMap
        return try read(root, source: source, environment: environment, conversionProblems: problems)
    }

    private static func read(
        _ document: ConfigNode, source: String, environment: [String: String],
        conversionProblems: [ConfigNode.ConversionProblem]
    ) throws(ConfigurationError) -> DaemonConfiguration {
        let log = ProblemLog(source: source)
        for problem in conversionProblems { log.report(problem.origin, nil, problem.message) }
        var root = document
        let unmatched = EnvironmentOverrides.apply(environment, to: &root)

        let top = SectionReader(root, path: .root, shape: ConfigurationSchema.root, log: log)
        // A file that is not a map of sections has nothing else worth reporting.
        guard !top.isMalformed else { throw log.error }
        let platform = PlatformReading.read(top.section("platform"))
        let credentials = CredentialsReading.read(top.section("credentials"), environment: environment)
        let watch = WatchReading.read(top.section("watch"))
        let pipeline = PipelineReading.read(top.section("pipeline"))
        let notifications = NotificationReading.read(session: top.section("session"), backfill: top.value("backfill"))
        let auditLogPath = top.value("auditLog")?.text(describing: "the path of the audit log")
        let http = HTTPReading.read(top.section("http"))
        let outboxSection = top.section("outbox")
        let outbox = OutboxReading.read(outboxSection)
        let sinks = SinkReading.read(
            top, hasOutbox: outboxSection.has("path"), environment: environment)

        // Checked last: only now is it known which variables the configuration names as secrets.
        for variable in unmatched where !log.referencedVariables.contains(variable.variable) {
            log.report(.environment(variable.variable), nil, variable.message)
        }
        guard log.isEmpty, let platform, let credentials else { throw log.error }
        return DaemonConfiguration(
            source: source, platform: platform, credentials: credentials, watch: watch, pipeline: pipeline,
            notifications: notifications, auditLogPath: auditLogPath, http: http, outbox: outbox, sinks: sinks)
    }

    public init(
        source: String, platform: PlatformEndpoints, credentials: DaemonCredentials, watch: WatchSettings,
        pipeline: Pipeline.Configuration = Pipeline.Configuration(),
        notifications: NotificationClient.Configuration = NotificationClient.Configuration(),
        auditLogPath: String? = nil,
        http: HTTPSettings = HTTPSettings(), outbox: OutboxSettings? = nil, sinks: [SinkSpec] = []
    ) {
        self.source = source
        self.platform = platform
        self.credentials = credentials
        self.watch = watch
        self.pipeline = pipeline
        self.notifications = notifications
        self.auditLogPath = auditLogPath
        self.http = http
        self.outbox = outbox
        self.sinks = sinks
    }

    /// A summary for the start-up log, one setting a line; never a secret.
    public var description: String {
        var lines = ["configuration from \(source)"]
        lines.append("platform: \(platform)")
        lines.append("credentials: \(credentials)")
        lines.append(
            "watch: queues \(watch.queues.ids.count) ids, \(watch.queues.names.count) names; users "
                + "\(watch.users.ids.count) ids, \(watch.users.names.count) names; families "
                + "\(watch.families.map(\.rawValue).joined(separator: ", ")); refresh \(DurationText.format(watch.refresh))"
        )
        lines.append("backfill: \(notifications.backfill.enabled ? "on" : "off")")
        lines.append("audit log: \(auditLogPath ?? "none")")
        lines.append("http: \(http)")
        lines.append("outbox: \(outbox?.path ?? "none")")
        for sink in sinks {
            lines.append(
                "sink \(sink.name): \(sink.kind.typeName), \(sink.records.map(\.rawValue).joined(separator: "+"))\(sink.isDurable ? ", durable" : "")"
            )
        }
        return lines.joined(separator: "\n")
    }
}
