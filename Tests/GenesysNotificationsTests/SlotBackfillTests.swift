import Foundation
import GenesysCloud
import Logging
import Synchronization
import Testing

@testable import GenesysNotifications

/// A REST stand-in: answers users from a table, can fail a scripted number of calls, and can
/// hold every call until released, so tests see a pass in flight.
final class FakeBackfillSource: BackfillSource {
    struct State {
        var users: [String: User] = [:]
        var observations: QueueObservationQueryResponse?
        var errors: [any Error] = []
        var calls: [String] = []
        var released: Bool
        var waiting: [CheckedContinuation<Void, Never>] = []
    }
    private let state: Mutex<State>

    init(users: [User] = [], latched: Bool = false, errors: [any Error] = []) {
        var initial = State(released: !latched)
        for user in users { initial.users[user.id] = user }
        initial.errors = errors
        state = Mutex(initial)
    }

    var calls: [String] { state.withLock { $0.calls } }

    func setObservations(_ response: QueueObservationQueryResponse) { state.withLock { $0.observations = response } }

    /// Lets every held call, and every later one, through.
    func release() {
        let waiting = state.withLock { state in
            state.released = true
            defer { state.waiting = [] }
            return state.waiting
        }
        for continuation in waiting { continuation.resume() }
    }

    /// Calls waiting to be let through.
    var waitingCalls: Int { state.withLock { $0.waiting.count } }

    /// Lets the oldest waiting call through; later calls still wait.
    func releaseOne() {
        let next = state.withLock { state in state.waiting.isEmpty ? nil : state.waiting.removeFirst() }
        next?.resume()
    }

    /// Waits until released; like a real REST call, a cancelled task gets `CancellationError`.
    private func answer(_ call: String) async throws {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let go = state.withLock { state in
                    if state.released { return true }
                    state.waiting.append(continuation)
                    return false
                }
                if go { continuation.resume() }
            }
        } onCancel: {
            release()
        }
        try Task.checkCancellation()
        let error: (any Error)? = state.withLock { state in
            state.calls.append(call)
            return state.errors.isEmpty ? nil : state.errors.removeFirst()
        }
        if let error { throw error }
    }

    func backfillUsers(ids: [String]) async throws -> [User] {
        try await answer("users \(ids.count)")
        return state.withLock { state in ids.compactMap { state.users[$0] } }
    }

    func backfillQueueObservations(queueIds: [String], metrics: [String]) async throws
        -> QueueObservationQueryResponse
    {
        try await answer("observations \(queueIds.count)")
        if let observations = state.withLock({ $0.observations }) { return observations }
        return try GenesysJSON.decoder().decode(QueueObservationQueryResponse.self, from: Data("{}".utf8))
    }
}

/// What a slot's backfill delivered, in order.
final class Delivered: Sendable {
    private let events = Mutex<[NotificationEvent]>([])

    func record(_ event: NotificationEvent) { events.withLock { $0.append(event) } }

    var all: [NotificationEvent] { events.withLock { $0 } }

    /// `live:<correlation id>`, `backfill:<topic>`, `health:<kind>` for each delivery.
    var story: [String] {
        all.map { event in
            switch event {
            case .event(let envelope):
                envelope.isBackfill ? "backfill:\(envelope.topicName)" : "live:\(envelope.correlationId ?? "")"
            case .health(let health):
                switch health.kind {
                case .state(let change): "health:\(change)"
                case .backfilled: "health:backfilled"
                case .backfillFailed: "health:backfillFailed"
                default: "health:other"
                }
            }
        }
    }

    var reports: [BackfillReport] {
        all.compactMap { if case .health(let h) = $0, case .backfilled(let r) = h.kind { r } else { nil } }
    }
    var failures: [BackfillFailure] {
        all.compactMap { if case .health(let h) = $0, case .backfillFailed(let f) = h.kind { f } else { nil } }
    }

    func wait(_ what: String, until condition: (Delivered) -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while !condition(self) {
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out waiting for \(what); delivered: \(story)")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(2))
        }
    }
}

/// The waits a backfill asked for; it is never made to wait.
final class SleepLog: Sendable {
    private let log = Mutex<[Duration]>([])
    func record(_ duration: Duration) { log.withLock { $0.append(duration) } }
    var durations: [Duration] { log.withLock { $0 } }
}

