import Testing

@testable import Wallboard

@Suite("Wallboard: what an event stream writes and when")
struct EventStreamScheduleTests {
    @Test("the first snapshot is always sent, the same sequence again is not")
    func firstThenOnlyChanges() {
        var schedule = EventStreamSchedule(keepAliveInterval: .seconds(15))
        let start = ContinuousClock.now
        #expect(schedule.next(sequence: 7, at: start) == .sendSnapshot)
        #expect(schedule.next(sequence: 7, at: start + .seconds(1)) == .wait)
        #expect(schedule.next(sequence: 8, at: start + .seconds(2)) == .sendSnapshot)
        #expect(schedule.next(sequence: 8, at: start + .seconds(3)) == .wait)
        // Any difference counts: an owner that restarts its count is followed too.
        #expect(schedule.next(sequence: 1, at: start + .seconds(4)) == .sendSnapshot)
    }

    @Test("a quiet stream gets a keep-alive once the interval has passed since the last write")
    func keepAlive() {
        var schedule = EventStreamSchedule(keepAliveInterval: .seconds(15))
        let start = ContinuousClock.now
        #expect(schedule.next(sequence: 1, at: start) == .sendSnapshot)
        #expect(schedule.next(sequence: 1, at: start + .milliseconds(14_999)) == .wait)
        #expect(schedule.next(sequence: 1, at: start + .seconds(15)) == .sendKeepAlive)
        #expect(schedule.next(sequence: 1, at: start + .seconds(16)) == .wait)
        // A snapshot is traffic too: the next keep-alive is counted from it.
        #expect(schedule.next(sequence: 2, at: start + .seconds(20)) == .sendSnapshot)
        #expect(schedule.next(sequence: 2, at: start + .seconds(34)) == .wait)
        #expect(schedule.next(sequence: 2, at: start + .seconds(35)) == .sendKeepAlive)
        #expect(schedule.next(sequence: 2, at: start + .seconds(49)) == .wait)
        #expect(schedule.next(sequence: 2, at: start + .seconds(50)) == .sendKeepAlive)
    }

    @Test("events are framed as the event-stream format wants, one data line per line of data")
    func eventText() {
        #expect(
            ServerSentEvent.event("snapshot", id: "3", data: #"{"a":1}"#)
                == "event: snapshot\nid: 3\ndata: {\"a\":1}\n\n")
        #expect(ServerSentEvent.event("x", data: "one\ntwo") == "event: x\ndata: one\ndata: two\n\n")
        #expect(ServerSentEvent.comment("keep-alive") == ": keep-alive\n\n")
        #expect(ServerSentEvent.retry(.milliseconds(2500)) == "retry: 2500\n\n")
    }
}
