import Foundation

/// A contact centre in motion, as a deterministic discrete-event simulation: customers arrive in
/// each queue (Poisson), wait, are offered to the longest-idle on-queue member, who answers (or
/// lets the alert time out and becomes `NOT_RESPONDING`), may hold or transfer, ends the call and
/// wraps up; customers abandon when their patience runs out; agents step away for breaks, meals
/// and meetings and come back.
///
/// The simulation owns the organisation the REST surface reads, so events and REST answers always
/// describe the same state. It is a pure value: the same seed, profile and sequence of
/// ``step(until:)`` targets give the same changes, whatever the wall clock does.
public struct ContactCentreSimulation: Sendable {
    public let profile: SimulationProfile
    public internal(set) var organization: Organization
    /// Simulated time: the time of the last happening processed, or the last target reached.
    public private(set) var now: Date

    enum Happening: Sendable {
        case routeWaiting
        case arrival(queueId: String)
        /// The customer's patience ends; `enteredQueue` tells this segment from a later one.
        case patienceEnds(conversationId: String, enteredQueue: Date)
        case alertEnds(conversationId: String, agentId: String, answered: Bool)
        case holdStarts(conversationId: String, agentId: String)
        case holdEnds(conversationId: String, agentId: String)
        case agentLegEnds(conversationId: String, agentId: String)
        case afterCallWorkEnds(conversationId: String, agentId: String)
        case agentRecovers(agentId: String)
        case absenceStarts(agentId: String, generation: Int)
        case absenceEnds(agentId: String, generation: Int)
        case observationsDue(queueId: String)
        case intervalBoundary
    }

    private var random: SeededGenerator
    private var agenda = Agenda<Happening>()
    /// Arrivals a second per queue.
    private var arrivalRates: [String: Double] = [:]
    /// Bumped whenever an agent's absence plan changes, so older plans are ignored.
    private var absenceGeneration: [String: Int] = [:]
    /// Agents who will step away as soon as their current interaction is done.
    private var absencePending: Set<String> = []
    private let wrapupCodes: [String]

    // Observation cadence: on change, at most once a second per queue.
    private var lastObservation: [String: Date] = [:]
    private var observationsDirty: Set<String> = []
    private var aggregatesDirty: Set<String> = []
    private var flushScheduled: Set<String> = []

    // Per-agent totals over the current half-hour, before each agent's current status began.
    private var intervalStart: Date
    private var routingStatusMs: [String: [String: Int]] = [:]
    private var presenceMs: [String: [String: Int]] = [:]

    private var changes: [SimulationChange] = []

    static let halfHour: TimeInterval = 1_800

    public init(organization: Organization, profile: SimulationProfile = SimulationProfile(), seed: UInt64, start: Date)
    {
        self.profile = profile
        self.organization = organization
        self.now = start
        var random = SeededGenerator(seed: seed ^ 0x7369_6D75_6C61_7465)
        wrapupCodes = (0..<6).map { _ in random.uuid() }
        self.random = random
        intervalStart = Self.intervalStart(of: start)
        adoptInitialState()
    }

    /// Processes the next happening due at or before `time` and returns what it changed (possibly
    /// nothing, when the happening no longer applied). Returns nil once nothing is due before
    /// `time`, and simulated time then stands at `time`.
    public mutating func step(until time: Date) -> [SimulationChange]? {
        guard let (due, happening) = agenda.popDue(by: time) else {
            if time > now { now = time }
            return nil
        }
        now = max(now, due)
        changes.removeAll(keepingCapacity: true)
        handle(happening)
        flushObservations()
        return changes
    }

    /// The wrap-up code ids agents choose from.
    public var wrapupCodeIds: [String] { wrapupCodes }

    /// The agent's totals over the current half-hour, as `v2.analytics.users.{id}.aggregates` reports.
    public func intervalTotals(of agentId: String) -> UserIntervalTotals? {
        guard let agent = organization.agent(agentId) else { return nil }
        var statuses = routingStatusMs[agent.id, default: [:]]
        statuses[agent.routingStatus, default: 0] += Organization.milliseconds(
            from: max(intervalStart, agent.routingStatusStart), to: now)
        var presences = presenceMs[agent.id, default: [:]]
        if let presence = organization.presence(agent.presenceId) {
            presences[presence.system.eventName, default: 0] += Organization.milliseconds(
                from: max(intervalStart, agent.presenceModified), to: now)
        }
        return UserIntervalTotals(
            agentId: agent.id, intervalStart: intervalStart, routingStatusMs: statuses, presenceMs: presences)
    }

