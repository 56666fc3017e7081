import Foundation
import Testing

@testable import SwitchboardSinks

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The durable outbox against a real `kill -9`: a child process (`switchboard-outbox-probe`,
/// built with the tests) offers and delivers, is killed mid-way, and a second run drains it.
@Suite("Outbox survives kill -9", .serialized)
struct OutboxKillTests {
    @Test("every delivery durably offered before a SIGKILL is delivered at least once after a restart")
    func killedProcessLosesNothing() async throws {
        try await withTemporaryDirectory { directory in
            let delivered = directory + "/delivered.txt"
            try await Self.killAndDrain(
                directory: directory, sinks: ["--file", delivered],
                deliveredSoFar: { Set(Self.lines(delivered)) })
        }
    }

    @Test(
        "killed mid-stream and restarted, a process delivers every durably offered event to a real web hook and a real Redis",
        .timeLimit(.minutes(3)))
    func killedProcessReachesWebhookAndRedis() async throws {
        try await WebhookTestServer.with { url, recorder in
            try await RedisTestServer.with { server in
                let reader = RedisClient(configuration: server.configuration())
                defer { Task { await reader.close() } }
                try await withTemporaryDirectory { directory in
                    let webhookKeys: @Sendable () async -> Set<String> = {
                        Set(await recorder.requests.flatMap(\.keys))
                    }
                    let redisKeys: @Sendable () async -> Set<String> = {
                        let entries = (try? await reader.send(["XRANGE", "probe:events", "-", "+"]))?.array ?? []
                        return Set(entries.compactMap { $0.array?.last?.array?[1].string })
                    }
                    let offered = try await Self.killAndDrain(
                        directory: directory, sinks: ["--webhook", url, "--redis", String(server.port)],
                        deliveredSoFar: { await webhookKeys().intersection(await redisKeys()) })
                    // Each sink on its own: the web hook and Redis both have every key.
                    let atWebhook = await webhookKeys()
                    let inRedis = await redisKeys()
                    #expect(offered.filter { !atWebhook.contains($0) }.isEmpty)
                    #expect(offered.filter { !inRedis.contains($0) }.isEmpty)
                    // Redis saw each event once, whatever the retries: its markers de-duplicate.
                    let length = try await reader.send(["XLEN", "probe:events"]).int ?? 0
                    #expect(length == inRedis.count)
                    // Every request was signed.
                    #expect(await recorder.requests.allSatisfy { $0.headers["x-switchboard-signature"] != nil })
                }
            }
        }
    }

    /// Runs the probe offering to `sinks`, kills it with SIGKILL once 40 offers are durable and
    /// 10 deliveries made (`deliveredSoFar`), runs it again to drain, and expects every offered
    /// key delivered. Returns the keys offered.
    @discardableResult
    static func killAndDrain(
        directory: String, sinks: [String], deliveredSoFar: @Sendable () async -> Set<String>
    ) async throws -> [String] {
        let probe = try #require(
            Self.probePath(),
            """
            switchboard-outbox-probe not found next to the test bundle or in .build/debug; \
            build it with `swift build --build-tests` (swift test builds it too)
            """)
        let outbox = directory + "/outbox.sqlite"
        let offered = directory + "/offered.txt"
        #expect(FileManager.default.createFile(atPath: offered, contents: nil))

        let first = Process()
        first.executableURL = URL(fileURLWithPath: probe)
        first.arguments = ["--outbox", outbox] + sinks + ["offer", "5000"]
        first.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: offered))
        try first.run()
        var started = false
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline, first.isRunning {
            if Self.lines(offered).count >= 40, await deliveredSoFar().count >= 10 {
                started = true
                break
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
        kill(first.processIdentifier, SIGKILL)
        _ = await Self.wait(seconds: 10) { !first.isRunning }
        try #require(started, "the probe neither offered 40 nor delivered 10 deliveries within 60 s")
        #expect(first.terminationReason == .uncaughtSignal && first.terminationStatus == SIGKILL)

        let offeredKeys = Self.lines(offered).map { String($0.dropFirst("offered ".count)) }
        // The kill landed while deliveries were pending, or the test proves nothing.
        #expect(!Set(offeredKeys).isSubset(of: await deliveredSoFar()))

        let drain = Process()
        drain.executableURL = URL(fileURLWithPath: probe)
        drain.arguments = ["--outbox", outbox] + sinks + ["drain"]
        try drain.run()
        let drained = await Self.wait(seconds: 60) { !drain.isRunning }
        if !drained { kill(drain.processIdentifier, SIGKILL) }
        try #require(drained, "the draining probe did not finish within 60 s")
        #expect(drain.terminationStatus == 0)

        let deliveredKeys = await deliveredSoFar()
        let missing = offeredKeys.filter { !deliveredKeys.contains($0) }
        #expect(missing.isEmpty, "offered but never delivered: \(missing.prefix(20))")
        return offeredKeys
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
