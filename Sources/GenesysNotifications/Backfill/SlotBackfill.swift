import Foundation
import GenesysCloud
import Logging
import Synchronization

/// The IO shell of backfill for one channel slot: everything its ``ChannelSession`` outputs goes
/// through ``receive(_:)``, where a ``BackfillGate`` decides what is delivered now and what is
/// held; ``run()`` fetches the snapshots the gate asks for, with bounded retries.
///
/// A pass starts when the slot's channel first connects (if backfill at start-up is on) and
/// when a gap is reported. Each request's records, then the events of its topics held while it
/// was in flight, are delivered under one lock, so no live event of those topics slips between
/// them; the report follows the last request. The start-up pass holds all its topics from the
/// moment the slot is created until its first request is sent, so even an event the new socket
/// delivers before its connection is reported goes out in order with the snapshot.
final class SlotBackfill: Sendable {
    struct State {
        var gate: BackfillGate
        var topics: [Topic]
        var connectedBefore = false
        /// The start-up pass, holding its topics until the first connection starts it.
        var startup: BackfillGate.Pass?
        /// The slot's channel, shortened, as its health events name it.
        var channel: String?
    }

    let slot: Int
    private let source: any BackfillSource
    private let configuration: BackfillConfiguration
    private let logger: Logger
    private let output: @Sendable (NotificationEvent) -> Void
    private let state: Mutex<State>
    private let passes: AsyncStream<BackfillGate.Pass>
    private let passInbox: AsyncStream<BackfillGate.Pass>.Continuation
    private let random: @Sendable () -> Double
    private let sleep: @Sendable (Duration) async throws -> Void

    init(
        slot: Int, topics: [Topic], source: any BackfillSource, configuration: BackfillConfiguration, logger: Logger,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        output: @escaping @Sendable (NotificationEvent) -> Void
    ) {
        self.slot = slot
        self.source = source
        self.configuration = configuration
        self.logger = logger
        self.random = random
        self.sleep = sleep
        self.output = output
        var initial = State(
            gate: BackfillGate(
                maximumHeld: configuration.maximumHeldEvents, maximumRestarts: configuration.maximumRestarts),
            topics: topics)
        if configuration.enabled, configuration.atStartup {
            initial.startup = initial.gate.request(.startup, topics: topics)
        }
        self.state = Mutex(initial)
        (passes, passInbox) = AsyncStream.makeStream(of: BackfillGate.Pass.self)
    }

    /// The topics the slot carries now (a start-up pass re-seeds these).
    func setTopics(_ topics: [Topic]) {
        state.withLock { state in
            state.topics = topics
            guard state.startup != nil else { return }
            // Not connected yet: the start-up pass re-seeds the new topics instead.
            for envelope in state.gate.abandon() { output(.event(envelope)) }
            state.startup = state.gate.request(.startup, topics: topics)
        }
    }

    /// An event or health change of the slot's session, in the order the session produced it.
    func receive(_ event: NotificationEvent) {
        state.withLock { state in
            switch event {
            case .event(let envelope):
                switch state.gate.live(envelope) {
                case .deliver:
                    output(event)
                case .hold:
                    break
                case .overflow(let flushed, let restart):
                    for envelope in flushed { output(.event(envelope)) }
                    logger.warning(
                        "backfill hold buffer full: held events delivered",
                        metadata: [
                            "slot": "\(slot)", "held": "\(flushed.count)",
                            "next": "\(restart == nil ? "giving up" : "starting over")",
                        ])
                    if let restart { passInbox.yield(restart) }
                }
            case .health(let health):
                if let channel = health.channel { state.channel = channel }
                output(event)
                switch health.kind {
                case .state(.connected) where !state.connectedBefore:
                    state.connectedBefore = true
                    if let startup = state.startup { passInbox.yield(startup) }
                    state.startup = nil
                case .gap(let gap) where configuration.enabled:
                    if let pass = state.gate.request(.gap(gap), topics: gap.topics) { passInbox.yield(pass) }
                default:
                    break
                }
            }
        }
    }

    /// Runs passes until the task is cancelled; then delivers whatever is still held.
    func run() async {
        for await pass in passes {
            await execute(pass)
        }
        state.withLock { state in
            for envelope in state.gate.abandon() { output(.event(envelope)) }
        }
    }

    // MARK: - A pass

    private func execute(_ pass: BackfillGate.Pass) async {
        let started = ContinuousClock.now
        let plan = BackfillPlan(
            topics: pass.topics, usersPerRequest: configuration.usersPerRequest,
            queuesPerQuery: configuration.queuesPerQuery)
        var records: [NotificationEnvelope] = []
        var failed: [Topic] = []
        var discarded: [Topic] = []
        var failures: [BackfillFailure] = []
        var released = 0
        for request in plan.requests {
            // Only this request's topics are held while it is in flight; the rest flow.
            let narrowed = ifStillOn(pass) { state in
                let flowing = state.gate.narrow(to: plan.topics(of: request))
                released += flowing.count
                for envelope in flowing { output(.event(envelope)) }
            }
            switch narrowed {
            case .replaced: return
            case .gaveUp:
                discarded += plan.topics(of: request)
                continue
            case .proceed: break
            }
            switch await fetch(request, plan: plan, pass: pass, failures: &failures) {
            case .records(let answer):
                // Out at once, ahead of the events held meanwhile; discarded when the hold
                // overflowed while it was fetched (it could be older than what went out).
                let delivered = ifStillOn(pass) { _ in
                    for record in answer { output(.event(record)) }
                }
                switch delivered {
                case .replaced: return
                case .gaveUp: discarded += plan.topics(of: request)
                case .proceed: records += answer
                }
            case .failed: failed += plan.topics(of: request)
            case .abandoned: return
            }
        }
        // Stopping: the held events go out as `run` ends; a report would describe a pass that no
        // longer matters.
        guard !Task.isCancelled else { return }
        let report: BackfillReport? = state.withLock { state in
            guard let completion = state.gate.complete(pass.id) else { return nil }
            for envelope in completion.release { output(.event(envelope)) }
            let report = makeReport(
                pass, plan: plan, records: records, failed: failed, discarded: discarded,
                gaveUp: !completion.emitRecords, failures: failures,
                released: released + completion.release.count, duration: .now - started)
            output(.health(HealthEvent(slot: slot, channel: state.channel, at: Date(), kind: .backfilled(report))))
            if let next = completion.next { passInbox.yield(next) }
            return report
        }
        if let report {
            logger.info(
                "backfilled",
                metadata: [
                    "slot": "\(slot)", "reason": "\(report.reason)", "records": "\(report.records)",
                    "topics": "\(report.backfilled.count)", "failed": "\(report.failed.count)",
                    "notBackfillable": "\(report.notBackfillable.count)",
                ])
        }
    }