@Suite("Slot backfill")
struct SlotBackfillTests {
    typealias T = BackfillTestSupport
    static let presence = T.presence(T.alice)
    static let summary = T.conversationSummary(T.alice)

    static func health(_ kind: HealthEvent.Kind) -> NotificationEvent {
        .health(HealthEvent(slot: 0, channel: "stre…ab12", at: Date(), kind: kind))
    }

    /// Runs a slot backfill over `topics` while `body` drives it; stops it afterwards.
    static func run(
        topics: [Topic], source: FakeBackfillSource,
        configuration: BackfillConfiguration = BackfillConfiguration(retryBaseDelay: .seconds(1)),
        sleeps: SleepLog? = nil,
        _ body: @Sendable (SlotBackfill, Delivered) async throws -> Void
    ) async throws -> Delivered {
        let delivered = Delivered()
        let backfill = SlotBackfill(
            slot: 0, topics: topics, source: source, configuration: configuration, logger: Logger(label: "test"),
            random: { 0.5 }, sleep: { duration in sleeps?.record(duration) },
            output: delivered.record)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await backfill.run() }
            try await body(backfill, delivered)
            group.cancelAll()
        }
        return delivered
    }

    @Test("start-up: the snapshot comes first, then the live events held meanwhile, then the report")
    func startupOrdering() async throws {
        let source = FakeBackfillSource(users: [try T.user(T.alice)], latched: true)
        let delivered = try await Self.run(topics: [Self.presence, Self.summary], source: source) {
            backfill, delivered in
            backfill.receive(Self.health(.state(.connected)))
            backfill.receive(.event(T.live(Self.presence, "held")))
            backfill.receive(.event(T.live(Self.summary, "not held")))
            source.release()
            try await delivered.wait("the report") { !$0.reports.isEmpty }
            backfill.receive(.event(T.live(Self.presence, "after")))
        }
        #expect(
            delivered.story == [
                "health:connected", "live:not held", "backfill:\(Self.presence.name)", "live:held", "health:backfilled",
                "live:after",
            ])
        let report = try #require(delivered.reports.first)
        #expect(report.reason == .startup)
        #expect(report.backfilled == [Self.presence])
        #expect(report.notBackfillable == [Self.summary])
        #expect(report.records == 1)
        #expect(report.releasedEvents == 1)
        #expect(report.isComplete)
        #expect(String(describing: report).contains("have no REST snapshot and were not backfilled"))
    }

    @Test("start-up holds from the start: an event the new socket delivers before the connection is reported waits")
    func startupHoldsEarly() async throws {
        let source = FakeBackfillSource(users: [try T.user(T.alice)])
        let delivered = try await Self.run(topics: [Self.presence], source: source) { backfill, delivered in
            backfill.receive(.event(T.live(Self.presence, "early")))
            backfill.receive(Self.health(.state(.connected)))
            try await delivered.wait("the report") { !$0.reports.isEmpty }
        }
        #expect(
            delivered.story == [
                "health:connected", "backfill:\(Self.presence.name)", "live:early", "health:backfilled",
            ])
    }

    @Test("topics changed before the first connection: the start-up pass re-seeds the new ones")
    func startupFollowsTopics() async throws {
        let bob = T.presence(T.bob)
        let source = FakeBackfillSource(users: [try T.user(T.alice), try T.user(T.bob)])
        let delivered = try await Self.run(topics: [Self.presence], source: source) { backfill, delivered in
            backfill.receive(.event(T.live(Self.presence, "early")))
            backfill.setTopics([bob])
            backfill.receive(Self.health(.state(.connected)))
            try await delivered.wait("the report") { !$0.reports.isEmpty }
        }
        #expect(delivered.story == ["live:early", "health:connected", "backfill:\(bob.name)", "health:backfilled"])
        #expect(delivered.reports.first?.backfilled == [bob])
    }

    @Test("only the first connection is start-up; a reconnect backfills on its gap report")
    func gapPass() async throws {
        let source = FakeBackfillSource(users: [try T.user(T.alice)])
        let gap = Gap(
            start: Date(timeIntervalSince1970: 1), end: Date(timeIntervalSince1970: 2), topics: [Self.presence])
        let delivered = try await Self.run(topics: [Self.presence], source: source) { backfill, delivered in
            backfill.receive(Self.health(.state(.connected)))
            try await delivered.wait("the start-up report") { $0.reports.count == 1 }
            backfill.receive(Self.health(.state(.connected)))
            backfill.receive(Self.health(.gap(gap)))
            try await delivered.wait("the gap report") { $0.reports.count == 2 }
        }
        #expect(delivered.reports.map(\.reason) == [.startup, .gap(gap)])
        #expect(source.calls == ["users 1", "users 1"])
        let records = delivered.all.compactMap { if case .event(let e) = $0 { e.backfill } else { nil } }
        #expect(records.map(\.reason) == [.startup, .gap(gap)])
    }

    @Test("with start-up backfill off, only gaps are backfilled")
    func startupOff() async throws {
        let source = FakeBackfillSource(users: [try T.user(T.alice)])
        let gap = Gap(start: Date(), end: Date(), topics: [Self.presence])
        let delivered = try await Self.run(
            topics: [Self.presence], source: source, configuration: BackfillConfiguration(atStartup: false)
        ) { backfill, delivered in
            backfill.receive(Self.health(.state(.connected)))
            backfill.receive(.event(T.live(Self.presence, "live")))
            backfill.receive(Self.health(.gap(gap)))
            try await delivered.wait("the gap report") { !$0.reports.isEmpty }
        }
        #expect(delivered.reports.map(\.reason) == [.gap(gap)])
        #expect(delivered.story.prefix(2) == ["health:connected", "live:live"])
    }

    @Test("a failing call is reported with its cause and retried with back-off, then succeeds")
    func retriesThenSucceeds() async throws {
        let unavailable = GenesysCloudError.serverUnavailable(request: "GET /api/v2/users", status: 503, attempts: 5)
        let source = FakeBackfillSource(users: [try T.user(T.alice)], errors: [unavailable, unavailable])
        let sleeps = SleepLog()
        let delivered = try await Self.run(topics: [Self.presence], source: source, sleeps: sleeps) {
            backfill, delivered in
            backfill.receive(Self.health(.state(.connected)))
            try await delivered.wait("the report") { !$0.reports.isEmpty }
        }
        #expect(delivered.failures.map(\.attempt) == [1, 2])
        #expect(delivered.failures.allSatisfy { $0.retryIn != nil && $0.cause.contains("HTTP 503") })
        // full jitter at one half of 1 s, then of 2 s
        #expect(sleeps.durations == [.milliseconds(500), .seconds(1)])
        let report = try #require(delivered.reports.first)
        #expect(report.failures.count == 2)
        #expect(report.failed.isEmpty)
        #expect(report.backfilled == [Self.presence])
        #expect(delivered.story.last == "health:backfilled")
    }

    @Test("when the attempts run out, the topics are reported failed and held events still flow")
    func attemptsRunOut() async throws {
        let timeout = GenesysCloudError.timedOut(request: "GET /api/v2/users", after: .seconds(15), attempts: 5)
        let source = FakeBackfillSource(users: [try T.user(T.alice)], errors: [timeout, timeout, timeout])
        let delivered = try await Self.run(topics: [Self.presence], source: source) { backfill, delivered in
            backfill.receive(Self.health(.state(.connected)))
            backfill.receive(.event(T.live(Self.presence, "held")))
            try await delivered.wait("the report") { !$0.reports.isEmpty }
            backfill.receive(.event(T.live(Self.presence, "after")))
        }
        #expect(delivered.failures.map(\.attempt) == [1, 2, 3])
        #expect(delivered.failures.last?.retryIn == nil)
        let report = try #require(delivered.reports.first)
        #expect(report.failed == [Self.presence])
        #expect(!report.isComplete)
        #expect(report.records == 0)
        #expect(delivered.story.suffix(3) == ["live:held", "health:backfilled", "live:after"])
    }

    @Test("a failure retrying cannot fix (a missing permission) is reported at once, not retried")
    func permanentFailure() async throws {
        let forbidden = GenesysCloudError.requestFailed(
            request: "POST /api/v2/analytics/queues/observations/query", status: 403, body: nil)
        let source = FakeBackfillSource(users: [try T.user(T.alice)], errors: [forbidden])
        let delivered = try await Self.run(
            topics: [T.observations(T.sales), Self.presence], source: source
        ) { backfill, delivered in
            backfill.receive(Self.health(.state(.connected)))
            try await delivered.wait("the report") { !$0.reports.isEmpty }
        }
        // users first: the 403 lands on the users call
        #expect(delivered.failures.count == 1)
        #expect(delivered.failures.first?.retryIn == nil)
        #expect(delivered.failures.first?.cause.contains("add a role") == true)
        let report = try #require(delivered.reports.first)
        #expect(report.failed == [Self.presence])
        #expect(report.withoutData == [T.observations(T.sales)])
    }

    @Test("observation topics get one record per group of the query's answer")
    func observations() async throws {
        let source = FakeBackfillSource()
        source.setObservations(try T.observationResponse())
        let delivered = try await Self.run(
            topics: [T.observations(T.sales), T.observations(T.support)], source: source
        ) { backfill, delivered in
            backfill.receive(Self.health(.state(.connected)))
            try await delivered.wait("the report") { !$0.reports.isEmpty }
        }
        #expect(source.calls == ["observations 2"])
        let report = try #require(delivered.reports.first)
        #expect(report.records == 3)
        #expect(report.backfilled == [T.observations(T.sales), T.observations(T.support)])
    }

    @Test("stopping mid-pass delivers the events it held")
    func stoppingReleases() async throws {
        let source = FakeBackfillSource(users: [try T.user(T.alice)], latched: true)
        let delivered = Delivered()
        let backfill = SlotBackfill(
            slot: 0, topics: [Self.presence], source: source, configuration: BackfillConfiguration(),
            logger: Logger(label: "test"), output: delivered.record)
        let task = Task { await backfill.run() }
        backfill.receive(Self.health(.state(.connected)))
        backfill.receive(.event(T.live(Self.presence, "held")))
        #expect(delivered.story == ["health:connected"])
        task.cancel()
        await task.value
        #expect(delivered.story.prefix(2) == ["health:connected", "live:held"])
        #expect(delivered.reports.isEmpty)
    }

    @Test("a pass of several requests holds only the topics of the request in flight")
    func holdsPerRequest() async throws {
        let bob = T.presence(T.bob)
        let source = FakeBackfillSource(users: [try T.user(T.alice), try T.user(T.bob)], latched: true)
        let delivered = try await Self.run(
            topics: [Self.presence, bob], source: source, configuration: BackfillConfiguration(usersPerRequest: 1)
        ) { backfill, delivered in
            backfill.receive(.event(T.live(bob, "b0")))
            backfill.receive(Self.health(.state(.connected)))
            try await delivered.wait("alice's request") { _ in source.waitingCalls == 1 }
            backfill.receive(.event(T.live(Self.presence, "a1")))
            backfill.receive(.event(T.live(bob, "b1")))
            source.releaseOne()
            try await delivered.wait("bob's request") { $0.story.contains("live:a1") && source.waitingCalls == 1 }
            backfill.receive(.event(T.live(Self.presence, "a2")))
            backfill.receive(.event(T.live(bob, "b2")))
            source.release()
            try await delivered.wait("the report") { !$0.reports.isEmpty }
        }
        #expect(
            delivered.story == [
                "health:connected", "live:b0", "live:b1", "backfill:\(Self.presence.name)", "live:a1", "live:a2",
                "backfill:\(bob.name)", "live:b2", "health:backfilled",
            ])
        let report = try #require(delivered.reports.first)
        #expect(report.backfilled == [Self.presence, bob] && report.records == 2 && report.releasedEvents == 3)
    }

    @Test("a full hold buffer delivers the held events and starts the pass over")
    func overflowRestarts() async throws {
        let source = FakeBackfillSource(users: [try T.user(T.alice)], latched: true)
        let configuration = BackfillConfiguration(maximumHeldEvents: 2, maximumRestarts: 1)
        let delivered = try await Self.run(topics: [Self.presence], source: source, configuration: configuration) {
            backfill, delivered in
            backfill.receive(Self.health(.state(.connected)))
            for note in ["a", "b", "c", "d"] { backfill.receive(.event(T.live(Self.presence, note))) }
            source.release()
            try await delivered.wait("the report") { !$0.reports.isEmpty }
        }
        #expect(
            delivered.story == [
                "health:connected", "live:a", "live:b", "live:c", "backfill:\(Self.presence.name)", "live:d",
                "health:backfilled",
            ])
        #expect(delivered.reports.first?.restarts == 1)
    }
}
