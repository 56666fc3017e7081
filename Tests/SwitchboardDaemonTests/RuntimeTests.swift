import AsyncHTTPClient
import Foundation
import GenesysCloud
import GenesysEmulator
import GenesysNotifications
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import StreamBatching
import SwitchboardDaemon
import SwitchboardPipeline
import SwitchboardSinks
import Synchronization
import Testing

/// The daemon's runtime end to end over loopback: the emulator's simulated contact centre → the
/// notification client → the pipeline → a JSON-lines file, with the health, readiness and
/// metrics endpoints served as the daemon serves them, and a graceful shutdown.
@Suite("Daemon runtime", .serialized, .timeLimit(.minutes(2)))
struct RuntimeTests {
    @Test(
        "events stream into the sink; /readyz turns ready, /metrics shows the flow; shutdown drains the queue and deletes the subscriptions"
    )
    func streamsServesAndDrains() async throws {
        try await withRuntimeDirectory { directory in
            var configuration = EmulatorConfiguration(organization: .init(agents: 20, queues: 3, seed: 5))
            configuration.simulationSpeed = 120
            configuration.heartbeatInterval = .milliseconds(500)
            let emulator = configuration
            let core = EmulatorCore(configuration: emulator)
            try await EmulatorServer.withRunning(core: core) { address in
                let api = GenesysCloudClient(
                    configuration: .init(
                        endpoints: try PlatformEndpoints(apiURL: address.baseURL),
                        credentials: try ClientCredentials(
                            clientId: emulator.clientId, clientSecret: emulator.clientSecret)))
                let organization = await core.organization
                let agents = organization.agents.compactMap { UUID(uuidString: $0.id) }
                let topics = agents.map(Topic.userPresence) + agents.map(Topic.userRoutingStatus)
                let client = NotificationClient(api: api, topics: topics)
                let export = PrometheusExport()
                let metrics = PipelineMetrics(factory: export.factory)
                let stage = PipelineStage(metrics: metrics)
                let path = directory + "/events.jsonl"
                let queue = SinkQueue(
                    sink: try JSONLinesSink(.file(path: path), name: "events"),
                    metrics: SinkMetrics(sink: "events", factory: export.factory))
                let runtime = SwitchboardRuntime(
                    source: client, stage: stage,
                    routes: [SinkRoute(queue: queue, selection: [.events, .presenceDeltas])],
                    metrics: metrics)

                let router = Router()
                DaemonRoutes.add(to: router, status: { await runtime.status() }, metrics: export)
                let port = Mutex<Int?>(nil)
                let app = Application(
                    router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                    onServerRunning: { channel in port.withLock { $0 = channel.localAddress?.port } },
                    logger: Logger(label: "test.http"))
                let group = ServiceGroup(
                    configuration: .init(
                        services: [.init(service: app), .init(service: runtime.service), .init(service: client)],
                        logger: Logger(label: "test.group")))
                let http = HTTPClient(eventLoopGroupProvider: .singleton)

                try await withThrowingTaskGroup(of: Void.self) { tasks in
                    tasks.addTask { try await group.run() }
                    let base = try await eventually("the HTTP server") { port.withLock { $0 } }.map {
                        "http://127.0.0.1:\($0)"
                    }
                    guard let base else { return }
                    let ready = try await eventually("readiness") {
                        let answer = try await get(http, base + "/readyz")
                        return answer.status == 200 ? answer.body : nil
                    }
                    #expect(ready?.contains(#""status":"ready""#) == true)
                    _ = try await eventually("100 events in the file") { lines(path).count >= 100 ? true : nil }

                    let health = try await get(http, base + "/healthz")
                    #expect(health.status == 200 && health.body.contains(#""phase":"running""#))
                    // Gauges are sampled once a second: wait for a sample taken after the board filled.
                    let scrape = try await eventually("the sampled gauges") {
                        let text = try await get(http, base + "/metrics").body
                        return text.contains("switchboard_channels_live 1") && text.contains("switchboard_agent_board_agents 20")
                            ? text : nil
                    }
                    for expected in [
                        #"switchboard_sink_delivered{sink="events"}"#,
                        #"switchboard_events_received{family="userPresence"}"#,
                        #"switchboard_channel_topics{slot="0"} \#(topics.count)"#, "switchboard_sink_lag_bucket",
                        "switchboard_agent_board_agents 20",
                    ] {
                        #expect(scrape?.contains(expected) == true, "\(expected)")
                    }

                    await group.triggerGracefulShutdown()
                    try await tasks.waitForAll()
                }

                // Drained: everything offered was written, and every line is a delivery.
                let counts = await queue.currentCounts
                #expect(counts.queued == 0 && counts.dropped == 0 && counts.offered == counts.delivered)
                let written = lines(path)
                #expect(written.count == counts.delivered)
                let kinds = Set(
                    written.compactMap { line in
                        (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]).flatMap {
                            $0["kind"] as? String ?? ($0["topic"] != nil ? "event" : nil)
                        }
                    })
                #expect(kinds == ["event", "presenceDelta"])
                // The client deleted its subscriptions on the way out.
                var left = 0
                for channel in try await api.channels(scope: .oauthClient) {
                    if let id = channel.id { left += try await api.subscriptions(channelId: id).count }
                }
                #expect(left == 0)
                let status = await runtime.status()
                #expect(status.phase == .stopped)
                try await http.shutdown()
            }
        }
    }
}

/// Polls `probe` until it returns a value or `seconds` pass; nil then, recorded as an issue.
func eventually<T: Sendable>(
    _ what: String, seconds: Double = 20, _ probe: () async throws -> T?
) async throws -> T? {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if let value = try? await probe() { return value }
        try await Task.sleep(for: .milliseconds(50))
    }
    Issue.record("timed out after \(seconds) s waiting for \(what)")
    return nil
}

/// One GET: status and body text.
func get(_ http: HTTPClient, _ url: String) async throws -> (status: Int, body: String) {
    let response = try await http.execute(HTTPClientRequest(url: url), timeout: .seconds(5))
    let body = try await response.body.collect(upTo: 16 << 20)
    return (Int(response.status.code), String(buffer: body))
}

/// The complete lines of a file.
func lines(_ path: String) -> [String] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
    return text.split(separator: "\n").map(String.init)
}

func withRuntimeDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-daemon-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try await body(url.path)
}

/// A source whose stream ends on graceful shutdown a while before its `run` returns, as the
/// notification client's does (it finishes the stream, then returns after its sessions stop).
final class SlowStoppingSource: RuntimeSource, Service {
    let events: BatchedStream<NotificationEvent>
    private let continuation: BatchedStream<NotificationEvent>.Continuation
    var channels: [ChannelStatus] { [] }

    init() { (events, continuation) = BatchedStream.makeStream(of: NotificationEvent.self) }

    func run() async throws {
        try? await gracefulShutdown()
        continuation.finish()
        try await Task.sleep(for: .milliseconds(300))
    }
}

@Suite("Daemon runtime in a service group")
struct RuntimeServiceTests {
    @Test("a graceful shutdown completes without error when the stream ends before its source returns")
    func streamEndsFirst() async throws {
        let source = SlowStoppingSource()
        let metrics = PipelineMetrics()
        let runtime = SwitchboardRuntime(
            source: source, stage: PipelineStage(metrics: metrics), routes: [], metrics: metrics)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: runtime.service), .init(service: source)], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await Task.sleep(for: .milliseconds(100))
            await group.triggerGracefulShutdown()
            // The group's own error (a service "finished unexpectedly") would surface here.
            try await tasks.waitForAll()
        }
        #expect(await runtime.status().phase == .stopped)
    }
}
