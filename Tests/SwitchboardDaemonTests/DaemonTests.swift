import AsyncHTTPClient
import Foundation
import GenesysCloud
import GenesysEmulator
import Logging
import SwitchboardDaemon
import Synchronization
import Testing

/// The daemon as `switchboard run` assembles it, from a configuration file's text, against the
/// emulator.
@Suite("Daemon from its configuration", .serialized, .timeLimit(.minutes(2)))
struct DaemonTests {
    static let environment = [
        "GENESYSCLOUD_OAUTHCLIENT_ID": EmulatorConfiguration().clientId,
        "GENESYSCLOUD_OAUTHCLIENT_SECRET": EmulatorConfiguration().clientSecret,
    ]

    /// Runs `body` with an emulator (its simulation running) and its base URL.
    static func withEmulator(_ body: @Sendable (EmulatorCore, String) async throws -> Void) async throws {
        var configuration = EmulatorConfiguration(organization: .init(agents: 12, queues: 4, seed: 3))
        configuration.simulationSpeed = 120
        configuration.heartbeatInterval = .milliseconds(500)
        let core = EmulatorCore(configuration: configuration)
        try await EmulatorServer.withRunning(core: core) { address in try await body(core, address.baseURL) }
    }

    @Test(
        "watched by name, streamed into a plain and a durable sink; SIGTERM's path drains both, empties the outbox and deletes the subscriptions"
    )
    func runsAndStops() async throws {
        try await withRuntimeDirectory { directory in
            try await Self.withEmulator { core, url in
                let queueName = try #require(await core.organization.queues.first?.name)
                let yaml = """
                    platform:
                      apiURL: \(url)
                    watch:
                      queues:
                        names: ["\(queueName)"]
                      users:
                        names: ["*"]
                    http:
                      address: 127.0.0.1:0
                    outbox:
                      path: \(directory)/outbox.sqlite
                    auditLog: \(directory)/audit.jsonl
                    sinks:
                      - type: jsonl
                        name: events
                        path: \(directory)/events.jsonl
                      - type: jsonl
                        name: changes
                        path: \(directory)/changes.jsonl
                        records: [presenceDeltas]
                        durable: true
                    """
                let configuration = try DaemonConfiguration.parse(
                    yaml: yaml, source: "test.yml", environment: Self.environment)
                let daemon = try await Daemon.start(configuration)
                #expect(daemon.watched.queues.values.sorted() == [queueName])
                #expect(daemon.watched.users.count == 12)
                let port = Locked<Int?>(nil)
                let http = HTTPClient(eventLoopGroupProvider: .singleton)
                try await withThrowingTaskGroup(of: Void.self) { tasks in
                    tasks.addTask {
                        try await daemon.run(
                            gracefulShutdownSignals: [], onListening: { bound in port.update { $0 = bound } })
                    }
                    let base = try await eventually("the HTTP server") { port.value }.map { "http://127.0.0.1:\($0)" }
                    guard let base else { return }
                    _ = try await eventually("readiness") {
                        try await get(http, base + "/readyz").status == 200 ? true : nil
                    }
                    _ = try await eventually("events and changes in both files") {
                        lines(directory + "/events.jsonl").count >= 50 && !lines(directory + "/changes.jsonl").isEmpty
                            ? true : nil
                    }
                    await daemon.shutdown()
                    try await tasks.waitForAll()
                }
                try await http.shutdown()

                let status = await daemon.runtime.status()
                for (name, counts) in status.sinks {
                    #expect(counts.queued == 0 && counts.dropped == 0 && counts.offered == counts.delivered, "\(name)")
                }
                #expect(lines(directory + "/events.jsonl").count == status.sinks[0].counts.delivered)
                #expect(lines(directory + "/changes.jsonl").allSatisfy { $0.contains(#""kind":"presenceDelta""#) })
                // Topics: the one queue's default queue families and every user's.
                let api = daemon.api
                var left = 0
                for channel in try await api.channels(scope: .oauthClient) {
                    if let id = channel.id { left += try await api.subscriptions(channelId: id).count }
                }
                #expect(left == 0)
                #expect(lines(directory + "/audit.jsonl").last?.contains(#""event":"shutdown""#) == true)
            }
        }
    }

    @Test("start-up failures name the cause: bad credentials, and a watch list that matches nothing")
    func startFailures() async throws {
        try await Self.withEmulator { _, url in
            let base = """
                platform:
                  apiURL: \(url)
                watch:
                  queues:
                    names: ["No such queue*"]
                """
            var wrong = Self.environment
            wrong["GENESYSCLOUD_OAUTHCLIENT_SECRET"] = "not-the-secret"
            let badCredentials = try DaemonConfiguration.parse(yaml: base, source: "test.yml", environment: wrong)
            await #expect {
                _ = try await Daemon.start(badCredentials)
            } throws: { error in
                let text = String(describing: error)
                return text.hasPrefix("cannot log in with client") && !text.contains("not-the-secret")
            }
            let nothing = try DaemonConfiguration.parse(yaml: base, source: "test.yml", environment: Self.environment)
            await #expect {
                _ = try await Daemon.start(nothing)
            } throws: { error in
                String(describing: error).contains("nothing to subscribe")
                    && String(describing: error).contains("No such queue*")
            }
        }
    }
}
