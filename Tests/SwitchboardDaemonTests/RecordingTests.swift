import Foundation
import GenesysNotifications
import SwitchboardDaemon
import SwitchboardPipeline
import SwitchboardSinks
import Synchronization
import Testing

@Suite("Recordings: write, read back, replay through the pipeline")
struct RecordingTests {
    static let user = "9ed7d9f6-0c59-4360-ac54-40dd35eb9c2f"

    static func routingFrame(_ status: String, since: String, correlation: String) -> String {
        #"{"topicName":"v2.users.\#(user).routingStatus","version":"2","eventBody":{"id":"\#(user)","routingStatus":{"status":"\#(status)","startTime":"\#(since)"}},"metadata":{"CorrelationId":"\#(correlation)"}}"#
    }

    @Test("a live envelope and a backfill record read back exactly: frame text, receipt time and origin")
    func roundTrip() throws {
        let at = Date(timeIntervalSince1970: 1_795_000_000.123)
        let live = try #require(
            NotificationEnvelope(
                frame: Self.routingFrame("IDLE", since: "2026-11-24T10:00:00.000Z", correlation: "c1"), receivedAt: at))
        let context = BackfillContext(slot: 3, reason: .startup, snapshotAt: at)
        let backfill = NotificationEnvelope(live, origin: .backfill(context))

        let readLive = try RecordedFrame(line: RecordedFrame(live).line).envelope
        #expect(readLive.rawText == live.rawText)
        #expect(readLive.receivedAt.timeIntervalSince1970 == 1_795_000_000.123)
        #expect(!readLive.isBackfill && readLive.correlationId == "c1")
        let readBackfill = try RecordedFrame(line: RecordedFrame(backfill).line).envelope
        #expect(readBackfill.backfill?.slot == 3 && readBackfill.backfill?.snapshotAt == at)
        #expect(readBackfill.rawText == live.rawText)
    }

    @Test("a bad line stops the replay before anything plays, naming the file, the line and the problem")
    func badLines() throws {
        try withRecording([
            RecordedFrame(
                NotificationEnvelope(
                    frame: Self.routingFrame("IDLE", since: "2026-11-24T10:00:00.000Z", correlation: "c1"))!
            ).line,
            #"{"receivedAt":"2026-11-24T10:00:01.000Z","frame":{"hello":1}}"#,
        ]) { path in
            #expect(throws: RecordingFileError.self) { try RecordingReplay(path: path) }
            do {
                _ = try RecordingReplay(path: path)
            } catch {
                #expect(
                    String(describing: error)
                        == "\(path):2: the frame is not a notification (it has no topicName and eventBody); each line must be one recorded frame as `switchboard record` writes it"
                )
            }
        }
        do {
            _ = try RecordingReplay(path: "/nonexistent/recording.jsonl")
            Issue.record("a missing file was read")
        } catch {
            #expect(String(describing: error).hasPrefix("/nonexistent/recording.jsonl: cannot be read"))
        }
    }

    @Test("a replay runs the recording through de-duplication, the boards and the sinks, then ends")
    func replayThroughRuntime() async throws {
        let frames = [
            Self.routingFrame("IDLE", since: "2026-11-24T10:00:00.000Z", correlation: "c1"),
            Self.routingFrame("IDLE", since: "2026-11-24T10:00:00.000Z", correlation: "c1"),  // repeated frame
            Self.routingFrame("INTERACTING", since: "2026-11-24T10:01:00.000Z", correlation: "c2"),
        ]
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        let lines = frames.enumerated().map { index, frame in
            RecordedFrame(
                NotificationEnvelope(frame: frame, receivedAt: start.addingTimeInterval(Double(index) * 0.05))!
            ).line
        }
        try await withRecording(lines) { path in
            let replay = try RecordingReplay(path: path, pace: .recorded(speed: 1))
            let received = Locked<[Delivery]>([])
            let queue = SinkQueue(sink: CallbackSink(name: "test") { batch in received.update { $0 += batch } })
            let metrics = PipelineMetrics()
            let stage = PipelineStage(metrics: metrics)
            let runtime = SwitchboardRuntime(
                source: replay, stage: stage, routes: [SinkRoute(queue: queue, selection: [.events, .presenceDeltas])],
                metrics: metrics)
            let began = ContinuousClock.now
            try await withThrowingDiscardingTaskGroup { tasks in
                tasks.addTask { await replay.play() }
                tasks.addTask { try await runtime.run() }
            }
            // The recorded pace: two gaps of 50 ms.
            #expect(ContinuousClock.now - began >= .milliseconds(100))
            let kinds = received.value.map(\.kind)
            #expect(kinds.filter { $0 == .event }.count == 2)
            #expect(kinds.filter { $0 == .presenceDelta }.count == 2)
            #expect(stage.counts.droppedAsDuplicate == 1)
            #expect(stage.agents[Self.user]?.routingStatus?.rawValue == "INTERACTING")
        }
    }

    func withRecording<T>(_ lines: [String], _ body: (String) throws -> T) throws -> T {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("recording-\(UUID().uuidString).jsonl")
            .path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(path)
    }

    func withRecording<T>(_ lines: [String], _ body: (String) async throws -> T) async throws -> T {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("recording-\(UUID().uuidString).jsonl")
            .path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try await body(path)
    }
}

