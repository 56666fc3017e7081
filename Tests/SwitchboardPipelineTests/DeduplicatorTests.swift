import Foundation
import GenesysNotifications
import SwitchboardPipeline
import Testing

@Suite("De-duplication")
struct DeduplicatorTests {
    let t0 = ContinuousClock.now
    let body = IntakeFixtures.presenceBody("AVAILABLE")

    func live(_ correlationId: String?, topic: String = IntakeFixtures.presenceTopic(), body: String? = nil)
        -> NotificationEnvelope
    {
        IntakeFixtures.envelope(topic: topic, body: body ?? self.body, correlationId: correlationId)
    }

    @Test("a copy with the same topic and correlation id is dropped, whatever the topic's case")
    func sameCorrelationId() {
        var deduplicator = Deduplicator()
        #expect(deduplicator.admit(live("c-1"), now: t0) == .pass)
        let shouted = live("c-1", topic: IntakeFixtures.presenceTopic().uppercased())
        #expect(deduplicator.admit(shouted, now: t0 + .seconds(1)) == .duplicate)
        #expect(deduplicator.admit(live("c-2"), now: t0 + .seconds(2)) == .pass)
        #expect(deduplicator.counts.seen == 3)
        #expect(deduplicator.counts.passed == 2)
        #expect(deduplicator.counts.droppedAsDuplicate == 1)
    }

