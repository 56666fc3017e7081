import Testing

@testable import GenesysNotifications

@Suite("Session state machine")
struct SessionStateMachineTests {
    typealias Machine = SessionStateMachine
    let t0 = ContinuousClock.now
    let configuration = SessionConfiguration(
        heartbeatTimeout: .seconds(45), pongTimeout: .seconds(10), connectTimeout: .seconds(15),
        rotationTimeout: .seconds(45), renewalMargin: .seconds(3_600), reconnectBaseDelay: .seconds(1),
        reconnectMaxDelay: .seconds(60))

    func channel(_ id: String = "streaming-1-a", expiresIn: Duration = .seconds(86_400)) -> Machine.ChannelState {
        Machine.ChannelState(id: id, connectUri: "wss://streaming.test/channels/\(id)", expiresAt: t0 + expiresIn)
    }

    /// A machine with a connected socket #1 at t0.
    func connected(random: Double = 0.5) -> Machine {
        var machine = Machine(configuration: configuration, random: { random })
        _ = machine.handle(.start, now: t0)
        _ = machine.handle(.channelReady(channel()), now: t0)
        _ = machine.handle(.socketOpened(.init(value: 1)), now: t0)
        return machine
    }

    static func reports(_ actions: [Machine.Action]) -> [HealthChange] {
        actions.compactMap { if case .report(let change) = $0 { change } else { nil } }
    }