    // MARK: - Start-up

    /// Schedules what the seeded organisation already implies: its calls end, its waiting customers
    /// run out of patience, its agents come back from breaks and take the next one.
    private mutating func adoptInitialState() {
        for queue in organization.queues {
            let factor = Double.random(in: 0.6...1.4, using: &random)
            let rate = max(0, profile.arrivalsPerQueuePerHour) * factor / 3_600
            arrivalRates[queue.id] = rate
            scheduleArrival(queue.id)
        }
        for segment in organization.active {
            switch segment.state {
            case .waiting:
                schedulePatience(segment)
            case .alerting, .interacting:
                guard let agentId = segment.agentId else { continue }
                agenda.schedule(
                    .agentLegEnds(conversationId: segment.conversationId, agentId: agentId),
                    at: later(mean: profile.meanTalk))
            case .afterCallWork:
                guard let agentId = segment.agentId else { continue }
                agenda.schedule(
                    .afterCallWorkEnds(conversationId: segment.conversationId, agentId: agentId),
                    at: later(mean: profile.meanAfterCallWork))
            }
        }
        for agent in organization.agents {
            guard let system = organization.presence(agent.presenceId)?.system else { continue }
            if system == .onQueue {
                agenda.schedule(
                    .absenceStarts(agentId: agent.id, generation: 0), at: later(mean: profile.meanTimeBetweenAbsences))
            } else if system != .offline {
                let length = profile.absences.first { $0.presence == system.restName }?.meanLength ?? .seconds(600)
                agenda.schedule(.absenceEnds(agentId: agent.id, generation: 0), at: later(mean: length))
            }
        }
        agenda.schedule(.routeWaiting, at: now)
        agenda.schedule(.intervalBoundary, at: intervalStart.addingTimeInterval(Self.halfHour))
    }

    // MARK: - Happenings

    private mutating func handle(_ happening: Happening) {
        switch happening {
        case .routeWaiting:
            routeWaiting()
        case .arrival(let queueId):
            customerArrives(queueId)
        case .patienceEnds(let conversationId, let entered):
            customerAbandons(conversationId, enteredQueue: entered)
        case .alertEnds(let conversationId, let agentId, let answered):
            alertEnds(conversationId, agentId: agentId, answered: answered)
        case .holdStarts(let conversationId, let agentId):
            guard let index = segment(conversationId, agentId: agentId, in: [.interacting]),
                !organization.active[index].isHeld
            else { return }
            organization.active[index].holdStarted = now
            conversationChanged(conversationId)
            agentStateChanged(agentId, organization.active[index], .state(.hold))
        case .holdEnds(let conversationId, let agentId):
            guard let index = segment(conversationId, agentId: agentId, in: [.interacting]) else { return }
            endHold(index)
            conversationChanged(conversationId)
            agentStateChanged(agentId, organization.active[index], .state(.interact))
        case .agentLegEnds(let conversationId, let agentId):
            agentLegEnds(conversationId, agentId: agentId)
        case .afterCallWorkEnds(let conversationId, let agentId):
            afterCallWorkEnds(conversationId, agentId: agentId)
        case .agentRecovers(let agentId):
            guard organization.agent(agentId)?.routingStatus == "NOT_RESPONDING" else { return }
            becomeAvailable(agentId)
        case .absenceStarts(let agentId, let generation):
            guard generation == absenceGeneration[agentId, default: 0], let agent = organization.agent(agentId),
                isOnQueue(agent)
            else { return }
            if agent.routingStatus == "IDLE" {
                stepAway(agentId)
            } else {
                absencePending.insert(agentId)
            }
        case .absenceEnds(let agentId, let generation):
            guard generation == absenceGeneration[agentId, default: 0], let agent = organization.agent(agentId),
                let system = organization.presence(agent.presenceId)?.system, system != .onQueue,
                system != .offline
            else { return }
            comeBack(agentId)
        case .observationsDue(let queueId):
            flushScheduled.remove(queueId)
        case .intervalBoundary:
            intervalStart = Self.intervalStart(of: now)
            routingStatusMs.removeAll()
            presenceMs.removeAll()
            let horizon = now.addingTimeInterval(-profile.historyRetention.inSeconds)
            if let first = organization.history.first, first.offered < horizon {
                organization.history.removeAll { $0.offered < horizon }
            }
            agenda.schedule(.intervalBoundary, at: intervalStart.addingTimeInterval(Self.halfHour))
        }
    }

