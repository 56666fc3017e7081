import ArgumentParser
import GenesysEmulator
import Logging
import NIOCore
import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#endif

struct EmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulator",
        abstract: "Run a local Genesys Cloud emulator (OAuth, REST, notification WebSockets, a seeded organisation).",
        discussion: """
            Faults for --faults, as NAME@TIME[:ARG] entries separated by commas, each applied to every channel \
            at TIME after start-up (e.g. socket_closing@30s,close@90s,evict@2m,storm429@60s:10):
            \(FaultSpec.grammar)
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Address to listen on. Keep 127.0.0.1 unless other machines must reach it.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one.")
    var port = 8081

    @Option(help: "OAuth client id the emulator accepts.")
    var clientId = EmulatorConfiguration().clientId

    @Option(help: "OAuth client secret the emulator accepts.")
    var clientSecret = EmulatorConfiguration().clientSecret

    @Option(help: "Agents in the seeded organisation.")
    var agents = 50

    @Option(help: "Queues in the seeded organisation.")
    var queues = 8

    @Option(help: "Seed of the organisation: the same seed builds the same users and queues.")
    var seed: UInt64 = 1

    @Option(help: "Lifetime of issued tokens, in seconds (the platform allows 300 to 172800).")
    var tokenLifetime = 86_400

    @Option(help: "Requests a minute per token before 429 responses.")
    var requestsPerMinute = 300

    @Option(help: "Time between socket heartbeats, e.g. 30s or 500ms (the platform sends one about every 30 s).")
    var heartbeatInterval = "30s"

    @Option(
        help:
            "Simulated seconds per real second: 1 is real time, 60 runs an hour a minute, 0 freezes the contact centre."
    )
    var speed = 1.0

    @Option(help: "Mean customer arrivals an hour into each queue (each queue gets 60-140 % of it).")
    var arrivalsPerHour = SimulationProfile().arrivalsPerQueuePerHour

    @Flag(help: "Run the simulation as fast as subscribers take its events (for benchmarks); overrides --speed.")
    var firehose = false

    @Option(help: "Faults to inject at times after start-up, e.g. socket_closing@30s,close@90s (see below).")
    var faults: String?

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535.") }
        guard agents >= 0, agents <= 100_000 else { throw ValidationError("--agents must be between 0 and 100000.") }
        guard queues >= 0, queues <= 10_000 else { throw ValidationError("--queues must be between 0 and 10000.") }
        guard (300...172_800).contains(tokenLifetime) else {
            throw ValidationError("--token-lifetime must be between 300 and 172800 seconds, as on the platform.")
        }
        guard requestsPerMinute > 0 else { throw ValidationError("--requests-per-minute must be positive.") }
        guard !clientId.isEmpty, !clientSecret.isEmpty, !clientId.contains(":") else {
            throw ValidationError("--client-id and --client-secret must be non-empty, and the id may not contain ':'.")
        }
        _ = try parsedHeartbeatInterval()
        guard speed >= 0, speed <= 100_000, speed.isFinite else {
            throw ValidationError("--speed must be between 0 and 100000 simulated seconds a second.")
        }
        guard arrivalsPerHour >= 0, arrivalsPerHour <= 1_000_000, arrivalsPerHour.isFinite else {
            throw ValidationError("--arrivals-per-hour must be between 0 and 1000000.")
        }
        _ = try parsedFaults()
    }

    private func parsedHeartbeatInterval() throws -> Duration {
        guard let interval = FaultSpec.parseDuration(heartbeatInterval), interval >= .milliseconds(10) else {
            throw ValidationError(
                "--heartbeat-interval '\(heartbeatInterval)' is not a duration of at least 10ms, such as 30s or 500ms.")
        }
        return interval
    }

    private func parsedFaults() throws -> [ScheduledFault] {
        guard let faults else { return [] }
        do {
            return try FaultSpec.parseSchedule(faults)
        } catch {
            throw ValidationError("--faults: \(error.description)")
        }
    }

    func run() async throws {
        global.bootstrapLogging()
        let configuration = EmulatorConfiguration(
            clientId: clientId, clientSecret: clientSecret, tokenLifetime: .seconds(tokenLifetime),
            organization: OrganizationSpec(agents: agents, queues: queues, seed: seed),
            requestsPerMinute: requestsPerMinute, heartbeatInterval: try parsedHeartbeatInterval(),
            simulation: SimulationProfile(arrivalsPerQueuePerHour: arrivalsPerHour), simulationSpeed: speed,
            firehose: firehose, scheduledFaults: try parsedFaults())
        let pace = firehose ? "firehose (as fast as subscribers read)" : "\(speed)x real time"
        let faultSummary = faults ?? "none"
        let core = EmulatorCore(configuration: configuration)
        let server = EmulatorServer(core: core, host: host, port: port, logger: Logger(label: "switchboard.emulator"))
        let clientId = self.clientId
        let clientSecret = self.clientSecret
        let service = server.service { address in
            // Written unbuffered: scripts read the URL while the emulator keeps running.
            standardOutput(
                """
                Genesys Cloud emulator listening on \(address.baseURL)
                  API and login URL: \(address.baseURL)
                  Streaming base URL:  \(address.streamingBaseURL)/channels/<channelId>
                  OAuth client id:     \(clientId)
                  OAuth client secret: \(clientSecret)
                  Organisation: \(configuration.organization.agents) agents, \(configuration.organization.queues) queues (seed \(configuration.organization.seed))
                  Simulation: \(pace), about \(configuration.simulation.arrivalsPerQueuePerHour) arrivals an hour per queue
                  Heartbeats every \(configuration.heartbeatInterval), faults: \(faultSummary)
                  Admin: POST \(address.baseURL)/emulator/publish, POST \(address.baseURL)/emulator/faults
                Stop with Ctrl-C.

                """)
        }
        let group = ServiceGroup(
            configuration: .init(
                services: [service], gracefulShutdownSignals: [.sigterm, .sigint], logger: Logger(label: "switchboard"))
        )
        do {
            try await group.run()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw CommandFailure(
                "Port \(port) on \(host) is already in use: stop the process holding it, or pick another --port (0 picks a free one)."
            )
        }
    }
}
