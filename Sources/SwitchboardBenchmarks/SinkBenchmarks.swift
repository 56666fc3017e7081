import Foundation
import GenesysNotifications
import Hummingbird
import Logging
import SwitchboardPipeline
import SwitchboardSinks
import Synchronization

/// Sink figures: events a second through each sink behind its queue, and the delivery lag at a
/// steady 10,000 events a second.
extension Benchmarks {
    func sinks(_ recorded: [String]) async throws {
        let deliveries = Self.deliveries(from: recorded)
        guard !deliveries.isEmpty else { return }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-bench-\(UUID())")
            .path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let bytes = deliveries.reduce(0) { $0 + $1.json.utf8.count }
        print(
            "Sinks (\(deliveries.count) deliveries from the recording, \(bytes / deliveries.count) bytes of JSON each on average):"
        )

        let jsonl = try JSONLinesSink(.file(path: directory + "/events.jsonl"))
        print("    JSON lines to a file            \(try await Self.throughput(jsonl, deliveries)) events/s")

        try await Self.withWebhookReceiver { url in
            let webhook = WebhookSink(
                configuration: try WebhookConfiguration(url: url, secret: WebhookSecret("benchmark")))
            let rate = try await Self.throughput(webhook, deliveries)
            try await webhook.shutdown()
            print("    webhook to a local receiver     \(rate) events/s (batches of 100, signed)")
        }

        if let (server, port) = try await Self.startRedis(directory: directory) {
            // SIGKILL: the child inherits this process's blocked signals, SIGTERM among them, and
            // the throwaway server keeps nothing worth a clean shutdown.
            defer { kill(server.processIdentifier, SIGKILL) }
            var configuration = RedisConfiguration()
            configuration.port = port
            let redis = RedisSink(configuration: .init(redis: configuration))
            print("    Redis (metrics hash and stream) \(try await Self.throughput(redis, deliveries)) events/s")
            await redis.close()
        } else {
            print("    Redis: redis-server not found; install it (apt-get install redis-server) for this figure")
        }

        for batch in [1, 100] {
            let outbox = try Outbox(path: directory + "/outbox-\(batch).sqlite")
            let sink = try JSONLinesSink(.file(path: directory + "/durable-\(batch).jsonl"))
            let rate = try await Self.durableThroughput(sink, outbox: outbox, deliveries, offeredTogether: batch)
            try outbox.close()
            print(
                "    through the outbox to JSON lines, \(batch == 1 ? "each delivery on disk before the next" : "offered 100 at a time")  \(rate) events/s"
            )
        }

        let lagFile = try JSONLinesSink(.file(path: directory + "/lag.jsonl"))
        let lag = try await Self.lag(lagFile, deliveries, perSecond: 10_000, seconds: min(seconds, 5))
        print(
            String(
                format:
                    "    delivery lag, JSON lines at 10,000 events/s: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d deliveries)",
                lag.p50, lag.p99, lag.max, lag.count))
    }

    /// Deliveries of the recording's events, as the pipeline would hand them on.
    static func deliveries(from recorded: [String]) -> [Delivery] {
        var intake = Intake()
        var deliveries: [Delivery] = []
        let clock = ContinuousClock()
        for text in recorded {
            guard let envelope = NotificationEnvelope(frame: text),
                case .deliver(let output) = intake.admit(.event(envelope), now: clock.now), let event = output.event
            else { continue }
            deliveries.append(Delivery(event))
        }
        return deliveries
    }