    /// Runs `step` under the lock if `pass` is still in flight and has not given up.
    private func ifStillOn(_ pass: BackfillGate.Pass, _ step: (inout State) -> Void) -> Step {
        state.withLock { state in
            guard state.gate.isCurrent(pass.id) else { return .replaced }
            guard state.gate.emitsRecords else { return .gaveUp }
            step(&state)
            return .proceed
        }
    }

    /// Whether a pass goes on with its next step.
    private enum Step {
        case proceed
        /// A restart replaced the pass.
        case replaced
        /// The pass gave up after its hold overflowed too often.
        case gaveUp
    }

    private enum Fetched {
        case records([NotificationEnvelope])
        case failed
        /// Stopping, or the pass was replaced by a restart.
        case abandoned
    }

    private func fetch(
        _ request: BackfillPlan.Request, plan: BackfillPlan, pass: BackfillGate.Pass,
        failures: inout [BackfillFailure]
    ) async -> Fetched {
        var attempt = 1
        while true {
            do {
                switch request {
                case .users(let ids):
                    let users = try await source.backfillUsers(ids: ids)
                    return .records(BackfillRecords.users(users, plan: plan, context: context(pass)))
                case .queueObservations(let ids):
                    let response = try await source.backfillQueueObservations(
                        queueIds: ids, metrics: configuration.observationMetrics)
                    return .records(BackfillRecords.observations(response, plan: plan, context: context(pass)))
                }
            } catch {
                if Task.isCancelled || error is CancellationError || !isCurrent(pass) { return .abandoned }
                let maximum = max(1, configuration.maximumAttempts)
                let wait =
                    attempt < maximum && Self.isWorthRetrying(error)
                    ? configuration.retryDelay(afterAttempt: attempt, unitRandom: random()) : nil
                let failure = BackfillFailure(
                    request: request.description, topics: plan.topics(of: request).count,
                    cause: String(describing: error), attempt: attempt, maximumAttempts: maximum, retryIn: wait)
                failures.append(failure)
                logger.warning("backfill request failed", metadata: ["slot": "\(slot)", "failure": "\(failure)"])
                state.withLock { state in
                    output(
                        .health(
                            HealthEvent(slot: slot, channel: state.channel, at: Date(), kind: .backfillFailed(failure)))
                    )
                }
                guard let wait else { return .failed }
                do { try await sleep(wait) } catch { return .abandoned }
                attempt += 1
            }
        }
    }

    private func context(_ pass: BackfillGate.Pass) -> BackfillContext {
        BackfillContext(slot: slot, reason: pass.reason, snapshotAt: Date())
    }

    private func isCurrent(_ pass: BackfillGate.Pass) -> Bool {
        state.withLock { $0.gate.isCurrent(pass.id) }
    }

    private func makeReport(
        _ pass: BackfillGate.Pass, plan: BackfillPlan, records: [NotificationEnvelope], failed: [Topic],
        discarded: [Topic], gaveUp: Bool, failures: [BackfillFailure], released: Int, duration: Duration
    ) -> BackfillReport {
        var failures = failures
        if gaveUp {
            // The hold buffer filled too often: snapshots from then on could be older than events
            // already delivered, so they were discarded.
            failures.append(
                BackfillFailure(
                    request: "hold", topics: discarded.count,
                    cause:
                        "more than \(configuration.maximumHeldEvents) live events arrived while a snapshot was fetched, "
                        + "\(pass.restarts + 1) time(s); the snapshot was discarded. Raise maximumHeldEvents to "
                        + "backfill topics this busy.",
                    attempt: pass.restarts + 1, maximumAttempts: configuration.maximumRestarts + 1, retryIn: nil))
        }
        let covered = Set(records.map { $0.topicName.lowercased() })
        let unanswered = Set((failed + discarded).map(\.key))
        let answered = plan.backfillable.filter { !unanswered.contains($0.key) }
        return BackfillReport(
            reason: pass.reason, backfilled: answered.filter { covered.contains($0.key) },
            withoutData: answered.filter { !covered.contains($0.key) }, notBackfillable: plan.notBackfillable,
            failed: failed + discarded, records: records.count, releasedEvents: released, duration: duration,
            failures: failures, restarts: pass.restarts)
    }

    /// Failures retrying cannot fix (a bad request, a missing permission, an unknown object)
    /// are reported at once; anything else is tried again.
    static func isWorthRetrying(_ error: any Error) -> Bool {
        switch error as? GenesysCloudError {
        case .requestFailed(_, let status, _): status == 408 || status == 409 || status >= 500
        case .malformedResponse: false
        default: true
        }
    }
}