    private mutating func customerArrives(_ queueId: String) {
        defer { scheduleArrival(queueId) }
        guard let queue = organization.queue(queueId) else { return }
        let media = pickMedia(queue.mediaTypes)
        let segment = ActiveInteraction(
            conversationId: random.uuid(), queueId: queue.id, mediaType: media, state: .waiting, agentId: nil,
            enteredQueue: now.roundedToMilliseconds)
        organization.active.append(segment)
        detail(.customerStart, segment)
        detail(.acdStart, segment, ["routingPriority": 0])
        conversationChanged(segment.conversationId)
        markQueue(queue.id, aggregates: true)
        schedulePatience(segment)
        routeWaiting()
    }

    private mutating func customerAbandons(_ conversationId: String, enteredQueue: Date) {
        guard
            let index = organization.active.firstIndex(where: {
                $0.conversationId == conversationId && $0.enteredQueue == enteredQueue
                    && ($0.state == .waiting || $0.state == .alerting)
            })
        else { return }
        var segment = organization.active[index]
        if segment.state == .alerting, let agentId = segment.agentId {
            detail(.userEnd, segment, ["disconnectType": "PEER", "alertingDurationMs": .int(alertingMs(segment))])
            agentStateChanged(agentId, segment, .terminated)
        }
        segment.customerEnded = now
        organization.active[index] = segment
        detail(.acdEnd, segment, ["acdOutcome": "ABANDON", "disconnectType": "ENDPOINT"])
        detail(.customerEnd, segment, ["disconnectType": "ENDPOINT"])
        conversationChanged(conversationId)
        organization.active.remove(at: index)
        record(
            CompletedInteraction(
                queueId: segment.queueId, mediaType: segment.mediaType, offered: segment.enteredQueue,
                waitMs: Organization.milliseconds(from: segment.enteredQueue, to: now), answered: false, alertMs: 0,
                talkMs: 0, holdMs: 0, acwMs: 0, notRespondingMs: segment.notRespondingMs))
        if segment.state == .alerting, let agentId = segment.agentId {
            conversationSummaryChanged(agentId)
            becomeAvailable(agentId)
        }
    }

    private mutating func alertEnds(_ conversationId: String, agentId: String, answered: Bool) {
        guard let index = segment(conversationId, agentId: agentId, in: [.alerting]) else { return }
        if answered {
            organization.active[index].state = .interacting
            organization.active[index].answered = now
            let segment = organization.active[index]
            conversationChanged(conversationId)
            agentStateChanged(agentId, segment, .state(.interact))
            detail(
                .acdEnd, segment,
                [
                    "acdOutcome": "ANSWERED", "answeredUserId": .string(agentId),
                    "connectedDurationMs": .int(Organization.milliseconds(from: segment.enteredQueue, to: now)),
                ])
            markQueue(segment.queueId)
            scheduleConversation(segment, agentId: agentId)
        } else {
            var segment = organization.active[index]
            detail(.userEnd, segment, ["disconnectType": "TIMEOUT", "alertingDurationMs": .int(alertingMs(segment))])
            agentStateChanged(agentId, segment, .terminated)
            segment.notRespondingMs += alertingMs(segment)
            if let started = segment.alertStarted {
                segment.missedAlerts.append(.init(agentId: agentId, started: started, ended: now))
            }
            segment.state = .waiting
            segment.agentId = nil
            segment.alertStarted = nil
            organization.active[index] = segment
            conversationChanged(conversationId)
            conversationSummaryChanged(agentId)
            setRoutingStatus(agentId, "NOT_RESPONDING")
            agenda.schedule(
                .agentRecovers(agentId: agentId), at: now.addingTimeInterval(profile.notRespondingPenalty.inSeconds))
            markQueue(segment.queueId)
            routeWaiting()
        }
    }

