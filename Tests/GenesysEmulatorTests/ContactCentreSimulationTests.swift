import Foundation
import Testing

@testable import GenesysEmulator

/// Serialized: each test runs hours of simulated time, and running them one at a time leaves the
/// other core to the suites that keep real-time deadlines.
@Suite("Emulator: the contact-centre simulation", .serialized)
struct ContactCentreSimulationTests {
    static let start = Date(timeIntervalSince1970: 1_795_000_000)

    static func simulation(
        seed: UInt64 = 3, agents: Int = 40, queues: Int = 5, profile: SimulationProfile = SimulationProfile()
    ) -> ContactCentreSimulation {
        let organization = Organization.generate(
            OrganizationSpec(agents: agents, queues: queues, seed: seed, historyIntervals: 2), now: start)
        return ContactCentreSimulation(organization: organization, profile: profile, seed: seed, start: start)
    }

    /// A finished run: the simulation at its end, every change with its time, and what `observe`
    /// noted along the way.
    struct Run: Sendable {
        var simulation: ContactCentreSimulation
        var changes: [(Date, SimulationChange)]
        var notes: [String]
    }

    /// Runs `simulation` to `end` (in steps of `stepping` seconds when given), calling `observe`
    /// after every step. The work runs on a Dispatch thread: hours of simulated time would otherwise
    /// hold one of the few cooperative threads the socket tests running alongside depend on.
    static func run(
        _ simulation: ContactCentreSimulation, until end: Date, stepping: TimeInterval? = nil,
        observe: @escaping @Sendable (ContactCentreSimulation, [SimulationChange]) -> [String] = { _, _ in [] }
    ) async -> Run {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var simulation = simulation
                var changes: [(Date, SimulationChange)] = []
                var notes: [String] = []
                var target = simulation.now
                while target < end {
                    target = stepping.map { min(end, target.addingTimeInterval($0)) } ?? end
                    while let step = simulation.step(until: target) {
                        notes += observe(simulation, step)
                        changes += step.map { (simulation.now, $0) }
                    }
                }
                continuation.resume(returning: Run(simulation: simulation, changes: changes, notes: notes))
            }
        }
    }

    @Test("the same seed gives the same story, however finely time is stepped")
    func deterministic() async {
        let end = Self.start.addingTimeInterval(2 * 3_600)
        let coarse = await Self.run(Self.simulation(), until: end)
        let fine = await Self.run(Self.simulation(), until: end, stepping: 0.7)
        #expect(coarse.changes.count > 1_000)
        #expect(coarse.changes.map(\.0) == fine.changes.map(\.0))
        #expect(coarse.changes.map(\.1) == fine.changes.map(\.1))
        #expect(coarse.simulation.organization.agents == fine.simulation.organization.agents)
        #expect(coarse.simulation.organization.active == fine.simulation.organization.active)
        #expect(coarse.simulation.organization.history == fine.simulation.organization.history)

        let other = await Self.run(Self.simulation(seed: 4), until: end)
        #expect(other.changes.map(\.1) != coarse.changes.map(\.1))
    }

    @Test("agents, queues and interactions stay consistent at every step of a busy day")
    func invariants() async {
        let run = await Self.run(
            Self.simulation(profile: SimulationProfile(arrivalsPerQueuePerHour: 90)),
            until: Self.start.addingTimeInterval(3 * 3_600)
        ) { simulation, _ in
            var violations: [String] = []
            func fail(_ message: String) { violations.append(message) }
            let organization = simulation.organization
            var holding: [String: [ActiveInteraction]] = [:]
            var live: [String: Int] = [:]
            for segment in organization.active {
                switch segment.state {
                case .waiting:
                    if segment.agentId != nil { fail("waiting \(segment.conversationId) has an agent") }
                case .alerting, .interacting, .afterCallWork:
                    guard let agentId = segment.agentId else {
                        fail("\(segment.state) \(segment.conversationId) has no agent")
                        continue
                    }
                    holding[agentId, default: []].append(segment)
                    if organization.queue(segment.queueId)?.memberIds.contains(agentId) != true {
                        fail("\(agentId) handles a segment of a queue they are not a member of")
                    }
                }
                if segment.state != .afterCallWork { live[segment.conversationId, default: 0] += 1 }
            }
            for (conversationId, places) in live where places > 1 {
                fail("\(conversationId) is in \(places) places at once")
            }
            for agent in organization.agents {
                let mine = holding[agent.id] ?? []
                let system = organization.presence(agent.presenceId)?.system
                switch agent.routingStatus {
                case "INTERACTING":
                    if mine.count != 1 { fail("INTERACTING \(agent.name) holds \(mine.count) interactions") }
                case "IDLE":
                    if !mine.isEmpty { fail("IDLE \(agent.name) holds an interaction") }
                    if system != .onQueue { fail("IDLE \(agent.name) is not on queue") }
                case "OFF_QUEUE":
                    if system == .onQueue { fail("\(agent.name) is on queue but OFF_QUEUE") }
                    if !mine.isEmpty { fail("OFF_QUEUE \(agent.name) holds an interaction") }
                case "NOT_RESPONDING":
                    if !mine.isEmpty { fail("NOT_RESPONDING \(agent.name) holds an interaction") }
                default:
                    fail("\(agent.name) has routing status \(agent.routingStatus)")
                }
            }
            return violations
        }
        #expect(run.notes.isEmpty, "\(run.notes.prefix(10).joined(separator: "\n"))")
    }

    @Test("a day shows every part of the story: answers, abandons, holds, transfers, timeouts, absences")
    func everyPathHappens() async {
        let initial = Self.simulation()
        let seeded = initial.organization.history.count
        let run = await Self.run(initial, until: Self.start.addingTimeInterval(8 * 3_600)) { simulation, changes in
            changes.compactMap { change in
                guard case .presence(let agentId) = change else { return nil }
                let organization = simulation.organization
                return organization.agent(agentId).flatMap { organization.presence($0.presenceId) }?.system.restName
            }
        }
        let presences = Set(run.notes)
        let changes = run.changes.map(\.1)
        let simulation = run.simulation
        var details: [DetailEventRecord.Kind: Int] = [:]
        var agentStates: Set<String> = []
        var outcomes: Set<String> = []
        var disconnects: Set<String> = []
        for change in changes {
            switch change {
            case .detail(let record):
                details[record.kind, default: 0] += 1
                if case .string(let outcome)? = record.extra["acdOutcome"] { outcomes.insert(outcome) }
                if record.kind == .userEnd, case .string(let type)? = record.extra["disconnectType"] {
                    disconnects.insert(type)
                }
            case .agentState(let state): agentStates.insert(state.stateName)
            default: break
            }
        }
        #expect(Set(details.keys) == Set(DetailEventRecord.Kind.allCases))
        #expect(outcomes == ["ANSWERED", "ABANDON"])
        #expect(disconnects.isSuperset(of: ["ENDPOINT", "TRANSFER", "TIMEOUT"]))
        #expect(agentStates.isSuperset(of: ["ALERT", "INTERACT", "HOLD", "WRAPUP", "TERMINATED"]))

        let history = simulation.organization.history.dropFirst(seeded)
        #expect(history.contains { $0.transferred })
        #expect(history.contains { $0.holdMs > 0 })
        #expect(history.contains { $0.notRespondingMs > 0 })
        let abandoned = history.filter { !$0.answered }.count
        #expect(abandoned > 0 && abandoned < history.count / 4, "abandoned \(abandoned) of \(history.count)")
        #expect(presences.isSuperset(of: ["OnQueue", "Break", "Meal", "Away", "Available", "Meeting"]))
    }

    @Test("customers arrive at the configured rate")
    func arrivalRate() async {
        let hours = 8.0
        let simulation = Self.simulation(queues: 3, profile: SimulationProfile(arrivalsPerQueuePerHour: 100))
        let arrivals = await Self.run(simulation, until: Self.start.addingTimeInterval(hours * 3_600)).changes.filter {
            if case .detail(let record) = $0.1 { return record.kind == .customerStart }
            return false
        }.count
        // Each queue's rate is 60-140 % of the setting, so the total is 3 × 100 × 8 = 2,400 give or
        // take the spread of three draws and Poisson noise.
        #expect((1_440...3_360).contains(arrivals), "\(arrivals) arrivals")
    }

    @Test("queue observations go out on change, at most once a second per queue")
    func observationCadence() async {
        let simulation = Self.simulation(profile: SimulationProfile(arrivalsPerQueuePerHour: 400))
        let changes = await Self.run(simulation, until: Self.start.addingTimeInterval(900)).changes
        var last: [String: Date] = [:]
        var published = 0
        for (time, change) in changes {
            guard case .queueObservations(let queueId) = change else { continue }
            published += 1
            if let previous = last[queueId] {
                #expect(time.timeIntervalSince(previous) >= 0.999, "queue \(queueId) twice within a second")
            }
            last[queueId] = time
        }
        #expect(published > 300)
    }

    @Test("an agent's half-hour totals cover the half-hour so far, status by status")
    func userTotals() async throws {
        let simulation = await Self.run(Self.simulation(), until: Self.start.addingTimeInterval(5_000)).simulation
        let intervalStart = ContactCentreSimulation.intervalStart(of: simulation.now)
        let elapsed = Int((simulation.now.timeIntervalSince(intervalStart) * 1000).rounded())
        for agent in simulation.organization.agents {
            let totals = try #require(simulation.intervalTotals(of: agent.id))
            #expect(totals.intervalStart == intervalStart)
            #expect(abs(totals.routingStatusMs.values.reduce(0, +) - elapsed) <= 2)
            #expect(abs(totals.presenceMs.values.reduce(0, +) - elapsed) <= 2)
        }
    }

    @Test("aggregates count exactly the segments the simulation completed")
    func aggregatesFromHistory() async throws {
        let initial = Self.simulation()
        let seeded = initial.organization.history.count
        let answeredBefore = initial.organization.active.filter { $0.answered != nil }.count
        let run = await Self.run(initial, until: Self.start.addingTimeInterval(3 * 3_600))
        let changes = run.changes.map(\.1)
        let simulation = run.simulation
        var answered = 0
        var abandoned = 0
        for case .detail(let record) in changes where record.kind == .acdEnd {
            if record.extra["acdOutcome"] == "ABANDON" { abandoned += 1 } else { answered += 1 }
        }
        let recorded = Array(simulation.organization.history.dropFirst(seeded))
        let organization = simulation.organization
        #expect(recorded.filter { !$0.answered }.count == abandoned)
        // Answered segments are recorded once their after-call work ends; a few are still open.
        let stillOpen = organization.active.filter { $0.answered != nil }.count
        #expect(recorded.filter(\.answered).count + stillOpen == answered + answeredBefore)
        #expect(
            organization.aggregate("tAbandon", recorded)
                == ["metric": "tAbandon", "stats": .object(Self.stats(recorded.filter { !$0.answered }))])
        #expect(
            organization.aggregate("nOffered", recorded) == [
                "metric": "nOffered", "stats": ["count": .int(recorded.count)],
            ])
    }

    static func stats(_ records: [CompletedInteraction]) -> [(String, WireJSON)] {
        let waits = records.map(\.waitMs)
        return [
            ("count", .int(waits.count)), ("sum", .int(waits.reduce(0, +))), ("min", .int(waits.min() ?? 0)),
            ("max", .int(waits.max() ?? 0)),
        ]
    }
}
