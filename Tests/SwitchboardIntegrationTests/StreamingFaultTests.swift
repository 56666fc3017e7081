import Foundation
import GenesysCloud
import GenesysEmulator
import GenesysNotifications
import Testing

/// End to end over loopback: the real client against the emulator, through every fault the
/// emulator can inject. Each test checks the exactly-once contract and the recovery.
@Suite("Streaming through faults", .serialized)
struct StreamingFaultTests {
    @Test("events flow exactly once on a healthy channel, and heartbeats keep it up")
    func healthy() async throws {
        try await StreamingHarness.run(topics: { $0.presenceTopics }) { harness in
            try await harness.publish(200, on: harness.organization.presenceTopics)
            try await harness.expectExactlyOnce()
            try await Task.sleep(for: .milliseconds(800))
            #expect(harness.received.count(.connected) == 1)
            #expect(harness.received.gaps.isEmpty)
            let first = try #require(harness.received.events.first)
            #expect(first.version == "2")
            #expect(first.eventBody["source"]?.stringValue == "PURECLOUD")
            // The client's own view of its channel, as readiness checks and metrics read it.
            let status = try #require(harness.client.channels.first)
            #expect(harness.client.channels.count == 1)
            #expect(status.connection == .connected && status.isLive)
            #expect(status.topics == harness.organization.presenceTopics.count)
            #expect(status.reconnects == 0 && status.gapSince == nil)
            let now = Date()
            #expect((status.channelAge(at: now) ?? -1) >= 0.8)
            // Heartbeats come every second here: the socket was heard from within the last two.
            #expect((status.silence(at: now) ?? .infinity) < 2)
            #expect(status.expiresAt.map { $0 > now.addingTimeInterval(3_600) } == true)
            let channelId = try #require(await harness.core.connectedChannelIds().first)
            #expect(status.channel != nil && status.channel != channelId, "a full channel id never leaves the session")
        }
    }

    @Test("an abrupt close is a gap: reconnect within the bounds, exactly once around it")
    func abruptClose() async throws {
        try await StreamingHarness.run(topics: { $0.presenceTopics }) { harness in
            let topics = harness.organization.presenceTopics
            try await harness.publish(50, on: topics)
            await harness.core.inject(.closeAbruptly(.all))
            let faultAt = ContinuousClock.now
            try await harness.publish(100, on: topics)
            try await harness.received.wait("reconnection") { $0.count(.connected) >= 2 }
            #expect(ContinuousClock.now - faultAt < .seconds(3))
            try await harness.publish(50, on: topics)
            try await harness.expectExactlyOnce()
            try await harness.received.wait("the gap report") { !$0.gaps.isEmpty }
            #expect(harness.received.gaps.first?.topics.count == topics.count)
            let status = try #require(harness.client.channels.first)
            #expect(status.reconnects >= 1 && status.isLive && status.gapSince == nil)
            let causes = harness.received.changes.compactMap(ReconnectCause.init)
            #expect(!causes.isEmpty && causes.allSatisfy { $0 == .serverClosed || $0 == .networkError }, "\(causes)")
        }
    }

    @Test("a silent socket is pinged, then replaced when no pong comes")
    func silentSocket() async throws {
        try await StreamingHarness.run(topics: { $0.presenceTopics }) { harness in
            await harness.core.inject(.stopHeartbeats(.all))
            try await harness.received.wait("the late heartbeat") { received in
                received.changes.contains { if case .heartbeatLate = $0 { true } else { false } }
            }
            try await harness.received.wait("reconnection after no pong") { $0.count(.connected) >= 2 }
            try await harness.publish(60, on: harness.organization.presenceTopics)
            try await harness.expectExactlyOnce()
            #expect(harness.received.changes.compactMap(ReconnectCause.init).first == .heartbeat)
        }
    }