    private mutating func agentLegEnds(_ conversationId: String, agentId: String) {
        guard let index = segment(conversationId, agentId: agentId, in: [.interacting, .alerting]) else { return }
        if organization.active[index].isHeld { endHold(index) }
        if organization.active[index].answered == nil { organization.active[index].answered = now }
        var segment = organization.active[index]
        let targets = organization.queues.filter {
            $0.id != segment.queueId && $0.mediaTypes.contains(segment.mediaType)
        }
        let transfer = !targets.isEmpty && Double.random(in: 0..<1, using: &random) < profile.transferShare
        segment.state = .afterCallWork
        segment.agentEnded = now
        segment.transferredOut = transfer
        if !transfer { segment.customerEnded = now }
        organization.active[index] = segment
        detail(
            .userEnd, segment,
            [
                "disconnectType": transfer ? "TRANSFER" : "ENDPOINT",
                "interactingDurationMs": .int(talkMs(segment)), "heldDurationMs": .int(segment.holdMs),
                "alertingDurationMs": .int(alertingMs(segment)),
            ])
        if transfer, let target = targets.randomElement(using: &random) {
            let next = ActiveInteraction(
                conversationId: conversationId, queueId: target.id, mediaType: segment.mediaType, state: .waiting,
                agentId: nil, enteredQueue: now.roundedToMilliseconds, customerConnected: segment.customerConnected)
            organization.active.append(next)
            detail(.acdStart, next, ["routingPriority": 0])
            markQueue(target.id, aggregates: true)
            schedulePatience(next)
        } else {
            detail(.customerEnd, segment, ["disconnectType": "ENDPOINT"])
        }
        agentStateChanged(agentId, segment, .wrapup)
        conversationChanged(conversationId)
        conversationSummaryChanged(agentId)
        markQueue(segment.queueId)
        agenda.schedule(
            .afterCallWorkEnds(conversationId: conversationId, agentId: agentId),
            at: later(mean: profile.meanAfterCallWork))
        if transfer { routeWaiting() }
    }

    private mutating func afterCallWorkEnds(_ conversationId: String, agentId: String) {
        guard let index = segment(conversationId, agentId: agentId, in: [.afterCallWork]) else { return }
        var segment = organization.active[index]
        segment.afterCallWorkEnded = now
        segment.wrapupCode = wrapupCodes.randomElement(using: &random)
        organization.active[index] = segment
        let agentEnded = segment.agentEnded ?? now
        let acwMs = Organization.milliseconds(from: agentEnded, to: now)
        let wrapup: [String: WireJSON] = [
            "wrapupCode": segment.wrapupCode.map(WireJSON.string) ?? nil, "wrapupDurationMs": .int(acwMs),
        ]
        detail(.acw, segment, wrapup)
        detail(.wrapup, segment, wrapup)
        agentStateChanged(agentId, segment, .terminated)
        conversationChanged(conversationId)
        organization.active.remove(at: index)
        record(
            CompletedInteraction(
                queueId: segment.queueId, mediaType: segment.mediaType, offered: segment.enteredQueue,
                waitMs: Organization.milliseconds(from: segment.enteredQueue, to: segment.answered ?? agentEnded),
                answered: true, alertMs: alertingMs(segment), talkMs: talkMs(segment), holdMs: segment.holdMs,
                acwMs: acwMs, transferred: segment.transferredOut, notRespondingMs: segment.notRespondingMs))
        conversationSummaryChanged(agentId)
        markQueue(segment.queueId)
        becomeAvailable(agentId)
    }

    // MARK: - Routing

    /// Offers waiting customers, longest waiting first, to the longest-idle on-queue member of
    /// their queue.
    private mutating func routeWaiting() {
        let waiting = organization.active.indices.filter { organization.active[$0].state == .waiting }.sorted {
            let (a, b) = (organization.active[$0], organization.active[$1])
            return a.enteredQueue != b.enteredQueue
                ? a.enteredQueue < b.enteredQueue : a.conversationId < b.conversationId
        }
        for index in waiting {
            guard let queue = organization.queue(organization.active[index].queueId) else { continue }
            let idle = queue.memberIds.compactMap { organization.agent($0) }.filter {
                $0.routingStatus == "IDLE" && isOnQueue($0)
            }
            guard
                let agent = idle.min(by: {
                    $0.routingStatusStart != $1.routingStatusStart
                        ? $0.routingStatusStart < $1.routingStatusStart : $0.id < $1.id
                })
            else { continue }
            offer(index, to: agent.id)
        }
    }

