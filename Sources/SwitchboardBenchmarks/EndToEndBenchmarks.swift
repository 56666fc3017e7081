import Foundation
import GenesysCloud
import GenesysEmulator
import GenesysNotifications
import SwitchboardDaemon
import SwitchboardPipeline
import SwitchboardSinks
import Synchronization

/// End to end over loopback, as the daemon runs: the emulator publishes presence events → its
/// WebSocket → `NotificationClient` → the pipeline → a JSON-lines file sink. Two measurements:
/// the sustained rate with the publisher kept just ahead of the sink, and the latency from
/// `publish` to the sink's write returning at a steady rate.
extension Benchmarks {
    func endToEnd() async throws {
        var configuration = EmulatorConfiguration(organization: OrganizationSpec(agents: agents, queues: 1, seed: 1))
        configuration.simulationSpeed = 0
        configuration.heartbeatInterval = .seconds(5)
        let core = EmulatorCore(configuration: configuration)
        let seconds = self.seconds
        try await EmulatorServer.withRunning(core: core) { address in
            let organization = await core.organization
            let agents = organization.agents
            let topics = agents.compactMap { UUID(uuidString: $0.id).map(Topic.userPresence) }
            let bodies = agents.map { Self.presenceBody($0.id) }
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "switchboard-e2e-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }

            let clock = ContinuousClock()
            let origin = clock.now
            let probe = LatencyProbe(origin: origin)
            let sink = MeasuredSink(
                inner: try JSONLinesSink(.file(path: directory.appendingPathComponent("events.jsonl").path)),
                probe: probe, clock: clock)
            let client = NotificationClient(api: try Self.client(address), topics: topics)
            let metrics = PipelineMetrics()
            let stage = PipelineStage(metrics: metrics)
            let runtime = SwitchboardRuntime(
                source: client, stage: stage,
                routes: [SinkRoute(queue: SinkQueue(sink: sink), selection: .events)], metrics: metrics)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await client.run() }
                tasks.addTask { try await runtime.run() }
                // Connected and past the start-up backfill: the first published event arrives.
                var sequence = 0
                // A batch goes to the emulator in one call, as a load generator would send it.
                func publish(_ count: Int) async {
                    let first = sequence
                    let batch = (first..<(first + count)).map { sequence in
                        let index = sequence % topics.count
                        return (topic: topics[index].name, eventBody: bodies[index](sequence))
                    }
                    sequence += count
                    probe.published(first..<sequence, at: clock.now)
                    await core.publish(batch)
                }
                while probe.delivered == 0 {
                    await publish(1)
                    try await Task.sleep(for: .milliseconds(50))
                }

                // 1. Sustained: keep at most 5,000 events in flight (published, not yet written).
                probe.reset()
                var start = clock.now
                let firstSequence = sequence
                while clock.now - start < .seconds(seconds) {
                    if sequence - firstSequence - probe.delivered < 5_000 {
                        await publish(100)
                    } else {
                        await Task.yield()
                    }
                }
                let delivered = probe.delivered
                let elapsed = (clock.now - start).seconds
                print(
                    String(
                        format:
                            "End to end (emulator → WebSocket → NotificationClient → pipeline → JSON-lines file): %.0f events/s sustained (%d events in %.1f s)",
                        Double(delivered) / elapsed, delivered, elapsed))
                while probe.delivered < sequence - firstSequence { try await Task.sleep(for: .milliseconds(10)) }

                // 2. Latency at a steady 5,000 events a second: five every millisecond.
                probe.reset()
                start = clock.now
                let paced = sequence
                var tick = 0
                while clock.now - start < .seconds(seconds) {
                    tick += 1
                    await publish(5)
                    let next = start + .milliseconds(tick)
                    if next > clock.now { try await Task.sleep(until: next, clock: clock) }
                }
                let rate = Double(sequence - paced) / (clock.now - start).seconds
                while probe.delivered < sequence - paced { try await Task.sleep(for: .milliseconds(10)) }
                let latencies = probe.latencies.sorted()
                func percentile(_ p: Double) -> Double {
                    latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]
                }
                print(
                    String(
                        format:
                            "Latency from publish to the sink's write at %.0f events/s: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms (%d events)",
                        rate, percentile(0.5) * 1000, percentile(0.99) * 1000, percentile(0.999) * 1000,
                        (latencies.last ?? 0) * 1000, latencies.count))
                client.shutdown()
                try await tasks.waitForAll()
            }
        }
    }

    /// A presence body as the platform writes it, with the publish sequence number in `message`
    /// so the sink can find when it was published.
    static func presenceBody(_ userId: String) -> @Sendable (Int) -> WireJSON {
        { sequence in
            [
                "source": "PURECLOUD",
                "presenceDefinition": ["id": "6a3af858-942f-489d-9700-5f9bcdcdae9b", "systemPresence": "AVAILABLE"],
                "primary": true, "message": .string("seq:\(sequence)"), "modifiedDate": "2026-11-24T10:00:00.000Z",
            ]
        }
    }
}

/// Publish instants by sequence number, and the latencies the sink measured.
final class LatencyProbe: Sendable {
    private struct State {
        var published: [Int: ContinuousClock.Instant] = [:]
        var latencies: [Double] = []
        var delivered = 0
    }
    private let state = Mutex(State())
    let origin: ContinuousClock.Instant

    init(origin: ContinuousClock.Instant) { self.origin = origin }

    func published(_ sequences: Range<Int>, at instant: ContinuousClock.Instant) {
        state.withLock { state in
            for sequence in sequences { state.published[sequence] = instant }
        }
    }

    func written(_ sequences: [Int], at instant: ContinuousClock.Instant) {
        state.withLock { state in
            for sequence in sequences {
                guard let published = state.published.removeValue(forKey: sequence) else { continue }
                state.latencies.append((instant - published).seconds)
                state.delivered += 1
            }
        }
    }

    var delivered: Int { state.withLock { $0.delivered } }
    var latencies: [Double] { state.withLock { $0.latencies } }

    func reset() {
        state.withLock {
            $0.latencies = []
            $0.delivered = 0
        }
    }
}

/// A sink that notes when each delivery's write returned.
struct MeasuredSink: Sink {
    let inner: any Sink
    let probe: LatencyProbe
    let clock: ContinuousClock
    var name: String { inner.name }

    func deliver(_ batch: [Delivery]) async throws {
        try await inner.deliver(batch)
        let now = clock.now
        probe.written(batch.compactMap { Self.sequence(in: $0.json) }, at: now)
    }

    /// The number after `"message":"seq:` in the delivery's body, found in its bytes (Foundation's
    /// `range(of:)` would cost more than the sink it measures).
    static func sequence(in json: String) -> Int? {
        let marker = Array(#""message":"seq:"#.utf8)
        let bytes = Array(json.utf8)
        guard bytes.count > marker.count else { return nil }
        for start in 0...(bytes.count - marker.count) where bytes[start] == marker[0] {
            guard bytes[start..<(start + marker.count)].elementsEqual(marker) else { continue }
            var value = 0
            var index = start + marker.count
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                index += 1
            }
            return value
        }
        return nil
    }
}
