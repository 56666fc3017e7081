import ArgumentParser
import Foundation
import GenesysCloud
import GenesysNotifications
import Logging
import ServiceLifecycle
import StreamBatching
import SwitchboardPipeline

struct ListenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "listen",
        abstract: "Stream notifications for topics: one envelope per line on standard output.",
        discussion: """
            Credentials come from GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET; the region from \
            GENESYSCLOUD_REGION or --region, or give --api-url for an emulator. Health changes and logs go to \
            standard error. Ctrl-C or SIGTERM stops cleanly and deletes the subscriptions.

            --filter keeps only the events an expression admits, such as \
            'family == userRoutingStatus and routingStatus != OFF_QUEUE' (the grammar is in docs/CONFIGURATION.md). \
            --audit-log appends one JSON line per health change (connections, rotations, gaps, backfill) to a file.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case jsonl, pretty
    }

    @OptionGroup var global: GlobalOptions
    @OptionGroup var platform: PlatformOptions

    @Option(
        name: .customLong("topic"),
        help:
            "A topic to stream (repeatable; combined topics such as v2.users.<id>?presence&routingStatus are expanded)."
    )
    var topics: [String] = []

    @Option(help: "Output: jsonl prints each envelope exactly as received; pretty prints time, topic and body.")
    var format: Format = .jsonl

    @Option(help: "Seconds without a frame before a ping is sent.")
    var heartbeatTimeout: Double = 45

    @Option(help: "Seconds to wait for the pong before reconnecting.")
    var pongTimeout: Double = 10

    @Option(help: "Upper bound of the first reconnect wait, in seconds (doubles per failure).")
    var reconnectBase: Double = 1

    @Option(help: "Longest reconnect wait, in seconds.")
    var reconnectMax: Double = 60

    @Option(
        help: ArgumentHelp(
            "Print only the events (backfill records included) this filter expression admits; reports on standard error are unaffected.",
            valueName: "expression"))
    var filter: String?

    @Option(
        help: ArgumentHelp(
            "Append a JSON line per health change to this file (created owner-only, 0600). Channel ids appear only shortened.",
            valueName: "path"))
    var auditLog: String?

    @Flag(
        inversion: .prefixedNo,
        help:
            "Print the current state of presence, routing status, activity and observation topics (read from REST) at start-up and after every gap, marked as backfill."
    )
    var backfill = true

    func validate() throws {
        guard !topics.isEmpty else {
            throw ValidationError("Give at least one --topic, such as v2.users.<user id>.presence.")
        }
        for (name, value) in [
            ("--heartbeat-timeout", heartbeatTimeout), ("--pong-timeout", pongTimeout),
            ("--reconnect-base", reconnectBase), ("--reconnect-max", reconnectMax),
        ]
        where !(value > 0 && value <= 86_400) {
            throw ValidationError("\(name) must be a number of seconds between 0 and 86400.")
        }
        guard reconnectBase <= reconnectMax else {
            throw ValidationError("--reconnect-base cannot exceed --reconnect-max.")
        }
    }

    func run() async throws {
        global.bootstrapLogging()
        let parsed = try parseTopicArguments(topics)
        // Everything the user can get wrong locally ends here, before any network call.
        let intake = IntakeStage(configuration: .init(filter: try Self.eventFilter(filter)))
        let audit = try auditLog.map(Self.openAuditLog)
        let api = try platform.client()
        // Fail fast on credentials before any channel is made.
        do {
            _ = try await api.tokens.token()
        } catch {
            throw CommandFailure(String(describing: error))
        }
        let session = SessionConfiguration(
            heartbeatTimeout: .milliseconds(Int64(heartbeatTimeout * 1000)),
            pongTimeout: .milliseconds(Int64(pongTimeout * 1000)),
            reconnectBaseDelay: .milliseconds(Int64(reconnectBase * 1000)),
            reconnectMaxDelay: .milliseconds(Int64(reconnectMax * 1000)))
        let client = NotificationClient(
            api: api, topics: parsed, configuration: .init(session: session, backfill: backfill ? .init() : .off),
            logger: Logger(label: "switchboard.listen"))
        let group = ServiceGroup(
            configuration: .init(
                services: [client], gracefulShutdownSignals: [.sigterm, .sigint], logger: Logger(label: "switchboard")))
        // The printer is not a service: it ends by itself when the client, shutting down, has
        // closed its sockets, deleted its subscriptions and finished the stream, so every event
        // received before then is printed.
        let printer = EventPrinter(events: client.events, intake: intake, format: format, audit: audit)
        try await withThrowingDiscardingTaskGroup { tasks in
            tasks.addTask { await printer.run() }
            tasks.addTask { try await group.run() }
        }
    }

    /// The `--filter` expression as a filter, or one message with a caret under the problem.
    static func eventFilter(_ text: String?) throws -> EventFilter {
        guard let text else { return .everything }
        do throws(FilterExpressionError) {
            return EventFilter(expression: try FilterExpression(parsing: text))
        } catch {
            // The message starts on its own line so the caret lines up under the expression
            // whatever prefix the error printer adds.
            throw CommandFailure(
                "--filter cannot be read:\n"
                    + error.annotated.split(separator: "\n").map { "    \($0)" }.joined(separator: "\n"))
        }
    }

    static func openAuditLog(_ path: String) throws -> AuditLogWriter {
        do {
            return try AuditLogWriter(path: path) { failure in standardError("switchboard: \(failure)\n") }
        } catch {
            throw CommandFailure(String(describing: error))
        }
    }
}

/// Writes events to standard output, and health to standard error and the audit log, until the
/// stream ends.
struct EventPrinter {
    let events: BatchedStream<NotificationEvent>
    /// De-duplication and the `--filter` expression.
    let intake: IntakeStage
    let format: ListenCommand.Format
    let audit: AuditLogWriter?

    func run() async {
        for await item in events {
            guard let output = intake.admit(item) else { continue }
            switch output {
            case .event(let event):
                let envelope = event.envelope
                switch format {
                case .jsonl: standardOutput(envelope.rawText + "\n")
                case .pretty:
                    let time = envelope.receivedAt.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
                    let origin = envelope.isBackfill ? "  (backfill)" : ""
                    standardOutput("\(time)  \(envelope.topicName)\(origin)\n    \(Self.compact(envelope))\n")
                }
            case .health(let health):
                standardError("switchboard: \(health)\n")
                audit?.record(health)
            }
        }
        audit?.recordShutdown()
        audit?.close()
    }

    static func compact(_ envelope: NotificationEnvelope) -> String {
        guard let data = try? JSONEncoder().encode(envelope.eventBody) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }
}

func standardError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}