    private mutating func offer(_ index: Int, to agentId: String) {
        organization.active[index].state = .alerting
        organization.active[index].agentId = agentId
        organization.active[index].alertStarted = now
        let segment = organization.active[index]
        setRoutingStatus(agentId, "INTERACTING")
        detail(.userStart, segment)
        agentStateChanged(agentId, segment, .state(.alert))
        conversationChanged(segment.conversationId)
        conversationSummaryChanged(agentId)
        markQueue(segment.queueId)
        let answers = Double.random(in: 0..<1, using: &random) >= profile.notRespondingShare
        let delay =
            answers
            ? Double.random(
                in: profile.answerDelay.lowerBound.inSeconds...profile.answerDelay.upperBound.inSeconds, using: &random)
            : profile.alertTimeout.inSeconds
        agenda.schedule(
            .alertEnds(conversationId: segment.conversationId, agentId: agentId, answered: answers),
            at: now.addingTimeInterval(delay))
    }

    /// Talk, an optional hold in the middle of it, then the end of the agent's leg.
    private mutating func scheduleConversation(_ segment: ActiveInteraction, agentId: String) {
        let talk = random.exponential(mean: profile.meanTalk.inSeconds)
        var holdLength = 0.0
        if Double.random(in: 0..<1, using: &random) < profile.holdShare {
            let holdAt = now.addingTimeInterval(talk * Double.random(in: 0.2...0.8, using: &random))
            holdLength = random.exponential(mean: profile.meanHold.inSeconds)
            agenda.schedule(.holdStarts(conversationId: segment.conversationId, agentId: agentId), at: holdAt)
            agenda.schedule(
                .holdEnds(conversationId: segment.conversationId, agentId: agentId),
                at: holdAt.addingTimeInterval(holdLength))
        }
        agenda.schedule(
            .agentLegEnds(conversationId: segment.conversationId, agentId: agentId),
            at: now.addingTimeInterval(talk + holdLength))
    }

    // MARK: - Agents

    /// An agent done with an interaction (or a not-responding penalty) goes back to `IDLE`, or
    /// steps away if an absence was waiting for them.
    private mutating func becomeAvailable(_ agentId: String) {
        guard let agent = organization.agent(agentId) else { return }
        guard isOnQueue(agent) else {
            if agent.routingStatus != "OFF_QUEUE" { setRoutingStatus(agentId, "OFF_QUEUE") }
            return
        }
        if absencePending.remove(agentId) != nil {
            stepAway(agentId)
            return
        }
        setRoutingStatus(agentId, "IDLE")
        routeWaiting()
    }

    private mutating func stepAway(_ agentId: String) {
        let absence = pickAbsence()
        guard
            let presence = organization.presences.first(where: {
                $0.isSystem && $0.system.restName == absence.presence
            })
        else { return }
        changePresence(agentId, to: presence)
        let generation = absenceGeneration[agentId, default: 0] + 1
        absenceGeneration[agentId] = generation
        agenda.schedule(.absenceEnds(agentId: agentId, generation: generation), at: later(mean: absence.meanLength))
    }

    private mutating func comeBack(_ agentId: String) {
        guard let onQueue = organization.presences.first(where: { $0.isSystem && $0.system == .onQueue }) else {
            return
        }
        changePresence(agentId, to: onQueue)
        let generation = absenceGeneration[agentId, default: 0] + 1
        absenceGeneration[agentId] = generation
        agenda.schedule(
            .absenceStarts(agentId: agentId, generation: generation), at: later(mean: profile.meanTimeBetweenAbsences))
        routeWaiting()
    }

