import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The durable outbox against a real `kill -9`: a child process (`switchboard-outbox-probe`,
/// built with the tests) offers and delivers, is killed mid-way, and a second run drains it.
@Suite("Outbox survives kill -9")
struct OutboxKillTests {
    @Test("every delivery durably offered before a SIGKILL is delivered at least once after a restart")
    func killedProcessLosesNothing() async throws {
        let probe = try #require(
            Self.probePath(),
            """
            switchboard-outbox-probe not found next to the test bundle or in .build/debug; \
            build it with `swift build --build-tests` (swift test builds it too)
            """)
        try await withTemporaryDirectory { directory in
            let outbox = directory + "/outbox.sqlite"
            let delivered = directory + "/delivered.txt"
            let offered = directory + "/offered.txt"
            #expect(FileManager.default.createFile(atPath: offered, contents: nil))

            let first = Process()
            first.executableURL = URL(fileURLWithPath: probe)
            first.arguments = [outbox, delivered, "offer", "5000"]
            first.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: offered))
            try first.run()
            let started = await Self.wait(seconds: 60) {
                Self.lines(offered).count >= 40 && Self.lines(delivered).count >= 10
            }
            kill(first.processIdentifier, SIGKILL)
            _ = await Self.wait(seconds: 10) { !first.isRunning }
            try #require(started, "the probe neither offered 40 nor delivered 10 deliveries within 60 s")
            #expect(first.terminationReason == .uncaughtSignal && first.terminationStatus == SIGKILL)

            let offeredKeys = Self.lines(offered).map { String($0.dropFirst("offered ".count)) }
            let deliveredBeforeKill = Set(Self.lines(delivered))
            // The kill landed while deliveries were pending, or the test proves nothing.
            #expect(!Set(offeredKeys).isSubset(of: deliveredBeforeKill))

            let drain = Process()
            drain.executableURL = URL(fileURLWithPath: probe)
            drain.arguments = [outbox, delivered, "drain"]
            try drain.run()
            let drained = await Self.wait(seconds: 60) { !drain.isRunning }
            if !drained { drain.terminate() }
            try #require(drained, "the draining probe did not finish within 60 s")
            #expect(drain.terminationStatus == 0)

            let deliveredKeys = Set(Self.lines(delivered))
            let missing = offeredKeys.filter { !deliveredKeys.contains($0) }
            #expect(missing.isEmpty, "offered but never delivered: \(missing.prefix(20))")
        }
    }

    /// The probe next to the test bundle (SwiftPM puts every product of a build in one
    /// directory), else in this package's `.build/debug`.
    static func probePath() -> String? {
        let name = "switchboard-outbox-probe"
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent(name),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent(name),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name),
            packageRoot.appendingPathComponent(".build/debug/\(name)"),
        ]
        return candidates.map(\.path).first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The complete lines of `path` (a line being written is left out), none if it is absent.
    static func lines(_ path: String) -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n", omittingEmptySubsequences: true).dropLast(text.hasSuffix("\n") ? 0 : 1)
            .map(String.init)
    }

    /// Polls `condition` until it holds (true) or `seconds` pass (false): the child is a real
    /// process, so there is no clock to advance.
    static func wait(seconds: Double, until condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }
}
