import GenesysCloud
import GenesysNotifications
import SwitchboardPipeline
import SwitchboardSinks
import Testing

@testable import SwitchboardDaemon

@Suite("Configuration defaults")
struct DefaultsTests {
    @Test("A minimal file takes the libraries' defaults")
    func minimalFileTakesLibraryDefaults() throws {
        let loaded = try configuration(minimalYAML)
        #expect(loaded.platform == (try PlatformEndpoints(apiURL: "http://127.0.0.1:8081")))
        #expect(
            loaded.credentials.client
                == (try ClientCredentials(clientId: "switchboard-emulator", clientSecret: "emulator-secret")))
        #expect(loaded.credentials.origin == .environment)
        #expect(loaded.watch.queues.names == [NamePattern("Support*")])
        #expect(loaded.watch.families == [.queueObservations, .queueConversations])
        #expect(loaded.watch.refresh == .seconds(600))
        #expect(loaded.pipeline.intake == Intake.Configuration())
        #expect(loaded.pipeline.windows == WindowedAggregator.Configuration())
        #expect(loaded.pipeline.freshness == FreshnessTracker.Configuration())
        let session = loaded.notifications.session
        #expect(session.heartbeatTimeout == SessionConfiguration().heartbeatTimeout)
        #expect(session.pongTimeout == SessionConfiguration().pongTimeout)
        #expect(session.reconnectBaseDelay == SessionConfiguration().reconnectBaseDelay)
        #expect(session.reconnectMaxDelay == SessionConfiguration().reconnectMaxDelay)
        #expect(loaded.notifications.backfill.enabled)
        #expect(loaded.auditLogPath == nil)
        #expect(loaded.http == HTTPSettings(host: "127.0.0.1", port: 8080, wallboard: false))
        #expect(loaded.outbox == nil)
        #expect(loaded.sinks.isEmpty)
    }

    @Test("Default families follow what is watched")
    func defaultFamiliesFollowSubjects() throws {
        let users = try configuration("platform: {region: eu-west-1}\nwatch: {users: {names: ['*']}}\n")
        #expect(users.watch.families == [.userPresence, .userRoutingStatus])
        let both = try configuration(
            "platform: {region: eu-west-1}\nwatch: {users: {names: ['*']}, queues: {ids: [0E185C02-ACA1-4A72-82EA-2E78684E2C89]}}\n"
        )
        #expect(both.watch.families == [.userPresence, .userRoutingStatus, .queueObservations, .queueConversations])
        #expect(both.watch.queues.ids.map { $0.uuidString.lowercased() } == ["0e185c02-aca1-4a72-82ea-2e78684e2c89"])
        #expect(both.platform == PlatformEndpoints(region: try Region(parsing: "eu_west_1")))
    }

    @Test("A sink's unset settings take the queue's and the sink's defaults")
    func sinkDefaults() throws {
        let loaded = try configuration(
            withMinimal(
                """
                sinks:
                  - type: jsonl
                    path: events.jsonl
                  - type: jsonl
                    path: "-"
                  - type: redis
                """))
        #expect(loaded.sinks.map(\.name) == ["jsonl", "jsonl-2", "redis"])
        #expect(loaded.sinks[0].records == [.events])
        #expect(loaded.sinks[0].queueing == .memory(SinkQueue.Configuration()))
        #expect(loaded.sinks[0].deadLetterPath == nil)
        guard case .jsonLines(let file) = loaded.sinks[0].kind, case .jsonLines(let output) = loaded.sinks[1].kind,
            case .redis(let redis) = loaded.sinks[2].kind
        else {
            Issue.record("unexpected kinds \(loaded.sinks.map(\.kind.typeName))")
            return
        }
        #expect(file == .file(path: "events.jsonl", rotateAtBytes: nil, keep: 5))
        #expect(output == .standardOutput)
        let defaults = RedisSink.Configuration()
        #expect(redis.redis == defaults.redis)
        #expect(redis.stream == defaults.stream)
        #expect(redis.streamMaximumLength == defaults.streamMaximumLength)
        #expect(redis.metricsTTL == defaults.metricsTTL)
        #expect(redis.metricsPrefix == defaults.metricsPrefix)
    }

    @Test("Every setting is mapped onto the library types")
    func everySettingIsMapped() throws {
        let directory = TemporaryDirectory()
        let secret = directory.file("hook-secret", "s3cret-hook\n")
        let loaded = try configuration(
            """
            platform:
              apiURL: http://127.0.0.1:8081/
              loginURL: http://127.0.0.1:8082
            watch:
              queues: { ids: [0e185c02-aca1-4a72-82ea-2e78684e2c89], names: ["Support*", "Sales - ?"] }
              users: { names: [Ann*] }
              families: [userPresence, queueConversations, userActivity]
              refresh: 90s
            pipeline:
              filter: "family == userRoutingStatus and routingStatus != OFF_QUEUE"
              deduplicationWindow: 10m
              deduplicationMaximumKeys: 5_000
              windows: { kind: tumbling, length: 1m, outlierThreshold: 4.5, minimumSamples: 12, metrics: [oWaiting, nOffered] }
              staleAfter: 2m
            session: { heartbeatTimeout: 40s, pongTimeout: 5s, reconnectBase: 500ms, reconnectMax: 2m }
            backfill: false
            auditLog: /var/log/switchboard/audit.jsonl
            http: { address: "[::1]:0", wallboard: true }
            outbox: { path: /var/lib/switchboard/outbox.sqlite, maximumRowsPerSink: 500, whenFull: dropOldest }
            sinks:
              - type: jsonl
                name: events
                path: /var/lib/switchboard/events.jsonl
                rotateAt: 100MB
                keep: 2
                records: interactions
                queue: { capacity: 50, overflow: dropNewest, batchSize: 10, batchAge: 200ms, retryBase: 100ms, retryCap: 10s, maximumAttempts: 3, maximumRetryAfter: 1m }
              - type: webhook
                url: https://hooks.example.com/switchboard
                timeout: 2s
                secretFile: \(secret)
                headers: { X-Team: wallboard }
                userAgent: lake/2
                deadLetters: /var/lib/switchboard/webhook-dead.jsonl
                durable: true
                queue: { batchSize: 20, maximumAttempts: 4 }
              - type: redis
                url: redis://monitor@10.0.0.5:6380/2
                stream: false
                streamMaximumLength: 1000
                metricsTTL: 10m
                metricsPrefix: "q:"
            """)
        #expect(loaded.platform.apiBaseURL == "http://127.0.0.1:8081")
        #expect(loaded.platform.loginBaseURL == "http://127.0.0.1:8082")
        #expect(loaded.watch.queues.names.map(\.pattern) == ["Support*", "Sales - ?"])
        #expect(loaded.watch.families == [.userPresence, .queueConversations, .userActivity])
        #expect(loaded.watch.refresh == .seconds(90))
        #expect(
            loaded.pipeline.intake.filter.expression?.source
                == "family == userRoutingStatus and routingStatus != OFF_QUEUE")
        #expect(
            loaded.pipeline.intake.deduplication
                == Deduplicator.Configuration(window: .seconds(600), maximumKeys: 5_000))
        #expect(
            loaded.pipeline.windows
                == WindowedAggregator.Configuration(
                    window: .tumbling(60), threshold: 4.5, minimumSamples: 12, metrics: ["oWaiting", "nOffered"]))
        #expect(loaded.pipeline.freshness.staleAfter == 120)
        #expect(loaded.notifications.session.heartbeatTimeout == .seconds(40))
        #expect(loaded.notifications.session.pongTimeout == .seconds(5))
        #expect(loaded.notifications.session.reconnectBaseDelay == .milliseconds(500))
        #expect(loaded.notifications.session.reconnectMaxDelay == .seconds(120))
        #expect(!loaded.notifications.backfill.enabled)
        #expect(loaded.auditLogPath == "/var/log/switchboard/audit.jsonl")
        #expect(loaded.http == HTTPSettings(host: "::1", port: 0, wallboard: true))
        #expect(loaded.http.address == "[::1]:0")
        #expect(
            loaded.outbox
                == OutboxSettings(
                    path: "/var/lib/switchboard/outbox.sqlite",
                    configuration: Outbox.Configuration(maximumRowsPerSink: 500, whenFull: .dropOldest)))

        let events = loaded.sinks[0]
        #expect(events.name == "events")
        #expect(events.records == [.interactions])
        guard case .jsonLines(let destination) = events.kind else { throw Failure("jsonl") }
        #expect(destination == .file(path: "/var/lib/switchboard/events.jsonl", rotateAtBytes: 100_000_000, keep: 2))
        #expect(
            events.queueing
                == .memory(
                    SinkQueue.Configuration(
                        capacity: 50, overflow: .dropNewest, batchSize: 10, batchAge: .milliseconds(200),
                        retryBase: .milliseconds(100), retryCap: .seconds(10), maximumAttempts: 3,
                        maximumRetryAfter: .seconds(60))))

        let hook = loaded.sinks[1]
        #expect(hook.name == "webhook")
        #expect(hook.deadLetterPath == "/var/lib/switchboard/webhook-dead.jsonl")
        #expect(hook.queueing == .durable(DurableSinkQueue.Configuration(batchSize: 20, maximumAttempts: 4)))
        guard case .webhook(let webhook) = hook.kind else { throw Failure("webhook") }
        #expect(webhook.url.absoluteString == "https://hooks.example.com/switchboard")
        #expect(webhook.timeout == .seconds(2))
        #expect(webhook.secret != nil)
        #expect(webhook.headers == ["X-Team": "wallboard"])
        #expect(webhook.userAgent == "lake/2")

        guard case .redis(let redis) = loaded.sinks[2].kind else { throw Failure("redis") }
        #expect(redis.redis.host == "10.0.0.5")
        #expect(redis.redis.port == 6380)
        #expect(redis.redis.username == "monitor")
        #expect(redis.redis.password == nil)
        #expect(redis.redis.database == 2)
        #expect(redis.stream == nil)
        #expect(redis.streamMaximumLength == 1_000)
        #expect(redis.metricsTTL == .seconds(600))
        #expect(redis.metricsPrefix == "q:")
    }
}

struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = "unexpected sink kind: \(description)" }
}