    /// Changes presence and the routing status it implies: on queue means `IDLE` (unless busy with
    /// an interaction), anything else `OFF_QUEUE`.
    private mutating func changePresence(_ agentId: String, to presence: OrganizationPresence) {
        guard let agent = organization.agent(agentId), agent.presenceId != presence.id else { return }
        let wasOnQueue = isOnQueue(agent)
        if let old = organization.presence(agent.presenceId) {
            presenceMs[agentId, default: [:]][old.system.eventName, default: 0] += Organization.milliseconds(
                from: max(intervalStart, agent.presenceModified), to: now)
        }
        organization.modifyAgent(agentId) {
            $0.presenceId = presence.id
            $0.presenceModified = now
        }
        changes.append(.presence(agentId: agentId))
        let onQueue = presence.system == .onQueue
        let busy = organization.active.contains { $0.agentId == agentId }
        if onQueue, agent.routingStatus == "OFF_QUEUE" {
            setRoutingStatus(agentId, "IDLE")
        } else if !onQueue, !busy, agent.routingStatus != "OFF_QUEUE" {
            setRoutingStatus(agentId, "OFF_QUEUE")
        } else {
            userAggregatesChanged(agentId)
        }
        if wasOnQueue != onQueue { changes.append(.queueMembership(agentId: agentId)) }
        markQueues(of: agentId)
    }

    private mutating func setRoutingStatus(_ agentId: String, _ status: String) {
        guard let agent = organization.agent(agentId), agent.routingStatus != status else { return }
        routingStatusMs[agentId, default: [:]][agent.routingStatus, default: 0] += Organization.milliseconds(
            from: max(intervalStart, agent.routingStatusStart), to: now)
        organization.modifyAgent(agentId) {
            $0.routingStatus = status
            $0.routingStatusStart = now
        }
        changes.append(.routingStatus(agentId: agentId))
        userAggregatesChanged(agentId)
        markQueues(of: agentId)
    }

    private func isOnQueue(_ agent: Agent) -> Bool { organization.presence(agent.presenceId)?.system == .onQueue }

    // MARK: - Changes

    private mutating func conversationChanged(_ conversationId: String) {
        let segments = organization.active.filter { $0.conversationId == conversationId }
        changes.append(.conversation(ConversationSnapshot(conversationId: conversationId, segments: segments, at: now)))
    }

    private mutating func conversationSummaryChanged(_ agentId: String) {
        changes.append(.conversationSummary(agentId: agentId))
    }

    private mutating func agentStateChanged(
        _ agentId: String, _ segment: ActiveInteraction, _ phase: AgentStateChange.Phase
    ) {
        changes.append(.agentState(AgentStateChange(agentId: agentId, segment: segment, phase: phase, at: now)))
    }

    private mutating func detail(
        _ kind: DetailEventRecord.Kind, _ segment: ActiveInteraction, _ extra: [String: WireJSON] = [:]
    ) {
        changes.append(.detail(DetailEventRecord(kind: kind, segment: segment, at: now, extra: extra)))
    }

    private mutating func userAggregatesChanged(_ agentId: String) {
        if let totals = intervalTotals(of: agentId) { changes.append(.userAggregates(totals)) }
    }

    private mutating func markQueue(_ queueId: String, aggregates: Bool = false) {
        observationsDirty.insert(queueId)
        if aggregates { aggregatesDirty.insert(queueId) }
    }

    private mutating func markQueues(of agentId: String) {
        for queueId in organization.agent(agentId)?.queueIds ?? [] { observationsDirty.insert(queueId) }
    }

    private mutating func record(_ completed: CompletedInteraction) {
        organization.history.append(completed)
        markQueue(completed.queueId, aggregates: true)
    }

    /// Publishes each changed queue's observations now, or a second after its last publication.
    private mutating func flushObservations() {
        guard !observationsDirty.isEmpty || !aggregatesDirty.isEmpty else { return }
        // The dirty queues in the organisation's order (the simulation is deterministic), without
        // walking every queue: this runs after every simulated event.
        let dirty = observationsDirty.union(aggregatesDirty).compactMap { organization.queuePosition($0) }.sorted()
        for position in dirty {
            let queueId = organization.queues[position].id
            guard !flushScheduled.contains(queueId) else { continue }
            if let last = lastObservation[queueId], now < last.addingTimeInterval(1) {
                flushScheduled.insert(queueId)
                agenda.schedule(.observationsDue(queueId: queueId), at: last.addingTimeInterval(1))
                continue
            }
            if observationsDirty.remove(queueId) != nil { changes.append(.queueObservations(queueId: queueId)) }
            if aggregatesDirty.remove(queueId) != nil { changes.append(.queueAggregates(queueId: queueId)) }
            lastObservation[queueId] = now
        }
    }

