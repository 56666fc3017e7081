import ArgumentParser
import Foundation
import GenesysCloud
import GenesysEmulator
import GenesysNotifications
import Logging

/// Runs the real client code path against an in-process emulator, offline.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Start an embedded Genesys Cloud emulator and walk the client through it, offline.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Agents in the emulated organisation.")
    var agents = 50

    @Option(help: "Queues in the emulated organisation.")
    var queues = 8

    @Option(help: "Seed of the emulated organisation.")
    var seed: UInt64 = 1

    @Option(help: "Seconds to stream live events before stopping.")
    var duration: Double = 5

    @Option(help: "Simulated seconds per real second in the emulated contact centre.")
    var speed: Double = 30

    func validate() throws {
        guard agents >= 1, agents <= 20_000 else { throw ValidationError("--agents must be between 1 and 20000.") }
        guard queues >= 1, queues <= 2_000 else { throw ValidationError("--queues must be between 1 and 2000.") }
        guard duration > 0, duration <= 86_400 else {
            throw ValidationError("--duration must be between 0 and 86400 seconds.")
        }
        guard speed >= 0, speed <= 100_000, speed.isFinite else {
            throw ValidationError("--speed must be between 0 and 100000 simulated seconds a second.")
        }
    }

    func run() async throws {
        global.bootstrapLogging()
        var configuration = EmulatorConfiguration(
            organization: OrganizationSpec(agents: agents, queues: queues, seed: seed))
        configuration.simulationSpeed = speed
        configuration.heartbeatInterval = .seconds(1)
        let emulatorConfiguration = configuration
        let core = EmulatorCore(configuration: emulatorConfiguration)
        var quiet = Logger(label: "switchboard.emulator")
        quiet.logLevel = .warning
        try await EmulatorServer.withRunning(core: core, logger: quiet) { address in
            standardOutput(
                "Embedded Genesys Cloud emulator on \(address.baseURL) (\(emulatorConfiguration.organization.agents) agents, \(emulatorConfiguration.organization.queues) queues)\n"
            )
            let client = GenesysCloudClient(
                configuration: .init(
                    endpoints: try PlatformEndpoints(apiURL: address.baseURL),
                    credentials: try ClientCredentials(
                        clientId: emulatorConfiguration.clientId, clientSecret: emulatorConfiguration.clientSecret)),
                logger: Logger(label: "switchboard.rest"))
            let streaming = Duration.milliseconds(Int64(duration * 1000))
            try await DemoWalkthrough(client: client, streaming: streaming) {
                // Halfway through, the emulator announces maintenance, as the platform does.
                await core.inject(.socketClosing(.all, closeAfter: .milliseconds(500)))
            }.run()
        }
    }
}

/// The steps of the demo, each printed as it completes.
struct DemoWalkthrough {
    let client: GenesysCloudClient
    let streaming: Duration
    let midpoint: @Sendable () async -> Void

    func run() async throws {
        let token = try await client.tokens.token()
        let lifetime = token.expiresAt - ContinuousClock.now
        step(
            "Logged in with client credentials (token valid for \(Int((Double(lifetime.components.seconds) / 3600).rounded())) h)"
        )

        let presences = try await client.presenceDefinitions()
        step(
            "Presence definitions: \(presences.count) (\(presences.compactMap { $0.systemPresence?.rawValue }.uniqued().joined(separator: ", ")))"
        )

        let queues = try await client.allQueues(pageSize: 25)
        let users = try await client.allUsers(pageSize: 25)
        step("Directory: \(queues.count) queues and \(users.count) users, read page by page")

        let observations = try await client.queueObservations(.queues(queues.map(\.id)))
        let aggregates = try await client.conversationAggregates(
            ConversationAggregationQuery(
                interval: Self.todayInterval(), groupBy: ["queueId"], filter: .anyOf("queueId", queues.map(\.id)),
                metrics: ["nOffered", "tAnswered", "tAbandon", "oServiceLevel", "tHandle"]))
        step("Queues now (observations) and today (aggregates):")
        standardOutput(QueueTable(queues: queues, observations: observations, aggregates: aggregates).render() + "\n")

        let topics =
            users.compactMap { UUID(uuidString: $0.id) }.flatMap { [Topic.userPresence($0), .userRoutingStatus($0)] }
            + queues.compactMap { UUID(uuidString: $0.id) }.map(Topic.queueObservations)
        try await stream(topics)
    }