    @Test("start sets up a channel, then opens its socket, then reports connected")
    func startup() {
        var machine = Machine(configuration: configuration, random: { 0.5 })
        #expect(machine.handle(.start, now: t0) == [.setUpChannel(replacing: nil), .report(.settingUpChannel)])
        #expect(
            machine.handle(.channelReady(channel()), now: t0) == [
                .openSocket(.init(value: 1), connectUri: "wss://streaming.test/channels/streaming-1-a")
            ])
        #expect(machine.handle(.socketOpened(.init(value: 1)), now: t0) == [.report(.connected)])
        #expect(machine.phase == .connected(.init(value: 1)))
        #expect(machine.gapStartedAt == nil)
    }

    @Test("channel setup failures wait the larger of Retry-After and the jittered back-off")
    func setupRetry() {
        var machine = Machine(configuration: configuration, random: { 0.5 })
        _ = machine.handle(.start, now: t0)
        let actions = machine.handle(.channelSetupFailed(reason: "429", retryAfter: .seconds(7)), now: t0)
        #expect(Self.reports(actions) == [.channelSetupFailed(reason: "429", retryIn: .seconds(7))])
        #expect(machine.handle(.tick, now: t0 + .seconds(6)) == [])
        #expect(machine.handle(.tick, now: t0 + .seconds(7)) == [.setUpChannel(replacing: nil)])
        // second failure without Retry-After: attempt 2, bound 2 s, jitter 0.5 → 1 s
        let second = machine.handle(.channelSetupFailed(reason: "503", retryAfter: nil), now: t0 + .seconds(7))
        #expect(Self.reports(second) == [.channelSetupFailed(reason: "503", retryIn: .seconds(1))])
    }

    @Test("silence past the heartbeat timeout sends a ping; a pong keeps the socket")
    func pingAndPong() {
        var machine = connected()
        #expect(machine.handle(.tick, now: t0 + .seconds(44)) == [])
        #expect(
            machine.handle(.tick, now: t0 + .seconds(45)) == [
                .sendPing(.init(value: 1)), .report(.heartbeatLate(silentFor: .seconds(45))),
            ])
        #expect(machine.handle(.tick, now: t0 + .seconds(50)) == [])
        _ = machine.handle(.frame(.init(value: 1), .alive), now: t0 + .seconds(51))
        #expect(machine.handle(.tick, now: t0 + .seconds(90)) == [])
        #expect(machine.phase == .connected(.init(value: 1)))
    }

    @Test("heartbeats reset the watchdog")
    func heartbeatsKeepAlive() {
        var machine = connected()
        for second in stride(from: 30, through: 300, by: 30) {
            _ = machine.handle(.frame(.init(value: 1), .alive), now: t0 + .seconds(second))
            #expect(machine.handle(.tick, now: t0 + .seconds(second + 29)) == [])
        }
    }

    @Test("no pong within the timeout closes the socket, starts a gap and schedules a reconnect")
    func pongTimeout() {
        var machine = connected(random: 0.5)
        _ = machine.handle(.tick, now: t0 + .seconds(45))
        let actions = machine.handle(.tick, now: t0 + .seconds(55))
        #expect(actions.first == .closeSocket(.init(value: 1), reason: "no pong within 10.000 s"))
        #expect(Self.reports(actions).contains(.gapStarted))
        #expect(
            Self.reports(actions).contains(
                .reconnectScheduled(reason: "no heartbeat and no pong", retryIn: .milliseconds(500))))
        #expect(machine.gapStartedAt == t0 + .seconds(55))
        #expect(machine.handle(.tick, now: t0 + .milliseconds(55_400)) == [])
        #expect(
            machine.handle(.tick, now: t0 + .milliseconds(55_500)) == [
                .openSocket(.init(value: 2), connectUri: "wss://streaming.test/channels/streaming-1-a")
            ])
        let reopened = machine.handle(.socketOpened(.init(value: 2)), now: t0 + .seconds(56))
        #expect(Self.reports(reopened) == [.connected, .gapEnded(duration: .seconds(1))])
        #expect(machine.gapStartedAt == nil)
    }

    @Test("reconnect back-off doubles per failure up to the cap, with full jitter")
    func backoff() {
        var machine = connected(random: 1.0)
        var now = t0 + .seconds(1)
        _ = machine.handle(.socketClosed(.init(value: 1), reason: "1006"), now: now)
        var waits: [Duration] = []
        for _ in 0..<8 {
            guard case .waitingToConnect(let until, _) = machine.phase else {
                Issue.record("not waiting: \(machine.phase)")
                return
            }
            waits.append(until - now)
            now = until
            let open = machine.handle(.tick, now: now)
            guard case .openSocket(let id, _) = open.first else {
                Issue.record("no open")
                return
            }
            _ = machine.handle(.socketOpenFailed(id, channelGone: false, reason: "refused"), now: now)
        }
        #expect(
            waits == [
                .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(16), .seconds(32), .seconds(60),
                .seconds(60),
            ])
    }

    @Test("socket_closing opens the replacement first and closes the old one only once it is open")
    func makeBeforeBreak() {
        var machine = connected()
        let old = Machine.SocketID(value: 1)
        let rotating = machine.handle(.frame(old, .socketClosing), now: t0 + .seconds(10))
        #expect(
            rotating == [
                .openSocket(.init(value: 2), connectUri: "wss://streaming.test/channels/streaming-1-a"),
                .report(.rotating),
            ])
        #expect(machine.liveSockets == [old, .init(value: 2)])
        let done = machine.handle(.socketOpened(.init(value: 2)), now: t0 + .seconds(11))
        #expect(done == [.closeSocket(old, reason: "replaced after socket_closing"), .report(.rotated)])
        #expect(machine.phase == .connected(.init(value: 2)))
        #expect(machine.gapStartedAt == nil)
        // the old socket's close afterwards changes nothing
        #expect(machine.handle(.socketClosed(old, reason: "1000"), now: t0 + .seconds(12)) == [])
    }

    @Test("if the old socket closes before the replacement opens, that interval is a gap")
    func rotationGap() {
        var machine = connected()
        _ = machine.handle(.frame(.init(value: 1), .socketClosing), now: t0 + .seconds(10))
        #expect(
            machine.handle(.socketClosed(.init(value: 1), reason: "1001"), now: t0 + .seconds(11)) == [
                .report(.gapStarted)
            ])
        let opened = machine.handle(.socketOpened(.init(value: 2)), now: t0 + .seconds(13))
        #expect(Self.reports(opened) == [.rotated, .gapEnded(duration: .seconds(2))])
    }

    @Test("a replacement that fails to open leaves the old socket in charge")
    func rotationFailure() {
        var machine = connected()
        _ = machine.handle(.frame(.init(value: 1), .socketClosing), now: t0 + .seconds(10))
        let failed = machine.handle(
            .socketOpenFailed(.init(value: 2), channelGone: false, reason: "refused"), now: t0 + .seconds(11))
        #expect(Self.reports(failed) == [.rotationFailed(reason: "refused")])
        #expect(machine.phase == .connected(.init(value: 1)))
    }

    @Test("a replacement that never opens is abandoned after the rotation timeout")
    func rotationTimeout() {
        var machine = connected()
        _ = machine.handle(.frame(.init(value: 1), .socketClosing), now: t0 + .seconds(10))
        let actions = machine.handle(.tick, now: t0 + .seconds(55))
        #expect(actions.first == .closeSocket(.init(value: 2), reason: "replacement did not open in time"))
        #expect(machine.phase == .connected(.init(value: 1)))
    }

    @Test("a channel-gone frame closes the socket, starts a gap and sets up a new channel")
    func channelGone() {
        var machine = connected()
        let actions = machine.handle(
            .frame(.init(value: 1), .channelGone(reason: "no_longer_subscribed")), now: t0 + .seconds(5))
        #expect(
            actions == [
                .closeSocket(.init(value: 1), reason: "channel gone"),
                .report(.channelLost(reason: "no_longer_subscribed")),
                .report(.gapStarted), .setUpChannel(replacing: channel()),
            ])
        _ = machine.handle(.channelReady(channel("streaming-2-b")), now: t0 + .seconds(6))
        let opened = machine.handle(.socketOpened(.init(value: 2)), now: t0 + .seconds(7))
        #expect(Self.reports(opened) == [.connected, .gapEnded(duration: .seconds(2))])
        #expect(machine.channel?.id == "streaming-2-b")
    }

    @Test("a handshake 404 replaces the channel instead of retrying the dead one")
    func handshake404() {
        var machine = connected()
        _ = machine.handle(.socketClosed(.init(value: 1), reason: "1006"), now: t0 + .seconds(1))
        guard case .waitingToConnect(let until, _) = machine.phase else {
            Issue.record("not waiting")
            return
        }
        _ = machine.handle(.tick, now: until)
        let actions = machine.handle(.socketOpenFailed(.init(value: 2), channelGone: true, reason: "404"), now: until)
        #expect(actions.contains(.setUpChannel(replacing: channel())))
        #expect(machine.phase == .settingUpChannel(attempt: 1))
    }

    @Test("the channel is renewed the margin before expiry, once, and the new expiry is kept")
    func renewal() {
        var machine = connected()
        let due = t0 + .seconds(86_400 - 3_600)
        _ = machine.handle(.frame(.init(value: 1), .alive), now: due - .seconds(1))
        #expect(machine.handle(.tick, now: due - .seconds(1)) == [])
        _ = machine.handle(.frame(.init(value: 1), .alive), now: due)
        #expect(machine.handle(.tick, now: due) == [.renewChannel(channel())])
        _ = machine.handle(.frame(.init(value: 1), .alive), now: due + .seconds(1))
        #expect(machine.handle(.tick, now: due + .seconds(1)) == [])
        #expect(
            machine.handle(.channelRenewed(expiresAt: due + .seconds(86_400)), now: due + .seconds(2)) == [
                .report(.channelRenewed)
            ])
        #expect(machine.channel?.expiresAt == due + .seconds(86_400))
    }

    @Test("a renewal that does not move the expiry is reported and retried later")
    func ineffectiveRenewal() {
        var machine = connected()
        let due = t0 + .seconds(86_400 - 3_600)
        _ = machine.handle(.frame(.init(value: 1), .alive), now: due)
        _ = machine.handle(.tick, now: due)
        let actions = machine.handle(.channelRenewed(expiresAt: t0 + .seconds(86_400)), now: due)
        #expect(
            Self.reports(actions) == [.channelRenewalFailed(reason: "the platform did not extend the channel's expiry")]
        )
        _ = machine.handle(.frame(.init(value: 1), .alive), now: due + .seconds(899))
        #expect(machine.handle(.tick, now: due + .seconds(899)) == [])
        _ = machine.handle(.frame(.init(value: 1), .alive), now: due + .seconds(900))
        #expect(machine.handle(.tick, now: due + .seconds(900)) == [.renewChannel(channel())])
    }

    @Test("a socket that never opens is given up after the connect timeout")
    func connectTimeout() {
        var machine = Machine(configuration: configuration, random: { 0 })
        _ = machine.handle(.start, now: t0)
        _ = machine.handle(.channelReady(channel()), now: t0)
        #expect(machine.handle(.tick, now: t0 + .seconds(14)) == [])
        let actions = machine.handle(.tick, now: t0 + .seconds(15))
        #expect(actions.first == .closeSocket(.init(value: 1), reason: "no connection within 15.000 s"))
        #expect(machine.phase == .waitingToConnect(until: t0 + .seconds(15), attempt: 2))
    }

    @Test("stop closes every socket and tears the channel's subscriptions down")
    func stop() {
        var machine = connected()
        _ = machine.handle(.frame(.init(value: 1), .socketClosing), now: t0 + .seconds(1))
        #expect(
            machine.handle(.stop, now: t0 + .seconds(2)) == [
                .closeSocket(.init(value: 1), reason: "stopping"), .closeSocket(.init(value: 2), reason: "stopping"),
                .tearDown(channel()), .report(.stopped),
            ])
        #expect(machine.handle(.tick, now: t0 + .seconds(100)) == [])
    }

    @Test("frames and opens from sockets the machine no longer tracks are ignored or closed")
    func staleSockets() {
        var machine = connected()
        #expect(machine.handle(.frame(.init(value: 9), .socketClosing), now: t0) == [])
        #expect(machine.handle(.socketClosed(.init(value: 9), reason: "x"), now: t0) == [])
        #expect(
            machine.handle(.socketOpened(.init(value: 9)), now: t0) == [
                .closeSocket(.init(value: 9), reason: "superseded")
            ])
    }
}
