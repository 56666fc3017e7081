import ArgumentParser
import Foundation
import GenesysCloud
import GenesysNotifications
import Logging
import ServiceLifecycle
import SwitchboardDaemon

struct RecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record the notification stream of some topics to a file, for `switchboard replay`.",
        discussion: """
            Each envelope is one JSON line with its receipt time (and, for backfill records, where they came from), \
            the frame exactly as received. The file is created owner-only (0600) and appended to. Ctrl-C, SIGTERM or \
            --duration stops cleanly and deletes the subscriptions. Credentials and region as for `listen`.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var platform: PlatformOptions

    @Option(name: .customLong("topic"), help: "A topic to record (repeatable; combined topics are expanded).")
    var topics: [String] = []

    @Option(help: ArgumentHelp("The recording to append to.", valueName: "path"))
    var out: String

    @Option(help: "Stop after this many seconds (default: until Ctrl-C).")
    var duration: Double?

    @Flag(inversion: .prefixedNo, help: "Record the start-up and after-gap backfill records too.")
    var backfill = true

    func validate() throws {
        guard !topics.isEmpty else {
            throw ValidationError("Give at least one --topic, such as v2.users.<id>.presence.")
        }
        if let duration, !(duration > 0 && duration <= 604_800) {
            throw ValidationError("--duration must be between 0 and 604800 seconds.")
        }
    }

    func run() async throws {
        global.bootstrapLogging()
        let parsed = try parseTopicArguments(topics)
        let writer: RecordingWriter
        do { writer = try RecordingWriter(path: out) } catch { throw CommandFailure(error.description) }
        let api = try platform.client()
        _ = try await commandStep { try await api.tokens.token() }
        let client = NotificationClient(
            api: api, topics: parsed, configuration: .init(backfill: backfill ? .init() : .off),
            logger: Logger(label: "switchboard.record"))
        let group = ServiceGroup(
            configuration: .init(
                services: [client], gracefulShutdownSignals: [.sigterm, .sigint], logger: Logger(label: "switchboard")))
        let limit = duration
        let recorded = try await withThrowingTaskGroup(of: Int?.self) { tasks in
            tasks.addTask {
                try await group.run()
                return nil
            }
            if let limit {
                tasks.addTask {
                    try? await Task.sleep(for: .milliseconds(Int64(limit * 1000)))
                    // As Ctrl-C would: the client closes its sockets and deletes its subscriptions.
                    await group.triggerGracefulShutdown()
                    return nil
                }
            }
            tasks.addTask {
                var count = 0
                for await item in client.events {
                    switch item {
                    case .event(let envelope):
                        try writer.append(envelope)
                        count += 1
                    case .health(let health):
                        standardError("switchboard: \(health)\n")
                    }
                }
                return count
            }
            var recorded = 0
            for try await result in tasks {
                if let result { recorded = result }
            }
            return recorded
        }
        writer.close()
        standardError("switchboard: recorded \(recorded) envelope(s) to \(out)\n")
    }
}