final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    var value: Value { mutex.withLock { $0 } }
    func update(_ change: (inout Value) -> Void) { mutex.withLock { change(&$0) } }
}

@Suite("Runtime: shutdown with a sink that does not drain")
struct RuntimeDrainTests {
    @Test(
        "past the drain timeout the runtime ends; deliveries still in memory are counted lost in the audit log, the outbox keeps the spilled ones"
    )
    func drainTimeout() async throws {
        let frames = (0..<3).map { index in
            RecordedFrame(
                NotificationEnvelope(
                    frame: RecordingTests.routingFrame(
                        "IDLE", since: "2026-11-24T10:0\(index):00.000Z", correlation: "c\(index)"))!
            ).line
        }
        try await withRuntimeDirectory { directory in
            let path = directory + "/recording.jsonl"
            try (frames.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            let replay = try RecordingReplay(path: path)
            // A sink that never answers: nothing it is given is ever delivered.
            let stuck = CallbackSink(name: "stuck") { _ in try await Task.sleep(for: .seconds(3_600)) }
            let memory = SinkQueue(sink: stuck, configuration: .init(capacity: 1, batchSize: 1))
            let outbox = try Outbox(path: directory + "/outbox.sqlite")
            let spilled = DurableSinkQueue(sink: stuck, outbox: outbox, outboxName: "stuck")
            let lines = Locked<[String]>([])
            let audit = AuditLogWriter(write: { line in lines.update { $0.append(line) } }, onFailure: { _ in })
            let metrics = PipelineMetrics()
            let runtime = SwitchboardRuntime(
                source: replay, stage: PipelineStage(metrics: metrics),
                routes: [SinkRoute(queue: memory, spillingTo: spilled, selection: .events)], metrics: metrics,
                audit: audit, configuration: .init(drainTimeout: .milliseconds(300)))
            let started = ContinuousClock.now
            try await withThrowingDiscardingTaskGroup { tasks in
                tasks.addTask { await replay.play() }
                tasks.addTask { try await runtime.run() }
            }
            #expect(ContinuousClock.now - started < .seconds(10))
            // The memory queue (room for one) held the first, with the sink; the other two spilled
            // to disk and stay there for the next start.
            let failure = try #require(lines.value.first { $0.contains(#""event":"sink.failed""#) })
            #expect(failure.contains(#""sink":"stuck""#) && failure.contains(#""dropped":1"#), "\(failure)")
            #expect(try outbox.pendingCount(for: "stuck") == 2)
        }
    }
}
