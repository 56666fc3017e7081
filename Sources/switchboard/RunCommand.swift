import ArgumentParser
import Foundation
import Logging
import SwitchboardDaemon

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract:
            "Run the daemon: watch queues and users, run the pipeline, feed the sinks, serve /healthz, /readyz and /metrics.",
        discussion: """
            Configured by one YAML file (examples/ has one per use case; the reference is in docs/CONFIGURATION.md), \
            each setting overridable by a SWITCHBOARD_ environment variable. Credentials come from \
            GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET or the file credentials.file names, never \
            from the YAML or the command line. SIGTERM or Ctrl-C stops cleanly: the subscriptions are deleted, the \
            sinks drain and durable sinks keep the rest in the outbox for the next start.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(
        help: ArgumentHelp("The configuration file (without it, the environment alone configures).", valueName: "path"))
    var config: String?

    @Flag(help: "Check the configuration and print it (secrets hidden), then exit.")
    var check = false

    func run() async throws {
        global.bootstrapLogging()
        let configuration: DaemonConfiguration
        do {
            configuration = try DaemonConfiguration.load(path: config, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw CommandFailure(error.description)
        }
        if check {
            standardOutput(configuration.description + "\n")
            return
        }
        let daemon: Daemon
        do {
            daemon = try await Daemon.start(configuration, logger: Logger(label: "switchboard"))
        } catch {
            throw CommandFailure(error.description)
        }
        let watched = daemon.watched
        let host = configuration.http.host
        do {
            try await daemon.run(
                onListening: { port in
                    standardError(
                        "switchboard: watching \(watched.queues.count) queue(s) and \(watched.users.count) user(s); "
                            + "http://\(host.contains(":") ? "[\(host)]" : host):\(port)/healthz, /readyz, /metrics"
                            + (configuration.http.wallboard ? ", wallboard at /" : "") + "\n")
                })
        } catch  where isAddressInUse(error) {
            throw CommandFailure(
                "http.address \(configuration.http.address) is in use: set http.address (or SWITCHBOARD_HTTP__ADDRESS) "
                    + "to a free port, or stop what holds it.")
        }
    }
}