    @Test("platform correlation ids (UUIDs) match in either case, and differ by a single digit")
    func uuidCorrelationIds() {
        var deduplicator = Deduplicator()
        let id = "290034f4-c3d7-46fd-8342-ee5bc859b7e9"
        #expect(deduplicator.admit(live(id), now: t0) == .pass)
        #expect(deduplicator.admit(live(id.uppercased()), now: t0) == .duplicate)
        #expect(deduplicator.admit(live("290034f4-c3d7-46fd-8342-ee5bc859b7e8"), now: t0) == .pass)
        #expect(deduplicator.admit(live("190034f4-c3d7-46fd-8342-ee5bc859b7e9"), now: t0) == .pass)
        #expect(
            deduplicator.admit(live(id, topic: IntakeFixtures.presenceTopic(IntakeFixtures.agentB)), now: t0) == .pass)
        // Not quite a UUID: compared as text.
        #expect(deduplicator.admit(live(id + "0"), now: t0) == .pass)
        #expect(deduplicator.admit(live(id + "0"), now: t0) == .duplicate)
        #expect(deduplicator.counts.droppedAsDuplicate == 2)
    }

    @Test("the same correlation id on another topic is another event")
    func correlationIdIsPerTopic() {
        var deduplicator = Deduplicator()
        #expect(deduplicator.admit(live("c-1"), now: t0) == .pass)
        let other = live("c-1", topic: IntakeFixtures.presenceTopic(IntakeFixtures.agentB))
        #expect(deduplicator.admit(other, now: t0) == .pass)
    }

    @Test("a copy arriving once the window has passed goes through; one just inside it does not")
    func windowExpiry() {
        var deduplicator = Deduplicator(configuration: .init(window: .seconds(300)))
        #expect(deduplicator.admit(live("c-1"), now: t0) == .pass)
        #expect(deduplicator.admit(live("c-1"), now: t0 + .milliseconds(299_999)) == .duplicate)
        #expect(deduplicator.rememberedKeys == 1)
        #expect(deduplicator.admit(live("c-1"), now: t0 + .seconds(300)) == .pass)
        // The window runs from the first sighting: copies do not extend it.
        #expect(deduplicator.admit(live("c-1"), now: t0 + .seconds(301)) == .duplicate)
        #expect(deduplicator.admit(live("c-2"), now: t0 + .seconds(700)) == .pass)
        #expect(deduplicator.rememberedKeys == 1, "c-1 expired when c-2 arrived")
    }

    @Test("at the bound the oldest key is forgotten first, and counted")
    func boundForgetsOldest() {
        var deduplicator = Deduplicator(configuration: .init(window: .seconds(300), maximumKeys: 3))
        for (index, id) in ["a", "b", "c", "d"].enumerated() {
            #expect(deduplicator.admit(live(id), now: t0 + .seconds(index)) == .pass)
        }
        #expect(deduplicator.rememberedKeys == 3)
        #expect(deduplicator.counts.forgottenEarly == 1)
        #expect(deduplicator.admit(live("d"), now: t0 + .seconds(5)) == .duplicate)
        #expect(deduplicator.admit(live("b"), now: t0 + .seconds(5)) == .duplicate)
        #expect(deduplicator.admit(live("a"), now: t0 + .seconds(5)) == .pass, "a was forgotten to make room")
    }

    @Test("memory never grows past the bound, however many events arrive")
    func memoryStaysBounded() {
        var deduplicator = Deduplicator(configuration: .init(window: .seconds(3_600), maximumKeys: 100))
        for index in 0..<5_000 {
            _ = deduplicator.admit(live("id-\(index)"), now: t0 + .milliseconds(index))
            #expect(deduplicator.rememberedKeys <= 100)
        }
        #expect(deduplicator.counts.passed == 5_000)
        #expect(deduplicator.counts.forgottenEarly == 4_900)
        #expect(deduplicator.admit(live("id-4999"), now: t0 + .seconds(6)) == .duplicate)
        #expect(deduplicator.admit(live("id-4899"), now: t0 + .seconds(6)) == .pass)
    }

    @Test("across a make-before-break rotation each event is delivered once")
    func rotationOverlap() {
        // The old socket delivers e1…e6; the new one opens during e3 and delivers e3…e9. Frames of
        // the two sockets interleave during the overlap.
        let ids = (1...9).map { "e\($0)" }
        let old = ids[0..<6].map { live($0) }
        let new = ids[2..<9].map { live($0) }
        let arrival = [old[0], old[1], old[2], new[0], old[3], new[1], new[2], old[4], old[5], new[3]] + new[4...]
        var deduplicator = Deduplicator()
        var delivered: [String] = []
        for (index, envelope) in arrival.enumerated()
        where deduplicator.admit(envelope, now: t0 + .milliseconds(10 * index)) == .pass {
            delivered.append(envelope.correlationId ?? "")
        }
        #expect(delivered == ids)
        #expect(deduplicator.counts.droppedAsDuplicate == 4)
    }

    @Test("without a correlation id an identical body on the same topic is a duplicate")
    func bodyHashFallback() {
        var deduplicator = Deduplicator()
        #expect(deduplicator.admit(live(nil), now: t0) == .pass)
        #expect(deduplicator.admit(live(nil), now: t0 + .seconds(1)) == .duplicate)
        // The same JSON with its keys in another order is the same body.
        let reordered =
            #"{"primary":true,"message":"","presenceDefinition":{"systemPresence":"AVAILABLE","id":"6a3af858-942f-489d-9700-5f9bcdcdae9b"},"source":"PURECLOUD"}"#
        #expect(deduplicator.admit(live(nil, body: reordered), now: t0 + .seconds(2)) == .duplicate)
        let changed = IntakeFixtures.presenceBody("BUSY")
        #expect(deduplicator.admit(live(nil, body: changed), now: t0 + .seconds(3)) == .pass)
        let elsewhere = live(nil, topic: IntakeFixtures.presenceTopic(IntakeFixtures.agentB))
        #expect(deduplicator.admit(elsewhere, now: t0 + .seconds(4)) == .pass)
        #expect(deduplicator.counts.droppedAsDuplicate == 2)
    }

    @Test("backfill records are never dropped, and never make a live event a duplicate")
    func backfillUntouched() throws {
        var deduplicator = Deduplicator()
        let topic = IntakeFixtures.presenceTopic()
        #expect(deduplicator.admit(live(nil), now: t0) == .pass)
        let record = try IntakeFixtures.backfill(topic: topic, body: body)
        // The same body as the live event just seen, twice: both re-seed state.
        #expect(deduplicator.admit(record, now: t0 + .seconds(1)) == .pass)
        #expect(deduplicator.admit(record, now: t0 + .seconds(2)) == .pass)
        #expect(deduplicator.rememberedKeys == 1, "backfill records are not remembered")

        var fresh = Deduplicator()
        #expect(fresh.admit(try IntakeFixtures.backfill(topic: topic, body: body), now: t0) == .pass)
        #expect(fresh.admit(live(nil), now: t0 + .seconds(1)) == .pass, "a live event after a backfill record")
        #expect(fresh.counts.backfillPassed == 1)
        #expect(deduplicator.counts.backfillPassed == 2)
        #expect(deduplicator.counts.passed == 3)
        #expect(deduplicator.counts.droppedAsDuplicate == 0)
    }

    @Test("the defaults are a five-minute window and 100,000 keys")
    func defaults() {
        let configuration = Deduplicator.Configuration()
        #expect(configuration.window == .seconds(300))
        #expect(configuration.maximumKeys == 100_000)
    }
}
