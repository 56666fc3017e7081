import ArgumentParser
import Foundation
import GenesysCloud
import GenesysEmulator
import GenesysNotifications
import Logging
import SwitchboardPipeline

/// Throughput figures for `docs/PERFORMANCE.md`, measured against the embedded emulator:
///
/// 1. the simulation alone: events a second it builds for a fully subscribed organisation;
/// 2. firehose end to end: events a second a `NotificationClient` receives when the emulator
///    publishes as fast as the client reads;
/// 3. decoding: frames captured in (2), turned back into envelopes and typed events, per family;
/// 4. the pipeline: the frames of (2) in arrival order through frame decoding, de-duplication,
///    typed decoding, a filter and both boards, on one core;
/// 5. memory: the boards holding 20,000 agents and 2,000 queues.
///
/// Run it in release: `swift run -c release switchboard-benchmarks`.
@main
struct Benchmarks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard-benchmarks",
        abstract: "Measure simulation, streaming and decoding throughput against the embedded emulator.")

    @Option(help: "Agents in the emulated organisation.")
    var agents = 200

    @Option(help: "Queues in the emulated organisation.")
    var queues = 20

    @Option(help: "Seconds each throughput measurement runs.")
    var seconds = 5.0

    @Option(help: "Frames kept per family for the decoding measurement.")
    var samples = 500

    @Option(
        help:
            "Run only this part: simulation, streaming (firehose, decoding and pipeline), sinks, end-to-end (publish → sink rate and latency) or memory."
    )
    var only: Part?

    @Option(help: "Write the firehose's frames, one a line, to this file (to replay them with --frames).")
    var saveFrames: String?

    @Option(
        help: "Measure decoding and the pipeline on the frames of this file (one a line) instead of a firehose run.")
    var frames: String?

    enum Part: String, ExpressibleByArgument, CaseIterable {
        case simulation, streaming, sinks, memory
        case endToEnd = "end-to-end"
    }

    func validate() throws {
        guard (1...20_000).contains(agents) else { throw ValidationError("--agents must be between 1 and 20000.") }
        guard (1...2_000).contains(queues) else { throw ValidationError("--queues must be between 1 and 2000.") }
        guard seconds > 0, seconds <= 600 else { throw ValidationError("--seconds must be between 0 and 600.") }
        guard (1...100_000).contains(samples) else { throw ValidationError("--samples must be between 1 and 100000.") }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .error
            return handler
        }
        print("Switchboard benchmarks: \(agents) agents, \(queues) queues, \(seconds) s per measurement")
        print("Machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(Self.memory)")
        if only == nil || only == .simulation { try await simulationAlone() }
        if only == nil || only == .streaming || only == .sinks {
            let (samples, recorded) = try await frameSource()
            if only != .sinks {
                decoding(samples)
                pipeline(recorded)
            }
            if only == nil || only == .sinks { try await sinks(recorded) }
        }
        if only == nil || only == .endToEnd { try await endToEnd() }
        // Alone (`--only memory`), the resident figure is the boards' and the process's own.
        if only == nil || only == .memory { memory() }
    }

    private var organization: OrganizationSpec { OrganizationSpec(agents: agents, queues: queues, seed: 1) }

    /// Every topic the simulation feeds, for every agent and queue.
    static func topics(of organization: Organization) -> [String] {
        organization.agents.flatMap { agent in
            [
                "v2.users.\(agent.id).presence", "v2.users.\(agent.id).routingStatus", "v2.users.\(agent.id).activity",
                "v2.users.\(agent.id).conversationsummary", "v2.users.\(agent.id).conversations",
                "v2.analytics.users.\(agent.id).aggregates", "v2.detail.events.agent.\(agent.id).state",
            ]
        }
            + organization.queues.flatMap { queue in
                [
                    "v2.analytics.queues.\(queue.id).observations", "v2.routing.queues.\(queue.id).conversations",
                    "v2.routing.queues.\(queue.id).users",
                ]
            }
    }

    // MARK: - 1. The simulation alone

    private func simulationAlone() async throws {
        let core = EmulatorCore(
            configuration: EmulatorConfiguration(organization: organization, channelsPerClient: 1_000))
        try await EmulatorServer.withRunning(core: core) { address in
            let api = try Self.client(address)
            // Subscribed channels without sockets: every event is built and published, then
            // dropped as the platform drops events for a channel nobody listens on.
            let topics = Self.topics(of: await core.organization)
            for chunk in stride(from: 0, to: topics.count, by: 1_000) {
                let channel = try await api.createChannel()
                _ = try await api.addSubscriptions(
                    channelId: channel.id, topics: Array(topics[chunk..<min(topics.count, chunk + 1_000)]))
            }
            let clock = ContinuousClock()
            let start = clock.now
            let simulatedStart = await core.simulationTime()
            var events = 0
            while clock.now - start < .seconds(seconds) {
                events += await core.advanceSimulation(by: .seconds(10))
            }
            let elapsed = (clock.now - start).seconds
            let simulated = await core.simulationTime().timeIntervalSince(simulatedStart)
            print(
                String(
                    format: "Simulation alone: %.0f events/s (%d events, %.0f simulated seconds a second, %d topics)",
                    Double(events) / elapsed, events, simulated / elapsed, topics.count))
        }
    }

    // MARK: - 2. Firehose end to end

    /// Frames per family and every frame in arrival order: from `--frames`, or from a firehose run
    /// (saved to `--save-frames` when asked).
    private func frameSource() async throws -> ([String: [String]], [String]) {
        guard let path = frames else {
            let (samples, recorded) = try await firehose()
            if let saveFrames {
                try (recorded.joined(separator: "\n") + "\n").write(
                    toFile: saveFrames, atomically: true, encoding: .utf8)
                print("Saved \(recorded.count) frames to \(saveFrames)")
            }
            return (samples, recorded)
        }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ValidationError("Cannot read --frames \(path): \(error.localizedDescription)")
        }
        let recorded = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        var samples: [String: [String]] = [:]
        for frame in recorded {
            guard let envelope = NotificationEnvelope(frame: frame) else { continue }
            let family = envelope.topic.map { "\($0.family)" } ?? "other"
            if samples[family, default: []].count < self.samples { samples[family, default: []].append(frame) }
        }
        print("Replaying \(recorded.count) frames from \(path)")
        return (samples, recorded)
    }

    /// Frames per family for the decoding figures, and every frame in arrival order.
    private func firehose() async throws -> ([String: [String]], [String]) {
        var configuration = EmulatorConfiguration(organization: organization)
        configuration.firehose = true
        let core = EmulatorCore(configuration: configuration)
        let seconds = self.seconds
        let samples = self.samples
        return try await EmulatorServer.withRunning(core: core) { address in
            let api = try Self.client(address)
            let topics = try Self.topics(of: await core.organization).map { try Topic(parsing: $0) }
            let client = NotificationClient(api: api, topics: topics)
            let running = Task { try await client.run() }
            defer { running.cancel() }
            let clock = ContinuousClock()
            var started: ContinuousClock.Instant?
            var simulatedStart = Date()
            var received = 0
            var byFamily: [String: Int] = [:]
            var frames: [String: [String]] = [:]
            var recorded: [String] = []
            for await event in client.events {
                guard case .event(let envelope) = event else { continue }
                // The clock starts at the first event, once channels are set up.
                if started == nil {
                    started = clock.now
                    simulatedStart = await core.simulationTime()
                }
                received += 1
                let family = envelope.topic.map { "\($0.family)" } ?? "other"
                byFamily[family, default: 0] += 1
                if frames[family, default: []].count < samples { frames[family, default: []].append(envelope.rawText) }
                if recorded.count < 200_000 { recorded.append(envelope.rawText) }
                if let started, clock.now - started >= .seconds(seconds) { break }
            }
            client.shutdown()
            let elapsed = started.map { (clock.now - $0).seconds } ?? 0
            let simulated = await core.simulationTime().timeIntervalSince(simulatedStart)
            print(
                String(
                    format:
                        "Firehose end to end (emulator → WebSocket → NotificationClient): %.0f events/s (%d events, %.0f simulated seconds a second)",
                    Double(received) / max(elapsed, 0.001), received, simulated / max(elapsed, 0.001)))
            for (family, count) in byFamily.sorted(by: { $0.value > $1.value }) {
                print("    \(family.padding(toLength: 26, withPad: " ", startingAt: 0)) \(count)")
            }
            return (frames, recorded)
        }
    }

    // MARK: - 3. Decoding

    private func decoding(_ frames: [String: [String]]) {
        print("Decoding captured frames (frame → envelope → typed event), per family:")
        print("    family                     frame→envelope   envelope→typed   both")
        let clock = ContinuousClock()
        for (family, texts) in frames.sorted(by: { $0.key < $1.key }) where !texts.isEmpty {
            let rounds = max(1, 20_000 / texts.count)
            var envelopes: [NotificationEnvelope] = []
            var start = clock.now
            for _ in 0..<rounds {
                envelopes.removeAll(keepingCapacity: true)
                for text in texts {
                    if let envelope = NotificationEnvelope(frame: text) { envelopes.append(envelope) }
                }
            }
            let parse = (clock.now - start).seconds / Double(rounds * texts.count)
            var undecodable = 0
            start = clock.now
            for _ in 0..<rounds {
                for envelope in envelopes {
                    if case .undecodable = envelope.decoded() { undecodable += 1 }
                }
            }
            let typed = (clock.now - start).seconds / Double(rounds * max(1, envelopes.count))
            let note = undecodable > 0 ? "  (\(undecodable / rounds) of \(envelopes.count) undecodable)" : ""
            print(
                "    \(family.padding(toLength: 26, withPad: " ", startingAt: 0)) "
                    + "\(Self.rate(parse).padding(toLength: 16, withPad: " ", startingAt: 0)) "
                    + "\(Self.rate(typed).padding(toLength: 16, withPad: " ", startingAt: 0)) \(Self.rate(parse + typed))"
                    + note)
        }
    }

    // MARK: - 4. The pipeline

    private func pipeline(_ recorded: [String]) {
        guard !recorded.isEmpty else { return }
        // A filter of the kind a dashboard uses: everything but one media type and one family.
        let filter = EventFilter(
            expression: try? FilterExpression(parsing: "not (mediaType == email) and not (family == userAggregates)"))
        let clock = ContinuousClock()
        var passRates: [Double] = []
        var delivered = 0
        let start = clock.now
        repeat {
            let passStart = clock.now
            var intake = Intake(configuration: .init(filter: filter))
            var agents = AgentBoard()
            var queues = QueueBoard()
            delivered = 0
            for text in recorded {
                guard let envelope = NotificationEnvelope(frame: text) else { continue }
                guard case .deliver(let output) = intake.admit(.event(envelope), now: clock.now),
                    let event = output.event
                else { continue }
                _ = agents.apply(event)
                _ = queues.apply(event)
                delivered += 1
            }
            passRates.append(Double(recorded.count) / (clock.now - passStart).seconds)
        } while clock.now - start < .seconds(seconds)
        // Each pass is one measurement; the median is robust to the machine's pauses (a virtual
        // machine's stolen time shows as a slow pass).
        let sorted = passRates.sorted()
        stages(recorded, filter: filter)
        print(
            String(
                format:
                    "Pipeline (frame → dedup → typed → filter → agent and queue boards), one core: %.0f events/s median of %d passes over %d recorded frames (slowest %.0f, fastest %.0f; %d delivered a pass)",
                sorted[sorted.count / 2], sorted.count, recorded.count, sorted[0], sorted[sorted.count - 1], delivered))
    }

    /// Where a pass's time goes: each line adds one stage to the one before, median pass of five.
    private func stages(_ recorded: [String], filter: EventFilter) {
        let clock = ContinuousClock()
        func median(_ pass: () -> Void) -> Double {
            var rates: [Double] = []
            for _ in 0..<5 {
                let start = clock.now
                pass()
                rates.append(Double(recorded.count) / (clock.now - start).seconds)
            }
            return rates.sorted()[2]
        }
        let envelopes = median {
            for text in recorded { _ = NotificationEnvelope(frame: text) }
        }
        let deduplicated = median {
            var deduplicator = Deduplicator()
            for text in recorded {
                guard let envelope = NotificationEnvelope(frame: text) else { continue }
                _ = deduplicator.admit(envelope, now: clock.now)
            }
        }
        let decoded = median {
            var intake = Intake()
            for text in recorded {
                guard let envelope = NotificationEnvelope(frame: text) else { continue }
                _ = intake.admit(.event(envelope), now: clock.now)
            }
        }
        let filtered = median {
            var intake = Intake(configuration: .init(filter: filter))
            for text in recorded {
                guard let envelope = NotificationEnvelope(frame: text) else { continue }
                _ = intake.admit(.event(envelope), now: clock.now)
            }
        }
        print("    stage by stage, events/s (each adds to the one above):")
        for (stage, rate) in [
            ("frame → envelope", envelopes), ("+ de-duplication", deduplicated),
            ("+ typed decoding and records", decoded), ("+ filter", filtered),
        ] {
            print("      \(stage.padding(toLength: 30, withPad: " ", startingAt: 0)) \(Int(rate))")
        }
    }

    // MARK: - 5. Memory

    /// Resident memory of the boards holding 20,000 agents (presence, routing status, one
    /// interaction each) and 2,000 queues of three media types, from frames built like the
    /// emulator's.
    private func memory() {
        let before = Self.residentBytes()
        var agents = AgentBoard()
        var queues = QueueBoard()
        let instant = "2026-11-24T10:00:00.000Z"
        for index in 0..<20_000 {
            let user = Self.uuid(index, kind: 1)
            let queue = Self.uuid(index % 2_000, kind: 2)
            let frames = [
                #"{"topicName":"v2.users.\#(user).presence","eventBody":{"source":"PURECLOUD","presenceDefinition":{"id":"e08eaf1b-ee47-4fa9-a231-1200e284798f","systemPresence":"ON_QUEUE"},"primary":true,"message":"","modifiedDate":"\#(instant)"},"metadata":{"CorrelationId":"p\#(index)"}}"#,
                #"{"topicName":"v2.users.\#(user).routingStatus","eventBody":{"id":"\#(user)","routingStatus":{"status":"INTERACTING","startTime":"\#(instant)"}},"metadata":{"CorrelationId":"r\#(index)"}}"#,
                #"{"topicName":"v2.users.\#(user).conversations","eventBody":{"id":"\#(Self.uuid(index, kind: 3))","participants":[{"id":"a\#(index)","purpose":"customer","calls":[{"id":"b\#(index)","state":"connected"}]},{"id":"c\#(index)","purpose":"acd","queueId":"\#(queue)","calls":[{"id":"d\#(index)","state":"disconnected"}]},{"id":"e\#(index)","purpose":"agent","userId":"\#(user)","queueId":"\#(queue)","connectedTime":"\#(instant)","calls":[{"id":"f\#(index)","state":"connected"}]}]},"metadata":{"CorrelationId":"c\#(index)"}}"#,
            ]
            for text in frames {
                guard let envelope = NotificationEnvelope(frame: text) else { continue }
                agents.apply(PipelineEvent(envelope))
            }
        }
        for index in 0..<2_000 {
            let queue = Self.uuid(index, kind: 2)
            for media in ["voice", "chat", "email"] {
                let text =
                    #"{"topicName":"v2.analytics.queues.\#(queue).observations","eventBody":{"group":{"queueId":"\#(queue)","mediaType":"\#(media)"},"data":[{"interval":"\#(instant)/\#(instant)","metrics":[{"metric":"oWaiting","stats":{"count":3}},{"metric":"oInteracting","stats":{"count":7}},{"metric":"oAlerting","stats":{"count":1}}]}]},"metadata":{"CorrelationId":"q\#(index)\#(media)"}}"#
                if let envelope = NotificationEnvelope(frame: text) { queues.apply(PipelineEvent(envelope)) }
            }
        }
        let after = Self.residentBytes()
        let tracked = agents.agents.count
        let queueCount = queues.queueIds.count
        print(
            "Memory: \(tracked) agents and \(queueCount) queues on the boards; resident \(after / 1_048_576) MiB "
                + "(\((after - before) / 1_048_576) MiB more than before building them)")
    }

    static func uuid(_ index: Int, kind: Int) -> String {
        let hex = String(index, radix: 16).leftPadded(to: 12)
        return "0000000\(kind)-0000-4000-8000-\(hex)"
    }

    /// `VmRSS` from `/proc/self/status`, in bytes; 0 where there is none.
    static func residentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return 0 }
        let kilobytes = line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return kilobytes * 1024
    }

    // MARK: - Helpers

    static func client(_ address: EmulatorServer.Address) throws -> GenesysCloudClient {
        let defaults = EmulatorConfiguration()
        return GenesysCloudClient(
            configuration: .init(
                endpoints: try PlatformEndpoints(apiURL: address.baseURL),
                credentials: try ClientCredentials(clientId: defaults.clientId, clientSecret: defaults.clientSecret)))
    }

    static func rate(_ secondsEach: Double) -> String {
        secondsEach > 0 ? "\(Int(1 / secondsEach)) /s" : "-"
    }

    static var memory: String {
        let bytes = ProcessInfo.processInfo.physicalMemory
        return "\(bytes / (1 << 30)) GiB"
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