    // MARK: - Helpers

    private func segment(_ conversationId: String, agentId: String, in states: [ActiveInteraction.State]) -> Int? {
        organization.active.firstIndex {
            $0.conversationId == conversationId && $0.agentId == agentId && states.contains($0.state)
        }
    }

    private mutating func endHold(_ index: Int) {
        guard let started = organization.active[index].holdStarted else { return }
        organization.active[index].holdMs += Organization.milliseconds(from: started, to: now)
        organization.active[index].holdStarted = nil
    }

    private func alertingMs(_ segment: ActiveInteraction) -> Int {
        guard let started = segment.alertStarted else { return 0 }
        return Organization.milliseconds(from: started, to: segment.answered ?? now)
    }

    private func talkMs(_ segment: ActiveInteraction) -> Int {
        guard let answered = segment.answered else { return 0 }
        return max(0, Organization.milliseconds(from: answered, to: segment.agentEnded ?? now) - segment.holdMs)
    }

    private mutating func scheduleArrival(_ queueId: String) {
        guard let rate = arrivalRates[queueId], rate > 0 else { return }
        agenda.schedule(.arrival(queueId: queueId), at: now.addingTimeInterval(random.exponential(mean: 1 / rate)))
    }

    private mutating func schedulePatience(_ segment: ActiveInteraction) {
        agenda.schedule(
            .patienceEnds(conversationId: segment.conversationId, enteredQueue: segment.enteredQueue),
            at: segment.enteredQueue.addingTimeInterval(random.exponential(mean: profile.meanPatience.inSeconds)))
    }

    private mutating func later(mean: Duration) -> Date {
        now.addingTimeInterval(random.exponential(mean: max(0.001, mean.inSeconds)))
    }

    private mutating func pickMedia(_ mediaTypes: [String]) -> String {
        let weights = mediaTypes.map { max(0, profile.mediaWeights[$0] ?? 1) }
        return mediaTypes.isEmpty ? "voice" : mediaTypes[weightedIndex(weights)]
    }

    private mutating func pickAbsence() -> SimulationProfile.Absence {
        guard !profile.absences.isEmpty else {
            return SimulationProfile.Absence(presence: "Break", weight: 1, meanLength: .seconds(600))
        }
        return profile.absences[weightedIndex(profile.absences.map { max(0, $0.weight) })]
    }

    private mutating func weightedIndex(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        guard total > 0 else { return Int.random(in: 0..<max(1, weights.count), using: &random) }
        var roll = Double.random(in: 0..<total, using: &random)
        for (index, weight) in weights.enumerated() {
            if roll < weight { return index }
            roll -= weight
        }
        return weights.count - 1
    }

    static func intervalStart(of date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / halfHour).rounded(.down) * halfHour)
    }
}

extension Organization {
    /// Puts an agent in `presence` outside the simulation (an administrator's change): going on
    /// queue makes an off-queue agent `IDLE`, leaving it makes an idle one `OFF_QUEUE`. An agent busy
    /// with an interaction keeps it; the simulation settles their status when it ends.
    public mutating func setPresence(_ agentId: String, to presence: OrganizationPresence, now: Date) {
        guard let agent = agent(agentId), agent.presenceId != presence.id else { return }
        let onQueue = presence.system == .onQueue
        modifyAgent(agentId) { agent in
            agent.presenceId = presence.id
            agent.presenceModified = now
            let status =
                onQueue
                ? (agent.routingStatus == "OFF_QUEUE" ? "IDLE" : agent.routingStatus)
                : (agent.routingStatus == "INTERACTING" ? "INTERACTING" : "OFF_QUEUE")
            if status != agent.routingStatus {
                agent.routingStatus = status
                agent.routingStatusStart = now
            }
        }
    }

    static func milliseconds(from start: Date, to end: Date) -> Int {
        max(0, Int((end.timeIntervalSince(start) * 1000).rounded()))
    }
}
