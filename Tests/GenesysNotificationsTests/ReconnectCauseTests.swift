import Testing

@testable import GenesysNotifications

/// The reconnection causes as metrics label them, from the reports the session machine makes in
/// each situation (so a change of its wording that breaks the classification fails here).
@Suite("Reconnect causes")
struct ReconnectCauseTests {
    typealias Machine = SessionStateMachine
    let t0 = ContinuousClock.now
    /// The machine tests' timeouts: heartbeat 45 s, pong 10 s, connect 15 s.
    let configuration = SessionStateMachineTests().configuration

    func machine(connected: Bool = true) -> Machine {
        var machine = Machine(configuration: configuration, random: { 0.5 })
        _ = machine.handle(.start, now: t0)
        _ = machine.handle(
            .channelReady(.init(id: "streaming-1", connectUri: "wss://streaming.test/x", expiresAt: nil)), now: t0)
        if connected { _ = machine.handle(.socketOpened(.init(value: 1)), now: t0) }
        return machine
    }

    static func causes(_ actions: [Machine.Action]) -> [ReconnectCause] {
        actions.compactMap { if case .report(let change) = $0 { ReconnectCause(change) } else { nil } }
    }

    @Test("no heartbeat and no pong is a heartbeat reconnection")
    func heartbeat() {
        var machine = machine()
        _ = machine.handle(.tick, now: t0 + .seconds(45))
        #expect(Self.causes(machine.handle(.tick, now: t0 + .seconds(55))) == [.heartbeat])
    }

    @Test("a socket that does not open in time, or whose handshake is refused, failed to connect")
    func connectFailed() {
        var timedOut = machine(connected: false)
        #expect(Self.causes(timedOut.handle(.tick, now: t0 + .seconds(15))) == [.connectFailed])
        var refused = machine(connected: false)
        #expect(
            Self.causes(
                refused.handle(
                    .socketOpenFailed(.init(value: 1), channelGone: false, reason: "handshake refused"), now: t0)
            ) == [.connectFailed])
    }

    @Test("the server's close, with a code or by dropping TLS, is serverClosed; other failures are networkError")
    func closes() {
        for (reason, cause) in [
            ("closed 1001: going away", ReconnectCause.serverClosed), ("closed", .serverClosed),
            ("TLS closed without close_notify", .serverClosed),
            ("Connection reset by peer (errno: 104)", .networkError),
        ] {
            var machine = machine()
            #expect(Self.causes(machine.handle(.socketClosed(.init(value: 1), reason: reason), now: t0)) == [cause])
        }
    }

    @Test("a channel gone is channelGone, however the platform said it")
    func channelGone() {
        var machine = machine()
        let actions = machine.handle(.frame(.init(value: 1), .channelGone(reason: "no_longer_subscribed")), now: t0)
        #expect(Self.causes(actions) == [.channelGone])
    }

    @Test("other health changes are not reconnections")
    func others() {
        for change: HealthChange in [
            .connected, .rotated, .rotating, .gapStarted, .disconnected(reason: "closed"), .stopped,
            .channelSetupFailed(reason: "503", retryIn: .seconds(1)),
        ] {
            #expect(ReconnectCause(change) == nil)
        }
    }
}
