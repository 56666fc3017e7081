import Foundation
import GenesysCloud
import GenesysEmulator
import GenesysNotifications
import Synchronization
import Testing

/// Everything a notification client received, for assertions.
final class Received: Sendable {
    private let state = Mutex<(envelopes: [NotificationEnvelope], health: [HealthEvent])>(([], []))

    func record(_ event: NotificationEvent) {
        state.withLock {
            switch event {
            case .event(let envelope): $0.envelopes.append(envelope)
            case .health(let health): $0.health.append(health)
            }
        }
    }

    /// Live events, in stream order.
    var events: [NotificationEnvelope] { envelopes.filter { !$0.isBackfill } }
    /// Backfill records, in stream order.
    var backfill: [NotificationEnvelope] { envelopes.filter(\.isBackfill) }
    /// Live events and backfill records, in stream order.
    var envelopes: [NotificationEnvelope] { state.withLock { $0.envelopes } }
    var health: [HealthEvent] { state.withLock { $0.health } }
    var reports: [BackfillReport] {
        health.compactMap { if case .backfilled(let report) = $0.kind { report } else { nil } }
    }
    var backfillFailures: [BackfillFailure] {
        health.compactMap { if case .backfillFailed(let failure) = $0.kind { failure } else { nil } }
    }

    var changes: [HealthChange] {
        health.compactMap { if case .state(let change) = $0.kind { change } else { nil } }
    }
    var gaps: [Gap] { health.compactMap { if case .gap(let gap) = $0.kind { gap } else { nil } } }

    func count(_ change: HealthChange) -> Int { changes.filter { $0 == change }.count }