    @Test("socket_closing rotates make-before-break with no gap and no duplicate")
    func socketClosing() async throws {
        try await StreamingHarness.run(topics: { $0.presenceTopics }) { harness in
            let topics = harness.organization.presenceTopics
            try await harness.publish(40, on: topics)
            await harness.core.inject(.socketClosing(.all, closeAfter: .milliseconds(1_500)))
            try await harness.publish(150, on: topics)
            try await harness.received.wait("the rotation") { $0.count(.rotated) >= 1 }
            try await harness.publish(40, on: topics)
            try await harness.expectExactlyOnce()
            // The platform closes the old socket as it attaches the new one. When the client
            // happens to read that close before its own handshake completes, it cannot tell a
            // replacement from a loss and reports a gap of a few milliseconds (backfill then
            // re-seeds, harmlessly). Anything longer would be a real break in the rotation.
            #expect(harness.received.gaps.allSatisfy { $0.end.timeIntervalSince($0.start) < 0.25 })
            // every published event reached the client: nothing fell between the sockets
            let log = await harness.core.publishedLog()
            #expect(log.allSatisfy { !$0.writtenTo.isEmpty })
        }
    }

    @Test("an evicted channel is replaced: new channel, topics resubscribed, events flow again")
    func eviction() async throws {
        try await StreamingHarness.run(topics: { $0.presenceTopics }) { harness in
            let before = try await harness.connectedChannels()
            await harness.core.inject(.evict(.all))
            try await harness.received.wait("the replacement channel") { $0.count(.connected) >= 2 }
            let after = try await harness.connectedChannels { !$0.isEmpty && Set($0).isDisjoint(with: before) }
            #expect(Set(before).isDisjoint(with: after))
            let subscribed = try #require(await harness.core.subscribedTopics(channelId: after[0]))
            #expect(subscribed.count == harness.organization.presenceTopics.count)
            try await harness.publish(60, on: harness.organization.presenceTopics)
            try await harness.expectExactlyOnce()
            #expect(harness.received.changes.contains { if case .channelLost = $0 { true } else { false } })
            #expect(harness.received.changes.compactMap(ReconnectCause.init).contains(.channelGone))
            let status = try #require(harness.client.channels.first)
            #expect(status.reconnects >= 1 && status.isLive)
        }
    }

    @Test("expired tokens and a 429 storm during channel replacement are ridden out")
    func tokensAndRateLimits() async throws {
        try await StreamingHarness.run(topics: { $0.presenceTopics }) { harness in
            await harness.core.inject(.expireTokens)
            await harness.core.inject(.rateLimitStorm(requests: 3, retryAfterSeconds: 1))
            await harness.core.inject(.evict(.all))
            try await harness.received.wait(for: .seconds(8), "the replacement channel") { $0.count(.connected) >= 2 }
            try await harness.publish(40, on: harness.organization.presenceTopics)
            try await harness.expectExactlyOnce()
        }
    }

    @Test("malformed frames are counted and skipped; the stream goes on")
    func malformedFrames() async throws {
        try await StreamingHarness.run(topics: { $0.presenceTopics }) { harness in
            await harness.core.inject(.malformedFrames(.all, count: 3))
            try await harness.publish(30, on: harness.organization.presenceTopics)
            try await harness.expectExactlyOnce()
            try await harness.received.wait("the malformed-frame reports") { received in
                received.health.contains { if case .malformedFrame = $0.kind { true } else { false } }
            }
            #expect(harness.received.count(.connected) == 1)
        }
    }

    @Test("an over-long message is counted and skipped; the socket stays and the stream goes on")
    func oversizedMessage() async throws {
        try await StreamingHarness.run(maximumFrameSize: 4_096, topics: { $0.presenceTopics }) { harness in
            let topic = try #require(harness.organization.presenceTopics.first)
            _ = await harness.core.publish(
                topic: topic.name, eventBody: ["message": .string(String(repeating: "x", count: 10_000))])
            try await harness.received.wait("the oversized-frame report") { received in
                received.health.contains { if case .malformedFrame(.oversized, _) = $0.kind { true } else { false } }
            }
            try await harness.publish(20, on: harness.organization.presenceTopics)
            try await harness.received.wait("the later events") { $0.events.count >= 20 }
            #expect(harness.received.events.allSatisfy { $0.rawText.count < 4_096 })
            #expect(harness.received.count(.connected) == 1)
        }
    }

    @Test("fragmented, duplicated and slowed frames still arrive whole, once and in order")
    func awkwardFrames() async throws {
        try await StreamingHarness.run(topics: { $0.presenceTopics }) { harness in
            let topics = harness.organization.presenceTopics
            await harness.core.inject(.fragmentFrames(.all, count: 10))
            await harness.core.inject(.duplicateEvents(.all, count: 10))
            try await harness.publish(30, on: topics)
            await harness.core.inject(.slowSocket(.all, delay: .milliseconds(5)))
            try await harness.publish(30, on: topics)
            // the slowed socket is still writing: wait for all sixty
            try await harness.received.wait("all sixty events") { $0.events.count >= 60 }
            try await harness.expectExactlyOnce()
            let messages = harness.received.events.compactMap { $0.eventBody["message"]?.stringValue }
            #expect(messages == (0..<30).map { "event \($0)" } + (0..<30).map { "event \($0)" })
        }
    }
}

