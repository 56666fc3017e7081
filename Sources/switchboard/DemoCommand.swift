import ArgumentParser
import Foundation
import GenesysCloud
import GenesysEmulator
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

    func validate() throws {
        guard agents >= 1, agents <= 20_000 else { throw ValidationError("--agents must be between 1 and 20000.") }
        guard queues >= 1, queues <= 2_000 else { throw ValidationError("--queues must be between 1 and 2000.") }
    }

    func run() async throws {
        global.bootstrapLogging()
        let emulatorConfiguration = EmulatorConfiguration(
            organization: OrganizationSpec(agents: agents, queues: queues, seed: seed))
        let core = EmulatorCore(configuration: emulatorConfiguration)
        var quiet = Logger(label: "switchboard.emulator")
        quiet.logLevel = .warning
        try await EmulatorServer.withRunning(core: core, logger: quiet) { address in
            print(
                "Embedded Genesys Cloud emulator on \(address.baseURL) (\(emulatorConfiguration.organization.agents) agents, \(emulatorConfiguration.organization.queues) queues)"
            )
            let client = GenesysCloudClient(
                configuration: .init(
                    endpoints: try PlatformEndpoints(apiURL: address.baseURL),
                    credentials: try ClientCredentials(
                        clientId: emulatorConfiguration.clientId, clientSecret: emulatorConfiguration.clientSecret)),
                logger: Logger(label: "switchboard.rest"))
            try await DemoWalkthrough(client: client).run()
        }
    }
}

/// The steps of the demo, each printed as it completes.
struct DemoWalkthrough {
    let client: GenesysCloudClient

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

        let channel = try await client.createChannel()
        step("Created notification \(channel) expiring \(channel.expires.map(GenesysJSONFormat.date) ?? "in 24 h")")

        let topics =
            users.map { "v2.users.\($0.id)?presence&routingStatus" }
            + queues.map { "v2.analytics.queues.\($0.id).observations" }
        let results = try await client.addSubscriptions(channelId: channel.id, topics: topics, ignoreErrors: true)
        let rejected = results.filter { !$0.isPermitted }
        step(
            "Subscribed \(results.count - rejected.count) topics (\(users.count) users × presence and routing status, \(queues.count) queue observations); \(rejected.count) rejected"
        )
        for topic in rejected.prefix(5) {
            print("    rejected \(topic.id): \(topic.rejectionReason ?? "no reason given")")
        }

        let observations = try await client.queueObservations(.queues(queues.map(\.id)))
        let aggregates = try await client.conversationAggregates(
            ConversationAggregationQuery(
                interval: Self.todayInterval(), groupBy: ["queueId"], filter: .anyOf("queueId", queues.map(\.id)),
                metrics: ["nOffered", "tAnswered", "tAbandon", "oServiceLevel", "tHandle"]))
        step("Queues now (observations) and today (aggregates):")
        print(QueueTable(queues: queues, observations: observations, aggregates: aggregates).render())

        let exists = try await client.channelExists(channel.id)
        try await client.deleteSubscriptions(channelId: channel.id)
        let remaining = try await client.subscriptions(channelId: channel.id)
        step("Channel \(exists ? "verified with HEAD" : "missing"); subscriptions removed (\(remaining.count) left)")
    }

    private func step(_ text: String) { print("✓ \(text)") }

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
