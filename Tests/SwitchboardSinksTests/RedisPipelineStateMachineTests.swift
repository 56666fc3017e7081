import NIOCore
import Testing

@testable import SwitchboardSinks

@Suite("Redis pipeline state machine")
struct RedisPipelineStateMachineTests {
    typealias Machine = RedisPipelineStateMachine<Int>
    let t0 = NIODeadline.uptimeNanoseconds(1_000_000_000)
    let timeout = Duration.seconds(2)

    func machine() -> Machine { Machine(endpoint: "127.0.0.1:6390", commandTimeout: timeout) }

    static func sent(_ action: Machine.SendAction) -> NIODeadline?? {
        if case .write(let deadline) = action { deadline } else { nil }
    }

    @Test("pipelined commands get replies in the order they were sent")
    func repliesInOrder() {
        var machine = machine()
        for id in 1...3 { _ = machine.send(id, command: "INCR", now: t0) }
        var answered: [Int] = []
        for _ in 1...3 {
            if case .succeed(let id) = machine.replyReceived() { answered.append(id) }
        }
        #expect(answered == [1, 2, 3])
        #expect(machine.waitingCount == 0)
    }

    @Test("only the first command into an idle queue arms the timer, for its own deadline")
    func oneTimerForTheQueue() {
        var machine = machine()
        #expect(Self.sent(machine.send(1, command: "GET", now: t0)) == .some(t0 + .seconds(2)))
        #expect(Self.sent(machine.send(2, command: "GET", now: t0 + .milliseconds(10))) == .some(nil))
    }

    @Test("a timer that fires after its command was answered re-arms for the next oldest")
    func timerRearms() {
        var machine = machine()
        _ = machine.send(1, command: "GET", now: t0)
        _ = machine.send(2, command: "SET", now: t0 + .milliseconds(500))
        _ = machine.replyReceived()
        guard case .rearm(let deadline) = machine.timerFired(now: t0 + .seconds(2)) else {
            Issue.record("expected the timer to re-arm")
            return
        }
        #expect(deadline == t0 + .milliseconds(2500))
        // a command sent while the timer is armed does not arm another
        #expect(Self.sent(machine.send(3, command: "DEL", now: t0 + .seconds(2))) == .some(nil))
    }

    @Test("a timer with nothing waiting does nothing, and the next command arms a new one")
    func idleTimer() {
        var machine = machine()
        _ = machine.send(1, command: "GET", now: t0)
        _ = machine.replyReceived()
        guard case .none = machine.timerFired(now: t0 + .seconds(2)) else {
            Issue.record("expected no action")
            return
        }
        #expect(Self.sent(machine.send(2, command: "GET", now: t0 + .seconds(3))) == .some(t0 + .seconds(5)))
    }

    @Test("an overdue command fails every waiting command with a timeout naming it, and the machine stays closed")
    func timeoutFailsEverything() {
        var machine = machine()
        _ = machine.send(1, command: "BLPOP", now: t0)
        _ = machine.send(2, command: "GET", now: t0 + .milliseconds(1))
        guard case .timeOut(let failing, let error) = machine.timerFired(now: t0 + .seconds(2)) else {
            Issue.record("expected a timeout")
            return
        }
        #expect(failing == [1, 2])
        #expect(error == .commandTimedOut(endpoint: "127.0.0.1:6390", command: "BLPOP", after: .seconds(2)))
        // the late reply to BLPOP must not be handed to anyone
        guard case .ignore = machine.replyReceived() else {
            Issue.record("a late reply must be dropped")
            return
        }
        guard case .fail(let later) = machine.send(3, command: "PING", now: t0 + .seconds(3)) else {
            Issue.record("a closed machine must refuse commands")
            return
        }
        #expect(later == error)
    }

    @Test("a reply with no command waiting closes the machine as a protocol violation")
    func unsolicitedReply() {
        var machine = machine()
        guard case .close(let failing, let error) = machine.replyReceived() else {
            Issue.record("expected the machine to close")
            return
        }
        #expect(failing.isEmpty)
        #expect(
            error
                == .protocolViolation(
                    endpoint: "127.0.0.1:6390", detail: "a reply arrived with no command waiting for it")
        )
        #expect(machine.isClosed)
    }

    @Test("closing returns every waiting command once; the first reason stands")
    func closeOnce() {
        var machine = machine()
        _ = machine.send(1, command: "GET", now: t0)
        _ = machine.send(2, command: "GET", now: t0)
        let lost = RedisClientError.connectionLost(endpoint: "127.0.0.1:6390", reason: "connection reset by peer")
        #expect(machine.close(because: lost) == [1, 2])
        #expect(machine.close(because: .connectionClosed(endpoint: "127.0.0.1:6390")) == [])
        guard case .fail(let error) = machine.send(3, command: "GET", now: t0) else {
            Issue.record("a closed machine must refuse commands")
            return
        }
        #expect(error == lost)
    }
}