@Suite("Streaming across the channel's lifetime", .serialized)
struct StreamingLifetimeTests {
    @Test("a channel that expires is replaced: the refused handshake is checked and a new channel made")
    func expiry() async throws {
        let clock = ManualEmulatorClock(start: Date())
        try await StreamingHarness.run(clock: clock, topics: { $0.presenceTopics }) { harness in
            let first = try await harness.connectedChannels()
            clock.advance(by: .seconds(86_401))
            try await harness.received.wait("the replacement channel") { $0.count(.connected) >= 2 }
            let second = try await harness.connectedChannels { !$0.isEmpty && Set($0).isDisjoint(with: first) }
            #expect(second.count == 1)
            #expect(Set(first).isDisjoint(with: second))
            try await harness.publish(40, on: harness.organization.presenceTopics)
            try await harness.expectExactlyOnce()
        }
    }

    @Test("the channel is renewed before it expires and keeps its socket")
    func renewal() async throws {
        var emulator = StreamingHarness.emulatorConfiguration()
        emulator.channelLifetime = .seconds(3)
        var session = StreamingHarness.session
        session.renewalMargin = .milliseconds(2_500)
        try await StreamingHarness.run(emulator, session: session, topics: { $0.presenceTopics }) { harness in
            let channel = try await harness.connectedChannels()
            try await harness.received.wait("a renewal") { $0.count(.channelRenewed) >= 1 }
            try await Task.sleep(for: .seconds(3))
            #expect(await harness.core.connectedChannelIds() == channel)
            #expect(harness.received.count(.connected) == 1)
            #expect(!harness.received.changes.contains { if case .channelLost = $0 { true } else { false } })
        }
    }
}

@Suite("Streaming topics and limits", .serialized)
struct StreamingTopicTests {
    @Test("topics added while running are subscribed and delivered; removed ones stop")
    func changeTopics() async throws {
        try await StreamingHarness.run(topics: { Array($0.presenceTopics.prefix(5)) }) { harness in
            let all = harness.organization.presenceTopics
            harness.client.setTopics(Array(all.suffix(5)))
            let channel = try #require(try await harness.connectedChannels().first)
            var subscribed: [String] = []
            for _ in 0..<200 {
                subscribed = await harness.core.subscribedTopics(channelId: channel) ?? []
                if Set(subscribed) == Set(all.suffix(5).map(\.name)) { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(Set(subscribed) == Set(all.suffix(5).map(\.name)))
            try await harness.publish(20, on: Array(all.suffix(5)))
            try await harness.publish(5, on: Array(all.prefix(5)))
            try await harness.expectExactlyOnce()
            #expect(
                harness.received.events.allSatisfy { event in all.suffix(5).contains { $0.name == event.topicName } })
        }
    }

    @Test("1,500 topics go on two channels of at most 1,000, both streaming")
    func twoChannels() async throws {
        let manyTopics: @Sendable (Organization) -> [Topic] = { organization in
            (0..<1_500).map { index in
                let b = withUnsafeBytes(of: UInt32(index).bigEndian) { Array($0) }
                return Topic.userPresence(
                    UUID(uuid: (b[0], b[1], b[2], b[3], 0, 0, 0x40, 0, 0x80, 0, 0, 0, 0, 0, 0, 1)))
            }
        }
        try await StreamingHarness.run(topics: manyTopics) { harness in
            try await harness.received.wait("both channels") { $0.count(.connected) >= 2 }
            let channels = try await harness.connectedChannels { $0.count == 2 }
            #expect(channels.count == 2)
            var counts: [Int] = []
            for channel in channels {
                counts.append(await harness.core.subscribedTopics(channelId: channel)?.count ?? 0)
            }
            #expect(counts.sorted() == [500, 1_000])
            let topics = manyTopics(harness.organization)
            try await harness.publish(20, on: [topics[0], topics[1_499]], spacing: .milliseconds(1))
            try await harness.expectExactlyOnce()
        }
    }
}