    /// Streams `topics` through the notification client for the demo's duration.
    private func stream(_ topics: [Topic]) async throws {
        let notifications = NotificationClient(api: client, topics: topics)
        let tally = try await withThrowingTaskGroup(of: StreamTally?.self) { group in
            group.addTask {
                try await notifications.run()
                return nil
            }
            group.addTask {
                var tally = StreamTally()
                for await event in notifications.events {
                    tally.record(event, announce: { step($0) })
                }
                return tally
            }
            group.addTask {
                try await Task.sleep(for: streaming / 2)
                await midpoint()
                try await Task.sleep(for: streaming / 2)
                notifications.shutdown()
                return nil
            }
            var tally = StreamTally()
            for try await result in group {
                if let result { tally = result }
            }
            return tally
        }
        step("Streamed for \(streaming.components.seconds) s: \(tally.summary)")
        var left = 0
        for channel in try await client.channels(scope: .oauthClient) {
            if let id = channel.id { left += try await client.subscriptions(channelId: id).count }
        }
        step("Stopped cleanly: sockets closed, subscriptions deleted (\(left) left)")
    }

    private func step(_ text: String) { standardOutput("✓ \(text)\n") }

    static func todayInterval(now: Date = Date()) -> String {
        let start = Calendar(identifier: .gregorian).startOfDay(for: now)
        return "\(GenesysJSONFormat.date(start))/\(GenesysJSONFormat.date(now.addingTimeInterval(60)))"
    }
}

enum GenesysJSONFormat {
    static func date(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}

/// What the demo saw on the stream.
struct StreamTally {
    var byFamily: [String: Int] = [:]
    var rotations = 0
    var gaps = 0
    var backfillRecords = 0
    var connectedAnnounced = false

    mutating func record(_ event: NotificationEvent, announce: (String) -> Void) {
        switch event {
        case .event(let envelope) where envelope.isBackfill:
            backfillRecords += 1
        case .event(let envelope):
            byFamily[envelope.topicName.split(separator: ".").last.map(String.init) ?? "other", default: 0] += 1
        case .health(let health):
            switch health.kind {
            case .gap: gaps += 1
            case .topicsRejected(let topics):
                announce(
                    "\(topics.count) topic(s) rejected: \(topics.prefix(3).map(\.description).joined(separator: "; "))")
            case .topicsUnplaced(let topics, let reason): announce("\(topics.count) topic(s) not placed: \(reason)")
            case .backfilled(let report):
                announce(
                    "Backfilled from REST after \(report.reason): \(report.backfilled.count) topic(s), \(report.records) record(s) before any live event of them"
                )
            case .backfillFailed(let failure): announce(failure.description)
            case .state, .malformedFrame: break
            }
            guard case .state(let change) = health.kind else { return }
            switch change {
            case .connected where !connectedAnnounced:
                connectedAnnounced = true
                announce("Streaming over the notification WebSocket of \(health.channel ?? "a new channel")")
            case .rotating:
                announce("socket_closing received: opening the replacement socket before closing the old one")
            case .rotated:
                rotations += 1
                announce("Rotated to the replacement socket")
            default:
                break
            }
        }
    }

    var summary: String {
        let total = byFamily.values.reduce(0, +)
        let families = byFamily.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return
            "\(total) events (\(families)), \(backfillRecords) backfill record(s), \(rotations) rotation(s), \(gaps) gap(s)"
    }
}
