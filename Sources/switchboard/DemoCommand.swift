import ArgumentParser
import Foundation
import GenesysCloud
import GenesysEmulator
import GenesysNotifications
import Logging
import SwitchboardDaemon
import Synchronization
import Wallboard

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs the daemon's whole path against an in-process emulator, offline: OAuth, the directory,
/// channels, subscriptions, the WebSocket, the pipeline, the wallboard and a terminal summary.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run Switchboard against an embedded Genesys Cloud emulator, offline, with the live wallboard.",
        discussion: """
            The emulator simulates a contact centre; Switchboard logs in, resolves every queue and agent through the \
            directory, subscribes their presence, routing status and queue observations, and streams them through \
            the pipeline as `switchboard run` does. The wallboard is at http://127.0.0.1:8080/ (see --port). A \
            summary refreshes in place on a terminal, or prints a line every few seconds when not on one. Halfway \
            (or after 20 seconds) the emulator announces maintenance, as the platform does, and the client rotates \
            its socket without a gap. Ctrl-C or --duration stops cleanly.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Agents in the emulated organisation.")
    var agents = 50

    @Option(help: "Queues in the emulated organisation.")
    var queues = 8

    @Option(help: "Seed of the emulated organisation.")
    var seed: UInt64 = 1

    @Option(help: "Seconds to run before stopping (default: until Ctrl-C).")
    var duration: Double?

    @Option(help: "Simulated seconds per real second in the emulated contact centre.")
    var speed: Double = 30

    @Option(help: "Port of the wallboard and of /healthz, /readyz and /metrics (0: any free port).")
    var port = 8080

    @Option(help: "Address the wallboard listens on.")
    var host = "127.0.0.1"

    func validate() throws {
        guard agents >= 1, agents <= 20_000 else { throw ValidationError("--agents must be between 1 and 20000.") }
        guard queues >= 1, queues <= 2_000 else { throw ValidationError("--queues must be between 1 and 2000.") }
        if let duration, !(duration > 0 && duration <= 604_800) {
            throw ValidationError("--duration must be between 0 and 604800 seconds.")
        }
        guard speed >= 0, speed <= 100_000, speed.isFinite else {
            throw ValidationError("--speed must be between 0 and 100000 simulated seconds a second.")
        }
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535.") }
    }

    func run() async throws {
        global.bootstrapLogging()
        var emulator = EmulatorConfiguration(organization: OrganizationSpec(agents: agents, queues: queues, seed: seed))
        emulator.simulationSpeed = speed
        emulator.heartbeatInterval = .seconds(5)
        let emulatorConfiguration = emulator
        let core = EmulatorCore(configuration: emulatorConfiguration)
        var quiet = Logger(label: "switchboard.emulator")
        quiet.logLevel = .warning
        let (host, port, duration) = (host, port, duration)
        try await EmulatorServer.withRunning(core: core, logger: quiet) { address in
            standardOutput(
                "Embedded Genesys Cloud emulator on \(address.baseURL): \(emulatorConfiguration.organization.agents) agents, "
                    + "\(emulatorConfiguration.organization.queues) queues, \(Int(emulatorConfiguration.simulationSpeed))× time\n"
            )
            let configuration = try DaemonConfiguration.demo(
                apiURL: address.baseURL, clientId: emulatorConfiguration.clientId,
                clientSecret: emulatorConfiguration.clientSecret, host: host, port: port)
            let daemon: Daemon
            do {
                daemon = try await Daemon.start(configuration, logger: Logger(label: "switchboard"))
            } catch {
                throw CommandFailure(String(describing: error))
            }
            let watched = daemon.watched
            standardOutput(
                "✓ Logged in; \(watched.queues.count) queues and \(watched.users.count) agents resolved through the directory\n"
            )
            let summary = SummaryPrinter(feed: daemon.wallboard, interactive: isatty(STDOUT_FILENO) == 1)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask {
                    do {
                        try await daemon.run(
                            feedWallboard: true,
                            onListening: { port in
                                let shown = host.contains(":") ? "[\(host)]" : host
                                standardOutput(
                                    "✓ Wallboard: http://\(shown):\(port)/  (also /healthz, /readyz, /metrics)\n")
                            })
                    } catch let error where isAddressInUse(error) {
                        throw CommandFailure(
                            "\(host):\(port) is in use: pass --port with a free port (or 0 for any), or stop what holds it."
                        )
                    }
                }
                tasks.addTask {
                    // Maintenance, as the platform announces it: the client rotates make-before-break.
                    let midpoint = duration.map { min($0 / 2, 20) } ?? 20
                    try await Task.sleep(for: .milliseconds(Int64(midpoint * 1000)))
                    await core.inject(.socketClosing(.all, closeAfter: .milliseconds(500)))
                    try await Task.sleep(for: .seconds(604_800))
                }
                if let duration {
                    tasks.addTask {
                        try await Task.sleep(for: .milliseconds(Int64(duration * 1000)))
                        await daemon.shutdown()
                        try await Task.sleep(for: .seconds(604_800))
                    }
                }
                tasks.addTask { await summary.run() }
                // The daemon ends on Ctrl-C, SIGTERM or the duration; then everything else stops.
                try await tasks.next()
                tasks.cancelAll()
            }
            summary.finish()
            let status = await daemon.runtime.status()
            var left = 0
            for channel in (try? await daemon.api.channels(scope: .oauthClient)) ?? [] {
                if let id = channel.id { left += (try? await daemon.api.subscriptions(channelId: id).count) ?? 0 }
            }
            standardOutput(
                "✓ Stopped cleanly: \(status.eventsSeen) events streamed, \(status.gaps) gap(s); sockets closed, "
                    + "subscriptions deleted (\(left) left)\n")
        }
    }
}

/// Prints the wallboard's summary: redrawn in place every second on a terminal, a plain line
/// every five seconds otherwise.
final class SummaryPrinter: Sendable {
    let feed: WallboardFeed
    let interactive: Bool
    private let drawn = Mutex(0)

    init(feed: WallboardFeed, interactive: Bool) {
        self.feed = feed
        self.interactive = interactive
    }

    func run() async {
        let interval: Duration = interactive ? .seconds(1) : .seconds(5)
        while (try? await Task.sleep(for: interval)) != nil { draw() }
    }

    /// Draws the last state once more, so the final numbers stay on screen.
    func finish() { draw() }

    private func draw() {
        let snapshot = feed.current
        guard interactive else {
            standardOutput(TerminalSummary.line(snapshot) + "\n")
            return
        }
        let lines = TerminalSummary.block(snapshot)
        let previous = drawn.withLock { drawn in
            defer { drawn = lines.count }
            return drawn
        }
        // Up over the previous block, clear to the end of the screen, draw the new one.
        let rewind = previous > 0 ? "\u{1B}[\(previous)A\u{1B}[J" : ""
        standardOutput(rewind + lines.joined(separator: "\n") + "\n")
    }
}
