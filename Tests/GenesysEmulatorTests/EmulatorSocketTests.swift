import Foundation
import GenesysCloud
import GenesysEmulator
import Testing
import WSClient

@Suite("Emulator: notification WebSockets")
struct EmulatorSocketTests {
    static let heartbeat = #"{"topicName":"channel.metadata","eventBody":{"message":"WebSocket Heartbeat"}}"#
    static let pong = #"{"topicName":"channel.metadata","eventBody":{"message":"pong"}}"#

    @Test("an unknown or expired channel answers the handshake with 404, a live one upgrades")
    func handshake404() async throws {
        try await EmulatorHarness.run(.streaming()) { harness in
            let unknown = try await harness.handshake("/channels/streaming-0-aaaaaaaaaaaaaaaaaaaaaaaaaa")
            #expect(unknown.status == 404)
            #expect(unknown.body.contains(#""code":"not.found""#))
            await #expect(throws: WebSocketClientError.webSocketUpgradeFailed) {
                try await SocketProbe.with("\(harness.address.streamingBaseURL)/channels/streaming-0-nope") { _ in }
            }

            let channel = try await harness.channel()
            try await SocketProbe.with(channel.connectUri) { socket throws in
                socket.send(#"{"message":"ping"}"#)
                #expect(try await socket.next().text == Self.pong)
            }
            harness.emulatorClock.advance(by: .seconds(86_401))
            #expect(try await harness.handshake("/channels/\(channel.id)").status == 404)
            // Plain HTTP on the socket path is not a REST resource either.
            #expect(try await harness.raw("GET", "/channels/\(channel.id)", bearer: false).status == 404)
        }
    }

    @Test("heartbeats arrive at the configured interval, in the platform's exact form")
    func heartbeats() async throws {
        try await EmulatorHarness.run(.streaming(heartbeat: .milliseconds(150))) { harness in
            let channel = try await harness.channel()
            try await SocketProbe.with(channel.connectUri) { socket in
                let start = ContinuousClock.now
                var arrivals: [Duration] = []
                for _ in 0..<6 {
                    let message = try await socket.next(timeout: .seconds(2), "a heartbeat")
                    #expect(message.text == Self.heartbeat)
                    arrivals.append(start.duration(to: .now))
                }
                // Heartbeats follow a fixed schedule from the socket's start on the server: six
                // cannot all arrive before six intervals, less the moment the client starts its
                // clock after the server (a busy machine can make that a few hundred ms). Judged
                // against the schedule, not between arrivals, since a late read bunches them.
                #expect(arrivals[5] >= .milliseconds(6 * 150 - 300), "heartbeats came faster than their interval")
                // Far below the 30 s default, however busy the machine.
                #expect(arrivals[5] <= .seconds(5), "heartbeats fell far behind their schedule")
            }
        }
    }

