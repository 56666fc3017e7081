import Foundation
import SwitchboardPipeline

/// Writes deliveries to Redis (use case 001, the routing interaction monitor): per queue the hash
/// `metrics:<queueId>` with `total_wait` (milliseconds, summed over the conversation events),
/// `event_count` and `last_agent_status`, kept for five minutes after its last update; and every
/// delivery on a stream (`XADD`, length capped) that other processes read.
///
/// Writes are idempotent on ``Delivery/key``, so the at-least-once retries of a ``SinkQueue`` or a
/// durable outbox never count an event twice: each batch `WATCH`es and reads the marker keys
/// `switchboard:seen:<key>`, then writes, in one `MULTI`/`EXEC`, the marker (expiring after
/// ``Configuration/seenFor``), the hash updates, the hash's TTL and the stream entries of the
/// deliveries not seen before. Another writer touching a marker meanwhile aborts the `EXEC`, and
/// the batch is read again. The sink owns its client: the `WATCH` and the transaction go down the
/// same connection, one batch at a time.
public final class RedisSink: Sink {
    public struct Configuration: Sendable {
        public var redis: RedisConfiguration
        /// Prefix of the per-queue hashes: `metrics:` gives `metrics:<queueId>`.
        public var metricsPrefix: String
        /// How long a queue's hash lives after its last update.
        public var metricsTTL: Duration
        /// The stream every delivery is added to; nil adds none.
        public var stream: String?
        /// The stream's length is trimmed to about this many entries (`MAXLEN ~`).
        public var streamMaximumLength: Int
        /// How long a delivery's key is remembered, against repeats: longer than any retry.
        public var seenFor: Duration

        public init(
            redis: RedisConfiguration = RedisConfiguration(), metricsPrefix: String = "metrics:",
            metricsTTL: Duration = .seconds(300), stream: String? = "switchboard:events",
            streamMaximumLength: Int = 100_000, seenFor: Duration = .seconds(3_600)
        ) {
            self.redis = redis
            self.metricsPrefix = metricsPrefix
            self.metricsTTL = metricsTTL
            self.stream = stream
            self.streamMaximumLength = max(1, streamMaximumLength)
            self.seenFor = seenFor
        }
    }

    public let name: String
    public let configuration: Configuration
    private let client: RedisClient

    public init(configuration: Configuration, name: String? = nil) {
        self.configuration = configuration
        self.name = name ?? "redis:\(configuration.redis.endpoint)"
        self.client = RedisClient(configuration: configuration.redis)
    }

    /// Closes the connection.
    public func close() async {
        await client.close()
    }

    public func deliver(_ batch: [Delivery]) async throws {
        guard !batch.isEmpty else { return }
        // A transaction aborted by WATCH means another writer marked a key meanwhile: read again.
        for attempt in 1...3 {
            do {
                try await write(batch)
                return
            } catch RedisClientError.transactionAborted where attempt < 3 {
                continue
            }
        }
    }

    private func write(_ batch: [Delivery]) async throws {
        let markers = batch.map { "switchboard:seen:\($0.key)" }
        let replies = try await client.pipeline([["WATCH"] + markers, ["MGET"] + markers])
        if case .error(let message) = replies[0] {
            throw RedisClientError.serverError(command: "WATCH", message: message)
        }
        guard let seen = replies[1].array, seen.count == batch.count else {
            throw RedisClientError.serverError(command: "MGET", message: "unexpected reply \(replies[1])")
        }
        var commands: [[String]] = []
        var touched = Set<String>()
        var markedInBatch = Set<String>()
        for (delivery, marker) in zip(batch, zip(markers, seen)) where marker.1.isNull {
            // The same key twice in one batch is one event.
            guard markedInBatch.insert(marker.0).inserted else { continue }
            commands.append(["SET", marker.0, "1", "EX", "\(Self.seconds(configuration.seenFor))"])
            if let record = delivery.record, let queueId = record.queueId {
                let hash = configuration.metricsPrefix + queueId
                commands.append(["HINCRBY", hash, "total_wait", "\(max(0, record.waitMs ?? 0))"])
                commands.append(["HINCRBY", hash, "event_count", "1"])
                commands.append(["HSET", hash, "last_agent_status", record.agentState?.rawValue ?? "none"])
                touched.insert(hash)
            }
            if let stream = configuration.stream {
                commands.append([
                    "XADD", stream, "MAXLEN", "~", "\(configuration.streamMaximumLength)", "*", "key", delivery.key,
                    "json", delivery.json,
                ])
            }
        }
        guard !commands.isEmpty else {
            _ = try await client.send(["UNWATCH"])
            return
        }
        for hash in touched.sorted() {
            commands.append(["EXPIRE", hash, "\(Self.seconds(configuration.metricsTTL))"])
        }
        let results = try await client.transaction(commands)
        // Redis does not roll back a command that fails while running (a key of another type):
        // report it, and the batch is tried again (the markers make the retry harmless).
        for (command, result) in zip(commands, results) {
            if case .error(let message) = result {
                throw RedisClientError.serverError(command: command[0], message: message)
            }
        }
    }

    private static func seconds(_ duration: Duration) -> Int {
        max(1, Int(duration.components.seconds))
    }
}
