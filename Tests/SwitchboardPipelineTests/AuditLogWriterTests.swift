import Foundation
import GenesysNotifications
import SwitchboardPipeline
import Synchronization
import Testing

/// Failures a writer reported, for assertions.
final class ReportedFailures: Sendable {
    private let failures = Mutex<[AuditLogError]>([])
    func append(_ failure: AuditLogError) { failures.withLock { $0.append(failure) } }
    var all: [AuditLogError] { failures.withLock { $0 } }
}

/// A private directory, removed when the test ends.
struct ScratchDirectory {
    let path: String

    func file(_ name: String) -> String { path + "/" + name }

    static func with<Result>(_ body: (ScratchDirectory) async throws -> Result) async throws -> Result {
        let path = NSTemporaryDirectory() + "switchboard-audit-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try await body(ScratchDirectory(path: path))
    }
}

@Suite("Audit log: the writer")
struct AuditLogWriterTests {
    typealias Fixtures = HealthFixtures

    static func lines(of path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
    }

    @Test("a new file is created owner-only (0600), one JSON line per record, each ending in a line break")
    func createsFile() async throws {
        try await ScratchDirectory.with { scratch in
            let path = scratch.file("audit.jsonl")
            let failures = ReportedFailures()
            let writer = try AuditLogWriter(path: path, onFailure: failures.append)
            for (health, _) in Fixtures.everyKind { writer.record(health) }
            writer.recordSinkFailure(sink: "webhook", reason: "HTTP 500", dropped: 2, queued: 10)
            writer.recordShutdown()
            writer.close()

            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            let lines = try Self.lines(of: path)
            #expect(lines.last == "")  // the file ends with a line break
            let records = try lines.dropLast().map(AuditRecord.init(jsonLine:))
            #expect(records.map(\.event) == Fixtures.everyKind.map(\.1) + [.sinkFailed, .shutdown])
            #expect(writer.linesWritten == Fixtures.everyKind.count + 2)
            #expect(failures.all.isEmpty)
        }
    }

    @Test("an existing file is appended to, never truncated")
    func appends() async throws {
        try await ScratchDirectory.with { scratch in
            let path = scratch.file("audit.jsonl")
            for _ in 0..<2 {
                let writer = try AuditLogWriter(path: path) { Issue.record("unexpected failure: \($0)") }
                writer.record(Fixtures.health(.state(.connected)))
            }
            #expect(try Self.lines(of: path).filter { !$0.isEmpty }.count == 2)
        }
    }

    @Test("lines from many tasks at once are each written whole")
    func concurrentLinesStayWhole() async throws {
        try await ScratchDirectory.with { scratch in
            let path = scratch.file("audit.jsonl")
            let writer = try AuditLogWriter(path: path) { Issue.record("unexpected failure: \($0)") }
            await withTaskGroup(of: Void.self) { group in
                for task in 0..<8 {
                    group.addTask {
                        for index in 0..<100 {
                            writer.recordSinkFailure(
                                sink: "sink-\(task)", reason: String(repeating: "x", count: 50 + index), dropped: index,
                                queued: task)
                        }
                    }
                }
            }
            let lines = try Self.lines(of: path).filter { !$0.isEmpty }
            #expect(lines.count == 800)
            let records = try lines.map(AuditRecord.init(jsonLine:))
            #expect(Set(records.map { "\($0.sink ?? "") \($0.dropped ?? -1)" }).count == 800)
        }
    }

    @Test("a failing disk is reported once, naming the path and the fix; the records are counted lost")
    func writeFailureReportedOnce() throws {
        // Every write to /dev/full fails with ENOSPC, as on a full disk.
        let failures = ReportedFailures()
        let writer = try AuditLogWriter(path: "/dev/full", onFailure: failures.append)
        for _ in 0..<5 { writer.record(Fixtures.health(.state(.rotated))) }
        #expect(failures.all.count == 1)
        let failure = try #require(failures.all.first)
        #expect(failure.path == "/dev/full")
        #expect(failure.description.hasPrefix("audit log /dev/full: No space left on device."))
        #expect(failure.description.contains("free space on that disk"))
        #expect(writer.linesLost == 5 && writer.linesWritten == 0)
        #expect(writer.failure == failure)
    }