    @Test("ping is answered with pong; unknown frames are ignored")
    func pingPong() async throws {
        try await EmulatorHarness.run(.streaming()) { harness in
            let channel = try await harness.channel()
            try await SocketProbe.with(channel.connectUri) { socket throws in
                socket.send("not json at all")
                socket.send(#"{"message":"hello"}"#)
                socket.send("2026-11-23T10:00:00Z")
                socket.send(#"{"message":"ping"}"#)
                #expect(try await socket.next() == .text(Self.pong, frames: 1))
                #expect(try await socket.expectQuiet(for: .milliseconds(200)).isEmpty)
            }
        }
    }

    @Test("a socket-level subscribe answers 200, 400 for a bad topic, 404 once the channel is gone")
    func socketSubscribe() async throws {
        try await EmulatorHarness.run(.streaming()) { harness in
            let users = await harness.core.organization.agents.prefix(2).map(\.id)
            let channel = try await harness.channel(subscribedTo: ["v2.users.\(users[0]).presence"])
            try await SocketProbe.with(channel.connectUri) { socket in
                socket.send(
                    #"{"message":"subscribe","topics":["v2.users.\#(users[1])?presence&routingStatus"],"correlationId":"c-1"}"#
                )
                #expect(
                    try await socket.next().text == #"{"result":"200","status":"subscribed","correlationId":"c-1"}"#)
                // Appended to the REST list, as individual topics.
                #expect(
                    try await harness.client.subscriptions(channelId: channel.id).map(\.id) == [
                        "v2.users.\(users[0]).presence", "v2.users.\(users[1]).presence",
                        "v2.users.\(users[1]).routingStatus",
                    ])

                socket.send(#"{"message":"subscribe","topics":["v2.users.not-a-uuid.presence"],"correlationId":"c-2"}"#)
                let refused = try await socket.next()
                #expect(value(refused, "result") as? String == "400")
                #expect(value(refused, "status") as? String == "failure")
                #expect(value(refused, "correlationId") as? String == "c-2")
                #expect((value(refused, "message") as? String)?.contains("not-a-uuid") == true)
                #expect(try await harness.client.subscriptions(channelId: channel.id).count == 3)

                // The channel's 24 hours pass between heartbeats: the next subscribe finds it gone.
                harness.emulatorClock.advance(by: .seconds(86_401))
                socket.send(
                    #"{"message":"subscribe","topics":["v2.users.\#(users[0]).presence"],"correlationId":"c-3"}"#)
                let gone = try await socket.next()
                #expect(value(gone, "result") as? String == "404")
                #expect(value(gone, "message") is String)
                #expect(try await socket.next() == .closed(code: 1001, reason: "channel expired"))
            }
        }
    }

    @Test("more than the per-channel topic limit over the socket is refused with 400")
    func socketSubscribeLimit() async throws {
        var configuration = EmulatorConfiguration.streaming()
        configuration.topicsPerChannel = 2
        try await EmulatorHarness.run(configuration) { harness in
            let topics = await harness.presenceTopics(3)
            let channel = try await harness.channel(subscribedTo: Array(topics.prefix(2)))
            try await SocketProbe.with(channel.connectUri) { socket in
                socket.send(#"{"message":"subscribe","topics":["\#(topics[2])"],"correlationId":"x"}"#)
                let refused = try await socket.next()
                #expect(value(refused, "result") as? String == "400")
                #expect((value(refused, "message") as? String)?.contains("at most 2 topics") == true)
            }
        }
    }

    @Test("a published event reaches only subscribed sockets, in the exact platform envelope")
    func publishEnvelope() async throws {
        try await EmulatorHarness.run(.streaming()) { harness in
            let topics = await harness.presenceTopics(2)
            let first = try await harness.channel(subscribedTo: [topics[0]])
            let second = try await harness.channel(subscribedTo: [topics[1]])
            try await SocketProbe.with(first.connectUri) { one in
                try await SocketProbe.with(second.connectUri) { two in
                    #expect(await eventually { await harness.core.connectedChannelIds().count == 2 })
                    let body: WireJSON = [
                        "source": "PURECLOUD",
                        "presenceDefinition": [
                            "id": "227b37e2-f1d0-4dd0-8f50-badd7cf6d158", "systemPresence": "BREAK",
                        ],
                        "primary": true, "message": "",
                    ]
                    // Topic names match case-insensitively; the envelope carries the canonical one.
                    let queued = await harness.core.publish(topic: topics[0].uppercased(), eventBody: body)
                    #expect(queued == [first.id])
                    let entry = try #require(await harness.core.publishedLog().last)
                    #expect(entry.topic == topics[0])
                    #expect(entry.queuedFor == [first.id])
                    let expected =
                        #"{"topicName":"\#(topics[0])","version":"2","eventBody":{"source":"PURECLOUD","presenceDefinition":{"id":"227b37e2-f1d0-4dd0-8f50-badd7cf6d158","systemPresence":"BREAK"},"primary":true,"message":""},"metadata":{"CorrelationId":"\#(entry.correlationId)"}}"#
                    #expect(try await one.nextSkippingHeartbeats() == .text(expected, frames: 1))
                    #expect(await eventually { await harness.logged(entry.correlationId)?.writtenTo == [first.id] })
                    two.send(#"{"message":"ping"}"#)
                    #expect(try await two.nextSkippingHeartbeats().text == Self.pong)
                }
            }
        }
    }

    @Test("events published while a channel has no socket are dropped, and the log says so")
    func droppedWhileDisconnected() async throws {
        try await EmulatorHarness.run(.streaming()) { harness in
            let topic = await harness.presenceTopics(1)[0]
            let channel = try await harness.channel(subscribedTo: [topic])
            let queued = await harness.core.publish(topic: topic, eventBody: ["message": "lost"])
            #expect(queued.isEmpty)
            let entry = try #require(await harness.core.publishedLog().last)
            #expect(entry.queuedFor.isEmpty && entry.writtenTo.isEmpty)
            #expect(entry.droppedFor == [channel.id])
            #expect(await harness.core.droppedDeliveryCount() == 1)
            try await SocketProbe.with(channel.connectUri) { socket throws in
                // Nothing is replayed on connect (the platform has no buffering).
                socket.send(#"{"message":"ping"}"#)
                #expect(try await socket.nextSkippingHeartbeats().text == Self.pong)
                await harness.core.publish(topic: topic, eventBody: ["message": "delivered"])
                #expect(value(try await socket.nextSkippingHeartbeats(), "eventBody.message") as? String == "delivered")
            }
        }
    }

    @Test("a second socket on a channel closes the first; the channel stays connected")
    func secondSocketKicksFirst() async throws {
        try await EmulatorHarness.run(.streaming()) { harness in
            let topic = await harness.presenceTopics(1)[0]
            let channel = try await harness.channel(subscribedTo: [topic])
            try await SocketProbe.with(channel.connectUri) { first in
                #expect(await eventually { await harness.core.connectedChannelIds() == [channel.id] })
                try await SocketProbe.with(channel.connectUri) { second in
                    let ended = try await first.untilClosed()
                    #expect(ended.close == .closed(code: 1000, reason: "another socket connected to this channel"))
                    #expect(await harness.core.connectedChannelIds() == [channel.id])
                    await harness.core.publish(topic: topic, eventBody: ["n": 1])
                    #expect(value(try await second.nextSkippingHeartbeats(), "eventBody.n") as? Int == 1)
                }
                #expect(await eventually { await harness.core.connectedChannelIds().isEmpty })
            }
        }
    }

    @Test("the 21st channel evicts the least recently used unconnected channel before a connected one")
    func evictionPrefersUnconnected() async throws {
        var configuration = EmulatorConfiguration.streaming()
        configuration.channelsPerClient = 2
        try await EmulatorHarness.run(configuration) { harness in
            let oldest = try await harness.channel()
            let unconnected = try await harness.channel()
            try await SocketProbe.with(oldest.connectUri) { socket in
                #expect(await eventually { await harness.core.connectedChannelIds() == [oldest.id] })
                let newer = try await harness.channel()
                #expect(try await harness.client.channelExists(unconnected.id) == false)
                #expect(try await harness.client.channelExists(oldest.id))

                // With every channel connected, the least recently used goes, and its socket is told.
                // (Emulated time stands still unless moved: move it so the two uses differ.)
                harness.emulatorClock.advance(by: .seconds(5))
                try await SocketProbe.with(newer.connectUri) { _ in
                    #expect(await eventually { await harness.core.connectedChannelIds().count == 2 })
                    let third = try await harness.channel()
                    #expect(try await harness.client.channelExists(oldest.id) == false)
                    #expect(try await harness.client.channelExists(newer.id))
                    #expect(try await harness.client.channelExists(third.id))
                    let ended = try await socket.untilClosed()
                    let notice = try #require(ended.messages.first { !$0.isHeartbeat })
                    #expect(notice.topicName == "v2.system.no_longer_subscribed.\(oldest.id)")
                    #expect(value(notice, "eventBody.channelId") as? String == oldest.id)
                    #expect(value(notice, "eventBody.systemTopicType") as? String == "no_longer_subscribed")
                    #expect(ended.close == .closed(code: 1000, reason: "channel no longer subscribed"))
                }
            }
        }
    }

    @Test("a channel past its 24 hours closes its socket with 1001 at the next heartbeat tick")
    func expiryClosesSocket() async throws {
        try await EmulatorHarness.run(.streaming(heartbeat: .milliseconds(100))) { harness in
            let channel = try await harness.channel()
            try await SocketProbe.with(channel.connectUri) { socket in
                #expect(try await socket.next().isHeartbeat)
                harness.emulatorClock.advance(by: .seconds(86_401))
                let ended = try await socket.untilClosed()
                #expect(ended.close == .closed(code: 1001, reason: "channel expired"))
                #expect(try await harness.client.channelExists(channel.id) == false)
            }
        }
    }
}
