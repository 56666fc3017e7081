import Foundation
import GenesysNotifications
import Testing

@testable import SwitchboardDaemon

/// The files in examples/ load as they are, given the secrets they name.
@Suite("Example configurations")
struct ExampleTests {
    static let examples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples")

    private func load(_ name: String, environment extra: [String: String] = [:]) throws -> DaemonConfiguration {
        try DaemonConfiguration.load(
            path: Self.examples.appendingPathComponent(name).path,
            environment: emulatorCredentials.merging(extra) { $1 })
    }

    @Test("Every example is tested")
    func everyExampleIsTested() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.examples.path).filter {
            $0.hasSuffix(".yml")
        }
        #expect(
            Set(files) == [
                "queue-metrics.yml", "routing-monitor-redis.yml", "presence-tracker.yml", "queue-statistics.yml",
                "interaction-webhook.yml",
            ])
    }

    @Test("queue-metrics.yml: observations and agents to the wallboard and JSON lines")
    func queueMetrics() throws {
        let loaded = try load("queue-metrics.yml")
        #expect(loaded.platform.apiBaseURL == "http://127.0.0.1:8081")
        #expect(loaded.watch.families == [.queueObservations, .userPresence, .userRoutingStatus])
        #expect(loaded.http.wallboard)
        #expect(loaded.pipeline.freshness.staleAfter == 30)
        #expect(loaded.sinks.map(\.name) == ["metrics"])
    }

    @Test("The README's overrides apply to queue-metrics.yml")
    func readmeOverrides() throws {
        let loaded = try load(
            "queue-metrics.yml",
            environment: [
                "SWITCHBOARD_HTTP__ADDRESS": "0.0.0.0:9090", "SWITCHBOARD_PLATFORM__API_URL": "",
                "SWITCHBOARD_PLATFORM__REGION": "mypurecloud.ie",
                "SWITCHBOARD_WATCH__FAMILIES": "queueObservations,userPresence",
                "SWITCHBOARD_SINKS__0__PATH": "/var/lib/switchboard/metrics.jsonl",
            ])
        #expect(loaded.http.host == "0.0.0.0" && loaded.http.port == 9090)
        #expect(loaded.platform.apiBaseURL == "https://api.mypurecloud.ie")
        #expect(loaded.watch.families == [.queueObservations, .userPresence])
        guard case .jsonLines(let destination) = loaded.sinks[0].kind else { throw Failure("jsonl") }
        #expect(destination == .file(path: "/var/lib/switchboard/metrics.jsonl", rotateAtBytes: 100_000_000, keep: 5))
    }

    @Test("routing-monitor-redis.yml: queue conversations to Redis")
    func routingMonitor() throws {
        let loaded = try load("routing-monitor-redis.yml", environment: ["REDIS_PASSWORD": "redis-pass"])
        #expect(loaded.watch.families == [.queueConversations])
        #expect(loaded.watch.queues.names.map(\.pattern) == ["Support", "Sales", "Billing"])
        guard case .redis(let redis) = loaded.sinks[0].kind else { throw Failure("redis") }
        #expect(redis.redis.password == "redis-pass")
        #expect(redis.stream == "switchboard:interactions")
        #expect(loaded.sinks[0].records == [.interactions])
        #expect(
            problems(
                try String(
                    contentsOf: Self.examples.appendingPathComponent("routing-monitor-redis.yml"), encoding: .utf8)
            )
            .hasSuffix(
                "sinks[0].passwordEnv: REDIS_PASSWORD is not set in the environment: set it to the Redis "
                    + "password, or name a file with passwordFile."))
    }

    @Test("presence-tracker.yml: presence to JSON lines and a signed web hook")
    func presenceTracker() throws {
        let loaded = try load("presence-tracker.yml", environment: ["SWITCHBOARD_WEBHOOK_SECRET": "shared-secret"])
        #expect(loaded.watch.families == [.userPresence, .userRoutingStatus])
        #expect(loaded.notifications.backfill.enabled)
        guard case .webhook(let webhook) = loaded.sinks[1].kind else { throw Failure("webhook") }
        #expect(webhook.secret != nil)
        #expect(webhook.headers == ["X-Team": "wallboard"])
    }

    @Test("queue-statistics.yml: windows with outliers to JSON lines")
    func queueStatistics() throws {
        let loaded = try load("queue-statistics.yml")
        #expect(loaded.pipeline.windows.window == .sliding(300))
        #expect(loaded.pipeline.windows.metrics == ["oWaiting", "oInteracting", "oLongestWaiting", "oOnQueueUsers"])
        #expect(loaded.notifications.session.heartbeatTimeout == .seconds(45))
    }

    @Test("interaction-webhook.yml: durable signed web hook with dead letters")
    func interactionWebhook() throws {
        let directory = TemporaryDirectory()
        let secret = directory.file("webhook-secret", "lake-secret\n")
        let loaded = try load("interaction-webhook.yml", environment: ["SWITCHBOARD_SINKS__0__SECRET_FILE": secret])
        #expect(loaded.outbox?.path == "/var/lib/switchboard/outbox.sqlite")
        let sink = loaded.sinks[0]
        #expect(sink.isDurable)
        #expect(sink.records == [.interactions])
        #expect(sink.deadLetterPath == "/var/lib/switchboard/data-lake-dead.jsonl")
        guard case .webhook(let webhook) = sink.kind else { throw Failure("webhook") }
        #expect(webhook.secret != nil)
    }
}
