import Foundation
import GenesysCloud
import GenesysEmulator
import Testing

@Suite("Emulator: injected faults, as a client sees them")
struct EmulatorFaultTests {
    static let pong = #"{"topicName":"channel.metadata","eventBody":{"message":"pong"}}"#

    @Test("closeAbruptly drops the connection without a close frame")
    func closeAbruptly() async throws {
        try await EmulatorHarness.run(.streaming()) { harness in
            let channel = try await harness.channel()
            try await SocketProbe.with(channel.connectUri) { socket in
                #expect(await eventually { await harness.core.connectedChannelIds() == [channel.id] })
                await harness.core.inject(.closeAbruptly(.channel(channel.id)))
                let ended = try await socket.untilClosed()
                #expect(ended.close == .closed(code: nil, reason: nil))
                #expect(await eventually { await harness.core.connectedChannelIds().isEmpty })
                // The channel itself lives on; a client reconnects to the same connectUri.
                #expect(try await harness.client.channelExists(channel.id))
            }
            try await SocketProbe.with(channel.connectUri) { socket throws in
                socket.send(#"{"message":"ping"}"#)
                #expect(try await socket.next().text == Self.pong)
            }
        }
    }

    @Test("a silenced socket sends no heartbeats and no pongs but still delivers events, until resumed")
    func silentSocket() async throws {
        try await EmulatorHarness.run(.streaming(heartbeat: .milliseconds(100))) { harness in
            let topic = await harness.presenceTopics(1)[0]
            let channel = try await harness.channel(subscribedTo: [topic])
            try await SocketProbe.with(channel.connectUri) { socket throws in
                #expect(try await socket.next().isHeartbeat)
                await harness.core.inject(.stopHeartbeats())
                // An event queued after the fault: once it is here, whatever was queued before
                // the fault (a heartbeat on its way) is out too.
                await harness.core.publish(topic: topic, eventBody: ["marker": "after silence"])
                #expect(
                    value(try await socket.nextSkippingHeartbeats(), "eventBody.marker") as? String == "after silence")
                socket.send(#"{"message":"ping"}"#)
                #expect(try await socket.expectQuiet(for: .milliseconds(400)).isEmpty)
                await harness.core.publish(topic: topic, eventBody: ["still": "flowing"])
                #expect(value(try await socket.next(), "eventBody.still") as? String == "flowing")

                await harness.core.inject(.resumeHeartbeats(.channel(channel.id)))
                #expect(try await socket.next(timeout: .seconds(2)).isHeartbeat)
                socket.send(#"{"message":"ping"}"#)
                #expect(try await socket.nextSkippingHeartbeats().text == Self.pong)
            }
        }
    }

    @Test("socket_closing is announced, events keep flowing, and the socket closes after the grace period")
    func socketClosing() async throws {
        try await EmulatorHarness.run(.streaming(socketClosingGrace: .milliseconds(400))) { harness in
            let topic = await harness.presenceTopics(1)[0]
            let channel = try await harness.channel(subscribedTo: [topic])
            try await SocketProbe.with(channel.connectUri) { socket in
                #expect(await eventually { await harness.core.connectedChannelIds() == [channel.id] })
                let start = ContinuousClock.now
                await harness.core.inject(.socketClosing())
                let notice = try await socket.nextSkippingHeartbeats()
                #expect(notice.topicName == "v2.system.socket_closing")
                #expect(value(notice, "eventBody.channelId") as? String == channel.id)
                await harness.core.publish(topic: topic, eventBody: ["during": "grace"])
                #expect(value(try await socket.nextSkippingHeartbeats(), "eventBody.during") as? String == "grace")
                let ended = try await socket.untilClosed()
                #expect(ended.close == .closed(code: 1001, reason: "socket closing"))
                #expect(start.duration(to: .now) >= .milliseconds(350))
            }
        }
    }

    @Test("a replacement socket opened during the grace period takes over and outlives the old one's deadline")
    func socketClosingRollover() async throws {
        try await EmulatorHarness.run(.streaming()) { harness in
            let topic = await harness.presenceTopics(1)[0]
            let channel = try await harness.channel(subscribedTo: [topic])
            try await SocketProbe.with(channel.connectUri) { old in
                #expect(await eventually { await harness.core.connectedChannelIds() == [channel.id] })
                // A grace period long enough for the replacement to connect on a busy machine.
                await harness.core.inject(.socketClosing(.channel(channel.id), closeAfter: .seconds(3)))
                #expect(try await old.nextSkippingHeartbeats().topicName == "v2.system.socket_closing")
                try await SocketProbe.with(channel.connectUri) { replacement in
                    let ended = try await old.untilClosed()
                    #expect(ended.close == .closed(code: 1000, reason: "another socket connected to this channel"))
                    // Past the old socket's deadline the new one is still open and connected.
                    #expect(try await replacement.expectQuiet(for: .milliseconds(3_200)).allSatisfy(\.isHeartbeat))
                    #expect(await harness.core.connectedChannelIds() == [channel.id])
                    await harness.core.publish(topic: topic, eventBody: ["after": "rollover"])
                    #expect(
                        value(try await replacement.nextSkippingHeartbeats(), "eventBody.after") as? String
                            == "rollover")
                }
            }
        }
    }

    @Test("evict sends no_longer_subscribed, closes the socket and removes the channel")
    func evict() async throws {
        try await EmulatorHarness.run(.streaming()) { harness in
            let channel = try await harness.channel()
            try await SocketProbe.with(channel.connectUri) { socket in
                #expect(await eventually { await harness.core.connectedChannelIds() == [channel.id] })
                await harness.core.inject(.evict(.channel(channel.id)))
                let ended = try await socket.untilClosed()
                let notice = try #require(ended.messages.first { !$0.isHeartbeat })
                #expect(notice.topicName == "v2.system.no_longer_subscribed.\(channel.id)")
                #expect(value(notice, "eventBody.channelId") as? String == channel.id)
                #expect(value(notice, "eventBody.systemTopicType") as? String == "no_longer_subscribed")
                #expect(value(notice, "eventBody.oauthClientId") as? String == "switchboard-emulator")
                #expect(ended.close == .closed(code: 1000, reason: "channel no longer subscribed"))
            }
            #expect(try await harness.client.channelExists(channel.id) == false)
            #expect(try await harness.handshake("/channels/\(channel.id)").status == 404)
        }
    }

    @Test("expireTokens revokes every token: the next call with one gets 401")
    func expireTokens() async throws {
        try await EmulatorHarness.run(.streaming()) { harness in
            let token = try await harness.client.tokens.token().value
            await harness.core.inject(.expireTokens)
            let refused = try await harness.raw(
                "GET", "/api/v2/users", headers: [("Authorization", "Bearer \(token)")], bearer: false)
            #expect(refused.status == 401)
        }
    }

    @Test("a 429 storm refuses the next N REST calls with Retry-After, then lets them through")
    func rateLimitStorm() async throws {
        try await EmulatorHarness.run(.streaming()) { harness in
            _ = try await harness.client.tokens.token()
            await harness.core.inject(.rateLimitStorm(requests: 2, retryAfterSeconds: 7))
            for _ in 0..<2 {
                let refused = try await harness.raw("GET", "/api/v2/users")
                #expect(refused.status == 429)
                #expect(refused.headers.contains { $0.name.lowercased() == "retry-after" && $0.value == "7" })
                #expect(refused.body.contains(#""code":"too.many.requests.retry.after""#))
                #expect(refused.body.contains("[7] seconds"))
            }
            #expect(try await harness.raw("GET", "/api/v2/users").status == 200)

            // The official client waits out Retry-After (on the linked clock) and succeeds.
            await harness.core.inject(.rateLimitStorm(requests: 2, retryAfterSeconds: 7))
            let users = try await harness.client.users()
            #expect(users.entities?.isEmpty == false)
            #expect(harness.clock.sleeps.filter { $0 == .seconds(7) }.count == 2)
        }
    }

    @Test("malformed frames arrive as non-JSON text, JSON without topicName and a binary frame")
    func malformedFrames() async throws {
        try await EmulatorHarness.run(.streaming()) { harness in
            let channel = try await harness.channel()
            try await SocketProbe.with(channel.connectUri) { socket in
                #expect(await eventually { await harness.core.connectedChannelIds() == [channel.id] })
                await harness.core.inject(.malformedFrames(count: 3))
                let notJSON = try await socket.next()
                #expect(notJSON.text != nil && notJSON.json == nil)
                let noTopic = try await socket.next()
                #expect(noTopic.json != nil && noTopic.topicName == nil)
                #expect(try await socket.next() == .binary([0x00, 0x01, 0xFE, 0xFF]))
                socket.send(#"{"message":"ping"}"#)
                #expect(try await socket.next().text == Self.pong)
            }
        }
    }

    @Test("fragmented events arrive split across continuation frames and reassemble to the same envelope")
    func fragmentFrames() async throws {
        try await EmulatorHarness.run(.streaming()) { harness in
            let topic = await harness.presenceTopics(1)[0]
            let channel = try await harness.channel(subscribedTo: [topic])
            try await SocketProbe.with(channel.connectUri) { socket in
                #expect(await eventually { await harness.core.connectedChannelIds() == [channel.id] })
                await harness.core.inject(.fragmentFrames(count: 1))
                await harness.core.publish(topic: topic, eventBody: ["part": "one"])
                await harness.core.publish(topic: topic, eventBody: ["part": "two"])
                guard case .text(let first, let frames) = try await socket.nextSkippingHeartbeats() else {
                    Issue.record("expected a text message")
                    return
                }
                #expect(frames == 3)
                #expect(first.contains(#""eventBody":{"part":"one"}"#))
                guard case .text(_, let secondFrames) = try await socket.nextSkippingHeartbeats() else {
                    Issue.record("expected a text message")
                    return
                }
                #expect(secondFrames == 1)
            }
        }
    }

    @Test("duplicated events arrive twice with the same CorrelationId")
    func duplicateEvents() async throws {
        try await EmulatorHarness.run(.streaming()) { harness in
            let topic = await harness.presenceTopics(1)[0]
            let channel = try await harness.channel(subscribedTo: [topic])
            try await SocketProbe.with(channel.connectUri) { socket in
                #expect(await eventually { await harness.core.connectedChannelIds() == [channel.id] })
                await harness.core.inject(.duplicateEvents(.channel(channel.id), count: 1))
                await harness.core.publish(topic: topic, eventBody: ["n": 1])
                await harness.core.publish(topic: topic, eventBody: ["n": 2])
                let received = [
                    try await socket.nextSkippingHeartbeats(), try await socket.nextSkippingHeartbeats(),
                    try await socket.nextSkippingHeartbeats(),
                ]
                let ids = received.map { value($0, "metadata.CorrelationId") as? String }
                #expect(received[0] == received[1])
                #expect(ids[0] != nil && ids[0] == ids[1] && ids[2] != ids[0])
                #expect(value(received[2], "eventBody.n") as? Int == 2)
                let log = await harness.core.publishedLog()
                #expect(log.count == 2)
                #expect(await eventually { await harness.logged(ids[0] ?? "")?.writtenTo == [channel.id] })
            }
        }
    }

    @Test("a slow socket delays only itself: publishing and other sockets are not held up")
    func slowSocket() async throws {
        try await EmulatorHarness.run(.streaming()) { harness in
            let topic = await harness.presenceTopics(1)[0]
            let slow = try await harness.channel(subscribedTo: [topic])
            let fast = try await harness.channel(subscribedTo: [topic])
            try await SocketProbe.with(slow.connectUri) { slowSocket in
                try await SocketProbe.with(fast.connectUri) { fastSocket in
                    #expect(await eventually { await harness.core.connectedChannelIds().count == 2 })
                    await harness.core.inject(.slowSocket(.channel(slow.id), delay: .milliseconds(800)))
                    let start = ContinuousClock.now
                    for n in 0..<3 { await harness.core.publish(topic: topic, eventBody: ["n": .int(n)]) }
                    #expect(start.duration(to: .now) < .milliseconds(500))
                    for _ in 0..<3 { _ = try await fastSocket.nextSkippingHeartbeats() }
                    #expect(start.duration(to: .now) < .milliseconds(700))
                    _ = try await slowSocket.nextSkippingHeartbeats()
                    #expect(start.duration(to: .now) >= .milliseconds(750))
                }
            }
        }
    }

    @Test("POST /emulator/faults and /emulator/publish drive the same faults and events without a token")
    func adminEndpoints() async throws {
        try await EmulatorHarness.run(.streaming()) { harness in
            let topic = await harness.presenceTopics(1)[0]
            let channel = try await harness.channel(subscribedTo: [topic])
            try await SocketProbe.with(channel.connectUri) { socket in
                #expect(await eventually { await harness.core.connectedChannelIds() == [channel.id] })
                let published = try await harness.raw(
                    "POST", "/emulator/publish", body: #"{"topic":"\#(topic)","eventBody":{"z":1,"a":[true,null]}}"#,
                    bearer: false)
                #expect(published.status == 200)
                #expect(published.body.contains(#""queuedFor":["\#(channel.id)"]"#))
                let event = try await socket.nextSkippingHeartbeats()
                // Key order and nulls are kept as sent.
                #expect(event.text?.contains(#""eventBody":{"z":1,"a":[true,null]}"#) == true)

                let fault = try await harness.raw(
                    "POST", "/emulator/faults", body: #"{"fault":"duplicate:1","channel":"\#(channel.id)"}"#,
                    bearer: false)
                #expect(fault.status == 200)
                #expect(fault.body.contains(#""channels":["\#(channel.id)"]"#))
                let bad = try await harness.raw(
                    "POST", "/emulator/faults", body: #"{"fault":"meltdown"}"#, bearer: false)
                #expect(bad.status == 400)
                #expect(bad.body.contains("meltdown") && bad.body.contains("socket_closing"))
                #expect(try await harness.raw("GET", "/emulator/nothing", bearer: false).status == 404)

                let log = try await harness.raw("GET", "/emulator/published", bearer: false)
                #expect(log.status == 200 && log.body.contains(#""droppedFor":[]"#))
            }
        }
    }
}