    @Test("a file that cannot be opened is refused at once with the path and the fix")
    func openFailure() async throws {
        try await ScratchDirectory.with { scratch in
            let missing = scratch.file("no-such-directory/audit.jsonl")
            #expect {
                _ = try AuditLogWriter(path: missing) { _ in }
            } throws: { error in
                guard let error = error as? AuditLogError else { return false }
                return error.path == missing && error.cause == "No such file or directory"
                    && error.fix.contains("Create the directory \(scratch.file("no-such-directory")) first")
            }
            #expect {
                _ = try AuditLogWriter(path: scratch.path) { _ in }
            } throws: { error in
                (error as? AuditLogError)?.fix.contains("The path is a directory") == true
            }
        }
    }

    @Test("any text sink takes the lines; its first error is reported once and the stream goes on")
    func textSink() throws {
        let received = Mutex<String>("")
        let failing = Mutex(false)
        struct Refused: Error, CustomStringConvertible {
            var description: String { "the pipe is closed" }
        }
        let failures = ReportedFailures()
        let writer = AuditLogWriter(
            write: { line in
                if failing.withLock({ $0 }) { throw Refused() }
                received.withLock { $0 += line }
            }, onFailure: failures.append)
        writer.record(Fixtures.health(.state(.connected)))
        writer.record(
            .event(IntakeFixtures.envelope(topic: IntakeFixtures.queueTopic(IntakeFixtures.queueA), body: "{}")))
        failing.withLock { $0 = true }
        writer.record(Fixtures.health(.state(.rotating)))
        writer.record(Fixtures.health(.state(.rotated)))
        failing.withLock { $0 = false }
        writer.record(.health(Fixtures.health(.state(.stopped))))

        let lines = received.withLock { $0 }.split(separator: "\n").map(String.init)
        #expect(try lines.map { try AuditRecord(jsonLine: $0).event } == [.channelConnected, .channelStopped])
        #expect(
            failures.all.map(\.description) == [
                "audit log: the pipe is closed. Records are lost until the sink accepts them again."
            ])
        #expect(writer.linesLost == 2 && writer.linesWritten == 2)
    }

    @Test("a flood of malformed frames costs a line a minute per slot and kind, each with the running count")
    func malformedFramesThrottled() throws {
        let received = Mutex<[String]>([])
        let writer = AuditLogWriter(write: { line in received.withLock { $0.append(line) } }) { _ in }
        func malformed(_ kind: MalformedFrame, count: Int, slot: Int = 0, after seconds: Double) -> HealthEvent {
            HealthEvent(
                slot: slot, channel: nil, at: Fixtures.at.addingTimeInterval(seconds),
                kind: .malformedFrame(kind, count: count))
        }
        for count in 1...1_000 { writer.record(malformed(.notJSON, count: count, after: Double(count) / 100)) }
        writer.record(malformed(.binary, count: 1, after: 5))
        writer.record(malformed(.notJSON, count: 1, slot: 1, after: 5))
        writer.record(Fixtures.health(.state(.connected)))
        writer.record(malformed(.notJSON, count: 1_001, after: 61))

        let records = try received.withLock { $0 }.map { try AuditRecord(jsonLine: $0) }
        #expect(
            records.map(\.event) == [
                .framesMalformed, .framesMalformed, .framesMalformed, .channelConnected, .framesMalformed,
            ])
        #expect(records.map(\.frameCount) == [1, 1, 1, nil, 1_001])
        #expect(records.map(\.frameKind) == ["not JSON", "binary frame", "not JSON", nil, "not JSON"])
        #expect(writer.linesHeldBack == 999)
        #expect(writer.linesWritten == 5)
    }
}
