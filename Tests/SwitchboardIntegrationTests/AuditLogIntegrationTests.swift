import Foundation
import GenesysCloud
import GenesysEmulator
import GenesysNotifications
import SwitchboardPipeline
import Testing

/// The audit log of a real client run against the emulator through rotation, malformed frames, an
/// abrupt close (a gap and its backfill) and an eviction (a lost channel and a new one).
@Suite("Audit log of a real stream", .serialized)
struct AuditLogIntegrationTests {
    @Test("every health change is one JSON line, and no channel id, token or secret is ever written")
    func auditsARealStream() async throws {
        let directory = NSTemporaryDirectory() + "switchboard-audit-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/audit.jsonl"
        let emulator = StreamingHarness.emulatorConfiguration()

        try await StreamingHarness.run(emulator, topics: { $0.presenceTopics }) { harness in
            let topics = harness.organization.presenceTopics
            var channels = Set(try await harness.connectedChannels())
            let token = try await harness.api.tokens.token().value

            await harness.core.inject(.malformedFrames(.all, count: 3))
            await harness.core.inject(.socketClosing(.all, closeAfter: .milliseconds(300)))
            try await harness.received.wait("the rotation") { $0.count(.rotated) >= 1 }
            await harness.core.inject(.closeAbruptly(.all))
            try await harness.publish(10, on: topics)
            try await harness.received.wait("the backfill after the gap") { received in
                received.reports.contains { if case .gap = $0.reason { true } else { false } }
            }
            channels.formUnion(try await harness.connectedChannels())
            await harness.core.inject(.evict(.all))
            try await harness.received.wait("the replacement channel") { received in
                received.changes.contains { if case .channelLost = $0 { true } else { false } }
                    && received.count(.connected) >= 3
            }
            channels.formUnion(try await harness.connectedChannels { !$0.isEmpty && !channels.isSuperset(of: $0) })

            let writer = try AuditLogWriter(path: path) { Issue.record("audit log failure: \($0)") }
            let health = harness.received.health
            for event in health { writer.record(event) }
            writer.recordShutdown()
            writer.close()

            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
            let records = try lines.map(AuditRecord.init(jsonLine:))
            #expect(records.count == health.count + 1)
            let events = Set(records.map(\.event))
            for expected: AuditEvent in [
                .channelConnected, .channelRotated, .framesMalformed, .gap, .backfill, .channelLost, .shutdown,
            ] {
                #expect(events.contains(expected), "no \(expected.rawValue) in \(events.map(\.rawValue).sorted())")
            }

            // Two channels at least (the evicted one and its replacement), each shortened in the log.
            #expect(channels.count >= 2)
            let text = lines.joined(separator: "\n")
            for channel in channels {
                #expect(!text.contains(channel), "a full channel id reached the audit log")
                #expect(text.contains(channel.redactedIdentifier))
            }
            #expect(!text.contains(token), "the access token reached the audit log")
            #expect(!text.contains(emulator.clientSecret), "the client secret reached the audit log")
        }
    }
}
