import Foundation
import SwitchboardPipeline
import Testing

@testable import SwitchboardSinks

/// The Redis sink against a real `redis-server`, one private server per test.
@Suite("Redis sink against a real redis-server", .serialized, .timeLimit(.minutes(1)))
struct RedisSinkTests {
    static let queue = SinkFixtures.queue

    /// A conversation delivery on `queue` that has waited `waitMs`, its agent in `agentState`.
    static func delivery(
        _ index: Int, queue: String = queue, waitMs: Int, agentState: AgentLegState? = nil
    ) -> Delivery {
        let record = RoutingInteractionRecord(
            conversationId: "c\(index)", queueId: queue, mediaType: "voice",
            state: agentState == nil ? .waiting : .connected,
            waitMs: waitMs, agentUserId: agentState == nil ? nil : SinkFixtures.agent, agentState: agentState,
            direction: "inbound", customerAddress: nil, eventTime: Date(timeIntervalSince1970: 1_714_557_600),
            backfill: false, topic: "v2.routing.queues.\(queue).conversations", correlationId: "id-\(index)")
        return Delivery(
            key: "v2.routing.queues.\(queue).conversations|id-\(index)", kind: .event,
            time: record.eventTime, json: #"{"n":\#(index)}"#, record: record)
    }

    func withSink(
        stream: String? = "switchboard:events", streamMaximumLength: Int = 100_000,
        _ body: (RedisSink, RedisClient, RedisTestServer) async throws -> Void
    ) async throws {
        try await RedisTestServer.with { server in
            let sink = RedisSink(
                configuration: .init(
                    redis: server.configuration(), stream: stream, streamMaximumLength: streamMaximumLength))
            let reader = RedisClient(configuration: server.configuration())
            do {
                try await body(sink, reader, server)
            } catch {
                await sink.close()
                await reader.close()
                throw error
            }
            await sink.close()
            await reader.close()
        }
    }

    static func hash(_ reader: RedisClient, _ key: String) async throws -> [String: String] {
        let flat = try await reader.send(["HGETALL", key]).array ?? []
        var fields: [String: String] = [:]
        for pair in stride(from: 0, to: flat.count - 1, by: 2) {
            if let name = flat[pair].string, let value = flat[pair + 1].string { fields[name] = value }
        }
        return fields
    }

    @Test("per queue: total wait, event count and the last agent status, kept five minutes")
    func metricsHash() async throws {
        try await withSink { sink, reader, _ in
            try await sink.deliver([
                Self.delivery(1, waitMs: 1_000), Self.delivery(2, waitMs: 2_500, agentState: .connected),
            ])
            let fields = try await Self.hash(reader, "metrics:\(Self.queue)")
            #expect(fields == ["total_wait": "3500", "event_count": "2", "last_agent_status": "connected"])
            let ttl = try await reader.send(["TTL", "metrics:\(Self.queue)"]).int ?? -1
            #expect((290...300).contains(ttl))
            #expect(try await reader.send(["XLEN", "switchboard:events"]).int == 2)
        }
    }

    @Test("a batch delivered again, whole or in part, changes nothing: keys make writes idempotent")
    func idempotent() async throws {
        try await withSink { sink, reader, _ in
            let batch = (1...5).map { Self.delivery($0, waitMs: 100 * $0) }
            try await sink.deliver(batch)
            try await sink.deliver(batch)
            try await sink.deliver(Array(batch[2...]) + [Self.delivery(6, waitMs: 600)] + [batch[0]])
            let fields = try await Self.hash(reader, "metrics:\(Self.queue)")
            #expect(fields["event_count"] == "6")
            #expect(fields["total_wait"] == "2100")
            #expect(try await reader.send(["XLEN", "switchboard:events"]).int == 6)
            let entries = try await reader.send(["XRANGE", "switchboard:events", "-", "+"]).array ?? []
            let keys = entries.compactMap { $0.array?.last?.array?[1].string }
            #expect(keys == (1...6).map { "v2.routing.queues.\(Self.queue).conversations|id-\($0)" })
        }
    }

    @Test("deliveries without a record go on the stream only; the stream stays near its cap")
    func streamOnly() async throws {
        try await withSink(streamMaximumLength: 10) { sink, reader, _ in
            for start in stride(from: 0, to: 1_000, by: 100) {
                try await sink.deliver(SinkFixtures.deliveries(100, from: start))
            }
            let length = try await reader.send(["XLEN", "switchboard:events"]).int ?? 0
            #expect(length >= 10 && length < 250, "MAXLEN ~ trims whole nodes: \(length)")
            #expect(try await reader.send(["KEYS", "metrics:*"]).array?.isEmpty == true)
        }
    }

    @Test("through a queue, a Redis restart mid-stream loses nothing and counts nothing twice")
    func outage() async throws {
        try await withSink { sink, reader, server in
            let queue = SinkQueue(
                sink: sink,
                configuration: .init(batchSize: 5, retryBase: .milliseconds(20), retryCap: .milliseconds(200)))
            let runner = Task { await queue.run() }
            for index in 1...20 { await queue.offer(Self.delivery(index, waitMs: 10)) }
            while await queue.currentCounts.delivered < 10 { try await Task.sleep(for: .milliseconds(5)) }
            await server.kill()
            for index in 21...40 { await queue.offer(Self.delivery(index, waitMs: 10)) }
            try await Task.sleep(for: .milliseconds(300))
            try await server.restart()
            await queue.finish()
            await runner.value
            // Without persistence the restart emptied Redis: what counts is that every delivery
            // written after it is there once, and the queue delivered all forty.
            let counts = await queue.currentCounts
            #expect(counts.delivered == 40 && counts.givenUp == 0)
            #expect(counts.failedAttempts > 0, "the outage was noticed")
            let after = Int(try await Self.hash(reader, "metrics:\(Self.queue)")["event_count"] ?? "0") ?? 0
            let streamed = try await reader.send(["XLEN", "switchboard:events"]).int ?? 0
            #expect(after == streamed && after >= 20 && after <= 40)
        }
    }
}
