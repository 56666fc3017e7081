import Foundation
import Testing

@testable import GenesysNotifications

@Suite("Backfill gate")
struct BackfillGateTests {
    typealias T = BackfillTestSupport
    static let presence = T.presence(T.alice)
    static let summary = T.conversationSummary(T.alice)
    static let gap = Gap(start: Date(timeIntervalSince1970: 10), end: Date(timeIntervalSince1970: 12), topics: [])

    @Test("with no pass in flight every event is delivered")
    func idleDelivers() {
        var gate = BackfillGate(maximumHeld: 10, maximumRestarts: 1)
        #expect(gate.live(T.live(Self.presence, "a")) == .deliver)
    }

    @Test("during a pass, events of its backfillable topics are held and released after it, in order")
    func holdsAndReleases() throws {
        var gate = BackfillGate(maximumHeld: 10, maximumRestarts: 1)
        let passResult = gate.request(.startup, topics: [Self.presence, Self.summary])
        let pass = try #require(passResult)
        #expect(gate.live(T.live(Self.presence, "a")) == .hold)
        #expect(gate.live(T.live(Self.summary, "not backfilled, so not held")) == .deliver)
        // topic names are matched case-insensitively, as the platform matches them
        let shouted = NotificationEnvelope(
            topicName: Self.presence.name.uppercased(), version: "2", eventBody: .null, correlationId: "b",
            rawText: "b", receivedAt: Date())
        #expect(gate.live(shouted) == .hold)
        #expect(gate.heldCount == 2)
        let completionResult = gate.complete(pass.id)
        let completion = try #require(completionResult)
        #expect(completion.emitRecords)
        #expect(completion.release.map(\.correlationId) == ["a", "b"])
        #expect(completion.next == nil)
        #expect(gate.current == nil)
        #expect(gate.live(T.live(Self.presence, "c")) == .deliver)
    }

    @Test("a gap during a pass runs next, after the pass's release, and merges with later gaps")
    func queuesNextPass() throws {
        var gate = BackfillGate(maximumHeld: 10, maximumRestarts: 1)
        let firstResult = gate.request(.startup, topics: [Self.presence])
        let first = try #require(firstResult)
        let second = Gap(start: Date(timeIntervalSince1970: 20), end: Date(timeIntervalSince1970: 21), topics: [])
        #expect(gate.request(.gap(Self.gap), topics: [Self.presence]) == nil)
        #expect(gate.request(.gap(second), topics: [T.observations(T.sales)]) == nil)
        #expect(gate.live(T.live(Self.presence, "a")) == .hold)
        let completionResult = gate.complete(first.id)
        let completion = try #require(completionResult)
        #expect(completion.release.map(\.correlationId) == ["a"])
        let next = try #require(completion.next)
        #expect(next.topics == [Self.presence, T.observations(T.sales)])
        #expect(next.reason == .gap(Gap(start: Self.gap.start, end: second.end, topics: [])))
        #expect(gate.isCurrent(next.id))
        // the next pass holds from its own start
        #expect(gate.live(T.live(T.observations(T.sales), "b")) == .hold)
    }

    @Test("a full hold buffer delivers what it held, then starts the pass over; a stale completion is ignored")
    func overflowRestarts() throws {
        var gate = BackfillGate(maximumHeld: 2, maximumRestarts: 1)
        let passResult = gate.request(.startup, topics: [Self.presence])
        let pass = try #require(passResult)
        #expect(gate.live(T.live(Self.presence, "a")) == .hold)
        #expect(gate.live(T.live(Self.presence, "b")) == .hold)
        guard case .overflow(let flushed, let restart?) = gate.live(T.live(Self.presence, "c")) else {
            Issue.record("expected an overflow with a restart")
            return
        }
        #expect(flushed.map(\.correlationId) == ["a", "b", "c"])
        #expect(restart.restarts == 1)
        #expect(!gate.isCurrent(pass.id))
        #expect(gate.complete(pass.id) == nil)
        #expect(gate.live(T.live(Self.presence, "d")) == .hold)
        let completionResult = gate.complete(restart.id)
        let completion = try #require(completionResult)
        #expect(completion.emitRecords)
        #expect(completion.release.map(\.correlationId) == ["d"])
    }

    @Test("narrowed to one request's topics, the hold lets the others go, oldest first, and holds only those")
    func narrows() throws {
        let bob = T.presence(T.bob)
        var gate = BackfillGate(maximumHeld: 10, maximumRestarts: 1)
        let passResult = gate.request(.startup, topics: [Self.presence, bob])
        let pass = try #require(passResult)
        #expect(gate.live(T.live(bob, "b1")) == .hold)
        #expect(gate.live(T.live(Self.presence, "a1")) == .hold)
        #expect(gate.live(T.live(bob, "b2")) == .hold)
        #expect(gate.narrow(to: [Self.presence]).map(\.correlationId) == ["b1", "b2"])
        #expect(gate.live(T.live(bob, "b3")) == .deliver)
        #expect(gate.live(T.live(Self.presence, "a2")) == .hold)
        #expect(gate.narrow(to: [bob]).map(\.correlationId) == ["a1", "a2"])
        #expect(gate.live(T.live(Self.presence, "a3")) == .deliver)
        #expect(gate.live(T.live(bob, "b4")) == .hold)
        let completionResult = gate.complete(pass.id)
        let completion = try #require(completionResult)
        #expect(completion.release.map(\.correlationId) == ["b4"])
        #expect(gate.narrow(to: [bob]).isEmpty && gate.live(T.live(bob, "b5")) == .deliver, "no pass, no hold")
        #expect(gate.emitsRecords)
    }

    @Test("after its restarts a pass gives up: events flow and its snapshot is discarded")
    func overflowGivesUp() throws {
        var gate = BackfillGate(maximumHeld: 1, maximumRestarts: 0)
        let passResult = gate.request(.startup, topics: [Self.presence])
        let pass = try #require(passResult)
        #expect(gate.live(T.live(Self.presence, "a")) == .hold)
        guard case .overflow(let flushed, nil) = gate.live(T.live(Self.presence, "b")) else {
            Issue.record("expected an overflow without a restart")
            return
        }
        #expect(flushed.count == 2)
        #expect(!gate.emitsRecords)
        #expect(gate.live(T.live(Self.presence, "c")) == .deliver)
        let completionResult = gate.complete(pass.id)
        let completion = try #require(completionResult)
        #expect(!completion.emitRecords)
        #expect(completion.release.isEmpty)
        #expect(gate.emitsRecords, "the next pass starts afresh")
    }

    @Test("a pass over topics without snapshots holds nothing")
    func nothingToHold() throws {
        var gate = BackfillGate(maximumHeld: 10, maximumRestarts: 1)
        let startedResult = gate.request(.gap(Self.gap), topics: [Self.summary])
        _ = try #require(startedResult)
        #expect(gate.live(T.live(Self.summary, "a")) == .deliver)
    }

    @Test("stopping hands back every held event")
    func abandon() throws {
        var gate = BackfillGate(maximumHeld: 10, maximumRestarts: 1)
        let startedResult = gate.request(.startup, topics: [Self.presence])
        _ = try #require(startedResult)
        _ = gate.live(T.live(Self.presence, "a"))
        #expect(gate.abandon().map(\.correlationId) == ["a"])
        #expect(gate.current == nil)
        #expect(gate.live(T.live(Self.presence, "b")) == .deliver)
    }
}