    /// Offers every delivery as fast as the queue takes them (it blocks when full) and waits for
    /// the last to be delivered.
    static func throughput(_ sink: any Sink, _ deliveries: [Delivery]) async throws -> Int {
        let queue = SinkQueue(sink: sink, configuration: .init(capacity: 10_000, overflow: .block, batchSize: 100))
        let clock = ContinuousClock()
        let start = clock.now
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await queue.run() }
            for delivery in deliveries { await queue.offer(delivery) }
            await queue.finish()
        }
        let counts = await queue.currentCounts
        guard counts.delivered == deliveries.count else {
            print(
                "    (\(sink.name): \(counts.delivered) of \(deliveries.count) delivered, \(counts.givenUp) given up)")
            return 0
        }
        return Int(Double(deliveries.count) / (clock.now - start).seconds)
    }

    /// Offers every delivery to a durable queue (on disk before `offer` returns), `offeredTogether`
    /// in one transaction, and waits until the last is delivered. At most 20,000 deliveries: one
    /// a transaction is slow on purpose (a synchronous commit each).
    static func durableThroughput(
        _ sink: any Sink, outbox: Outbox, _ deliveries: [Delivery], offeredTogether: Int
    ) async throws -> Int {
        let deliveries = Array(deliveries.prefix(offeredTogether == 1 ? 2_000 : 20_000))
        let queue = DurableSinkQueue(sink: sink, outbox: outbox)
        let clock = ContinuousClock()
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await queue.run() }
            for chunk in stride(from: 0, to: deliveries.count, by: offeredTogether) {
                let part = Array(deliveries[chunk..<min(deliveries.count, chunk + offeredTogether)])
                if part.count == 1 { try await queue.offer(part[0]) } else { try await queue.offer(contentsOf: part) }
            }
            await queue.finish()
            try await group.waitForAll()
        }
        let delivered = try await queue.currentCounts.delivered
        guard delivered == deliveries.count else {
            print("    (outbox: \(delivered) of \(deliveries.count) delivered)")
            return 0
        }
        return Int(Double(deliveries.count) / (clock.now - start).seconds)
    }

    struct Lag {
        var p50: Double
        var p99: Double
        var max: Double
        var count: Int
    }

    /// Offers deliveries at a steady rate and measures, for each, the time from its offer to the
    /// sink's return.
    static func lag(_ sink: any Sink, _ deliveries: [Delivery], perSecond: Int, seconds: Double) async throws -> Lag {
        let timing = TimingSink(inner: sink)
        let queue = SinkQueue(sink: timing, configuration: .init(capacity: 100_000, batchSize: 100))
        let clock = ContinuousClock()
        let total = Int(Double(perSecond) * seconds)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await queue.run() }
            let start = clock.now
            for index in 0..<total {
                // Paced: the index-th offer is due at index / rate after the start.
                let due = start + .nanoseconds(Int64(index) * 1_000_000_000 / Int64(perSecond))
                if due > clock.now { try? await Task.sleep(until: due, clock: clock) }
                let original = deliveries[index % deliveries.count]
                let delivery = Delivery(
                    key: "\(index)", kind: original.kind, time: original.time, json: original.json,
                    record: original.record)
                timing.offered(delivery.key, at: clock.now)
                await queue.offer(delivery)
            }
            await queue.finish()
        }
        let lags = timing.lags().sorted()
        guard !lags.isEmpty else { return Lag(p50: 0, p99: 0, max: 0, count: 0) }
        func percentile(_ fraction: Double) -> Double { lags[min(lags.count - 1, Int(Double(lags.count) * fraction))] }
        return Lag(p50: percentile(0.5), p99: percentile(0.99), max: lags[lags.count - 1], count: lags.count)
    }

    /// A local receiver answering 204 to every POST, for the web hook figure.
    static func withWebhookReceiver(_ body: (String) async throws -> Void) async throws {
        let router = Router()
        router.post("/hook") { _, _ in HTTPResponse.Status.noContent }
        var logger = Logger(label: "benchmark.receiver")
        // Cancelling the server at the end logs its connections' cancellation as errors.
        logger.logLevel = .critical
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            }, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            var iterator = stream.makeAsyncIterator()
            guard let port = await iterator.next() else { return }
            try await body("http://127.0.0.1:\(port)/hook")
            group.cancelAll()
        }
    }

    /// Starts a private `redis-server` on a free port, as a child process; nil when none is
    /// installed.
    static func startRedis(directory: String) async throws -> (Process, Int)? {
        let candidates = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"]
        guard let executable = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            return nil
        }
        let port = Int.random(in: 20_000..<40_000)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory,
        ]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var configuration = RedisConfiguration()
        configuration.port = port
        let client = RedisClient(configuration: configuration)
        for _ in 0..<100 {
            if (try? await client.send(["PING"])) != nil {
                await client.close()
                return (process, port)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        await client.close()
        kill(process.processIdentifier, SIGKILL)
        return nil
    }
}

/// Wraps a sink and notes, per delivery key, how long it took from offer to delivered.
final class TimingSink: Sink {
    let inner: any Sink
    var name: String { inner.name }
    private let clock = ContinuousClock()
    private let state = Mutex<(offered: [String: ContinuousClock.Instant], lags: [Double])>(([:], []))

    init(inner: any Sink) { self.inner = inner }

    func offered(_ key: String, at instant: ContinuousClock.Instant) {
        state.withLock { $0.offered[key] = instant }
    }

    func lags() -> [Double] { state.withLock { $0.lags } }

    func deliver(_ batch: [Delivery]) async throws {
        try await inner.deliver(batch)
        let now = clock.now
        state.withLock { state in
            for delivery in batch {
                if let offered = state.offered.removeValue(forKey: delivery.key) {
                    state.lags.append((now - offered).seconds * 1000)
                }
            }
        }
    }
}