    /// Waits until `condition` holds, checking every 10 ms, for at most `timeout`: generous, since
    /// it only bounds how long a failure takes to show, and the whole test run shares two cores.
    func wait(
        for timeout: Duration = .seconds(15), _ what: String, until condition: (Received) -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition(self) {
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out after \(timeout) waiting for \(what); health: \(health.map(\.description))")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}

/// An emulator with short heartbeats, and a NotificationClient with short timers streaming from it.
struct StreamingHarness: Sendable {
    let core: EmulatorCore
    let api: GenesysCloudClient
    let client: NotificationClient
    let received: Received
    let organization: Organization

    static let session = SessionConfiguration(
        heartbeatTimeout: .milliseconds(1_500), pongTimeout: .milliseconds(300), connectTimeout: .seconds(2),
        rotationTimeout: .seconds(2), renewalMargin: .seconds(3_600), reconnectBaseDelay: .milliseconds(50),
        reconnectMaxDelay: .milliseconds(400), tickInterval: .milliseconds(20))

    static func emulatorConfiguration(agents: Int = 20, queues: Int = 3) -> EmulatorConfiguration {
        var configuration = EmulatorConfiguration(organization: .init(agents: agents, queues: queues, seed: 11))
        configuration.heartbeatInterval = .milliseconds(150)
        // Long enough for a replacement socket to connect on a loaded machine.
        configuration.socketClosingGrace = .milliseconds(1_500)
        return configuration
    }

    /// Runs `body` with a connected client streaming `topics(organization)`.
    static func run(
        _ emulator: EmulatorConfiguration = emulatorConfiguration(),
        session: SessionConfiguration = session,
        clock: any EmulatorClock = SystemEmulatorClock(),
        maximumFrameSize: Int = 1 << 20,
        backfill: BackfillConfiguration = BackfillConfiguration(),
        restRetry: RetryPolicy = RetryPolicy(
            maxAttempts: 4, baseDelay: .milliseconds(20), maxDelay: .milliseconds(200)),
        topics: @Sendable (Organization) -> [Topic],
        _ body: @Sendable (StreamingHarness) async throws -> Void
    ) async throws {
        let core = EmulatorCore(configuration: emulator, clock: clock)
        try await EmulatorServer.withRunning(core: core) { address in
            let api = GenesysCloudClient(
                configuration: .init(
                    endpoints: try PlatformEndpoints(apiURL: address.baseURL),
                    credentials: try ClientCredentials(
                        clientId: emulator.clientId, clientSecret: emulator.clientSecret),
                    requestTimeout: .seconds(5),
                    retry: restRetry))
            let organization = await core.organization
            let client = NotificationClient(
                api: api, topics: topics(organization),
                configuration: .init(session: session, maximumFrameSize: maximumFrameSize, backfill: backfill))
            let received = Received()
            let harness = StreamingHarness(
                core: core, api: api, client: client, received: received, organization: organization)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await client.run() }
                group.addTask {
                    for await event in client.events { received.record(event) }
                }
                try await received.wait("the first connection") { $0.count(.connected) >= 1 }
                // Faults injected for `.all` reach the sockets the emulator holds at that moment,
                // which can lag the client's report: start the test once it holds one.
                _ = try await harness.connectedChannels()
                try await body(harness)
                client.shutdown()
                try await group.waitForAll()
            }
        }
    }

    /// The emulator's connected channels once `condition` holds (by default: any). The client
    /// reports a connection when its handshake completes, a moment before the emulator has
    /// registered the socket, so tests ask the emulator and wait rather than read it at once.
    func connectedChannels(
        for timeout: Duration = .seconds(5), until condition: ([String]) -> Bool = { !$0.isEmpty }
    ) async throws -> [String] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let channels = await core.connectedChannelIds()
            if condition(channels) { return channels }
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out after \(timeout) waiting for the emulator's connected channels: \(channels)")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Waits until every event queued on a live channel's socket has been written, and every
    /// written event has arrived. Events queued on a channel that has since gone (evicted,
    /// expired) can never be written and are not waited for.
    func drained() async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while true {
            let live = Set(await core.connectedChannelIds())
            let log = await core.publishedLog()
            let pending = log.contains { event in
                event.queuedFor.contains { live.contains($0) && !event.writtenTo.contains($0) }
            }
            if !pending {
                let written = Set(log.filter { !$0.writtenTo.isEmpty }.map(\.correlationId))
                try await received.wait(for: .seconds(20), "every written event") {
                    Set($0.events.compactMap(\.correlationId)).isSuperset(of: written)
                }
                return
            }
            guard ContinuousClock.now < deadline else {
                Issue.record("events queued on a live channel's socket were never written")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Runs the simulation one simulated second at a time until two quiet seconds in a row: no
    /// queue observation is then held back by the once-a-second cadence, so the last one of each
    /// queue is the current state. False when ten simulated minutes never went quiet.
    @discardableResult
    func settleSimulation() async -> Bool {
        var quiet = 0
        for _ in 0..<600 where quiet < 2 {
            quiet = await core.advanceSimulation(by: .seconds(1)) == 0 ? quiet + 1 : 0
        }
        return quiet == 2
    }

    /// Publishes `count` presence events round-robin over `topics`, `spacing` apart.
    func publish(_ count: Int, on topics: [Topic], spacing: Duration = .milliseconds(2)) async throws {
        for index in 0..<count {
            let topic = topics[index % topics.count]
            _ = await core.publish(
                topic: topic.name,
                eventBody: [
                    "source": "PURECLOUD", "primary": true, "message": .string("event \(index)"),
                    "presenceDefinition": [
                        "id": "6a3af858-942f-489d-9700-5f9bcdcdae9b", "systemPresence": "AVAILABLE",
                    ],
                ])
            try await Task.sleep(for: spacing)
        }
    }

    /// Asserts the exactly-once contract: every event the emulator wrote to a socket of a channel
    /// arrived exactly once, and nothing arrived that was never written.
    func expectExactlyOnce(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let log = await core.publishedLog()
        let written = Set(log.filter { !$0.writtenTo.isEmpty }.map(\.correlationId))
        try await received.wait("every written event") { received in
            Set(received.events.compactMap(\.correlationId)).isSuperset(of: written)
        }
        let ids = received.events.compactMap(\.correlationId)
        var seen = Set<String>()
        let duplicates = ids.filter { !seen.insert($0).inserted }
        #expect(duplicates.isEmpty, "delivered more than once: \(duplicates.prefix(5))", sourceLocation: sourceLocation)
        let published = Set(log.map(\.correlationId))
        #expect(seen.isSubset(of: published), "received events never published", sourceLocation: sourceLocation)
        #expect(seen.isSuperset(of: written), sourceLocation: sourceLocation)
    }
}

extension Organization {
    var presenceTopics: [Topic] {
        agents.compactMap { UUID(uuidString: $0.id).map(Topic.userPresence) }
    }
}
