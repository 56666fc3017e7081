import Foundation
import GenesysCloud
import GenesysEmulator
import Testing

@Suite("Emulator: notification channels and subscriptions")
struct EmulatorNotificationsTests {
    @Test("a channel has the real id shape, a connectUri on this emulator and a 24-hour expiry")
    func createChannel() async throws {
        try await EmulatorHarness.run { harness in
            let channel = try await harness.client.createChannel()
            #expect(channel.id.wholeMatch(of: /streaming-[0-9]-[a-z0-9]{26}/) != nil)
            #expect(channel.connectUri == "\(harness.address.streamingBaseURL)/channels/\(channel.id)")
            let expires = try #require(channel.expires)
            #expect(abs(expires.timeIntervalSince(harness.emulatorClock.now()) - 86_400) < 1)
            #expect(try await harness.client.channelExists(channel.id))
            let listed = try await harness.client.channels()
            #expect(listed.map(\.id) == [channel.id])
            #expect(try await harness.client.channels(scope: .oauthClient).count == 1)
        }
    }

    @Test("HEAD answers 200 for a live channel and 404 with no body for an unknown one")
    func headOnWire() async throws {
        try await EmulatorHarness.run { harness in
            let channel = try await harness.client.createChannel()
            let live = try await harness.raw("HEAD", "/api/v2/notifications/channels/\(channel.id)")
            #expect(live.status == 200)
            #expect(live.body.isEmpty)
            let gone = try await harness.raw(
                "HEAD", "/api/v2/notifications/channels/streaming-0-aaaaaaaaaaaaaaaaaaaaaaaaaa")
            #expect(gone.status == 404)
            #expect(try await harness.client.channelExists("streaming-0-aaaaaaaaaaaaaaaaaaaaaaaaaa") == false)
        }
    }

    @Test("POST adds, PUT replaces, GET lists and DELETE clears the subscription list")
    func subscriptionLifecycle() async throws {
        try await EmulatorHarness.run { harness in
            let organization = await harness.core.organization
            let users = organization.agents.prefix(3).map(\.id)
            let queue = try #require(organization.queues.first?.id)
            let channel = try await harness.client.createChannel()

            let added = try await harness.client.addSubscriptions(
                channelId: channel.id, topics: users.map { "v2.users.\($0).presence" })
            #expect(added.count == 3)
            #expect(added.allSatisfy { $0.state == .permitted })

            // adding a topic twice (in another case) keeps one copy
            let again = try await harness.client.addSubscriptions(
                channelId: channel.id,
                topics: ["v2.users.\(users[0]).PRESENCE", "v2.routing.queues.\(queue).conversations"])
            #expect(
                again.map(\.id).sorted()
                    == (users.map { "v2.users.\($0).presence" } + ["v2.routing.queues.\(queue).conversations"]).sorted()
            )

            let replaced = try await harness.client.replaceSubscriptions(
                channelId: channel.id, topics: ["v2.analytics.queues.\(queue).observations"])
            #expect(replaced.map(\.id) == ["v2.analytics.queues.\(queue).observations"])
            #expect(
                try await harness.client.subscriptions(channelId: channel.id).map(\.id) == [
                    "v2.analytics.queues.\(queue).observations"
                ])

            try await harness.client.deleteSubscriptions(channelId: channel.id)
            #expect(try await harness.client.subscriptions(channelId: channel.id).isEmpty)
        }
    }

    @Test("a combined topic subscribes each of its suffixes")
    func combinedTopics() async throws {
        try await EmulatorHarness.run { harness in
            let user = try #require(await harness.core.organization.agents.first?.id)
            let channel = try await harness.client.createChannel()
            let result = try await harness.client.addSubscriptions(
                channelId: channel.id, topics: ["v2.users.\(user)?presence&routingStatus&conversationsummary"])
            #expect(
                result.map(\.id) == [
                    "v2.users.\(user).presence", "v2.users.\(user).routingStatus",
                    "v2.users.\(user).conversationsummary",
                ])
            #expect(await harness.core.subscribedTopics(channelId: channel.id)?.count == 3)
        }
    }

    @Test(
        "an unknown or malformed topic is a 400 that names it, and nothing is subscribed",
        arguments: [
            "v2.users.not-a-uuid.presence", "v2.users.\(strangerId).mood", "v3.queues.\(strangerId).everything", "",
        ])
    func invalidTopic(topic: String) async throws {
        try await EmulatorHarness.run { harness in
            let channel = try await harness.client.createChannel()
            await #expect {
                try await harness.client.addSubscriptions(
                    channelId: channel.id, topics: ["v2.users.\(strangerId).presence", topic])
            } throws: { error in
                (error as? GenesysCloudError)?.status == 400 && String(describing: error).contains("Invalid topic")
            }
            #expect(try await harness.client.subscriptions(channelId: channel.id).isEmpty)
        }
    }

    @Test("1,001 topics on one channel are refused with a 400 that states the limit")
    func topicLimit() async throws {
        try await EmulatorHarness.run { harness in
            let channel = try await harness.client.createChannel()
            let topics = (0..<1_001).map { index in
                "v2.users.\(String(format: "%08x", index))-0000-4000-8000-000000000000.presence"
            }
            await #expect {
                try await harness.client.addSubscriptions(channelId: channel.id, topics: topics)
            } throws: { error in
                let text = String(describing: error)
                return (error as? GenesysCloudError)?.status == 400 && text.contains("at most 1000 topics")
                    && text.contains("1001")
            }
            #expect(try await harness.client.subscriptions(channelId: channel.id).isEmpty)
            // exactly the limit is fine
            let accepted = try await harness.client.addSubscriptions(
                channelId: channel.id, topics: Array(topics.prefix(1_000)))
            #expect(accepted.count == 1_000)
        }
    }

    @Test("with ignoreErrors, topics lacking permission come back Rejected with the missing permissions")
    func ignoreErrors() async throws {
        var configuration = EmulatorConfiguration(organization: .init(agents: 4, queues: 2))
        configuration.grantedPermissions = ["analytics:conversationAggregate:view"]
        try await EmulatorHarness.run(configuration) { harness in
            let organization = await harness.core.organization
            let queue = try #require(organization.queues.first?.id)
            let user = try #require(organization.agents.first?.id)
            let channel = try await harness.client.createChannel()
            let topics = [
                "v2.users.\(user).presence", "v2.analytics.queues.\(queue).observations", "v2.users.bad.presence",
            ]

            await #expect {
                try await harness.client.addSubscriptions(channelId: channel.id, topics: Array(topics.prefix(2)))
            } throws: { error in
                (error as? GenesysCloudError)?.status == 403
                    && (error as? GenesysCloudError)?.platformCode == "missing.permissions"
            }

            let results = try await harness.client.addSubscriptions(
                channelId: channel.id, topics: topics, ignoreErrors: true)
            let permitted = results.filter(\.isPermitted).map(\.id)
            #expect(permitted == ["v2.users.\(user).presence"])
            let observation = try #require(results.first { $0.id == "v2.analytics.queues.\(queue).observations" })
            #expect(observation.state == .rejected)
            #expect(observation.missingPermissions == ["analytics:queueObservation:view"])
            #expect(results.contains { $0.id == "v2.users.bad.presence" && $0.state == .rejected })
        }
    }

    @Test("an expired channel is gone: HEAD says so and subscribing fails with the fix")
    func expiredChannel() async throws {
        try await EmulatorHarness.run { harness in
            let channel = try await harness.client.createChannel()
            harness.emulatorClock.advance(by: .seconds(86_401))
            #expect(try await harness.client.channelExists(channel.id) == false)
            await #expect {
                try await harness.client.addSubscriptions(
                    channelId: channel.id, topics: ["v2.users.\(strangerId).presence"])
            } throws: { error in
                let text = String(describing: error)
                return (error as? GenesysCloudError)?.status == 404 && text.contains("create a new channel")
                    && !text.contains(channel.id)
            }
        }
    }

    @Test("resubscribing extends a channel's life by another 24 hours")
    func resubscribeExtends() async throws {
        try await EmulatorHarness.run { harness in
            let channel = try await harness.client.createChannel()
            let topic = "v2.users.\(strangerId).presence"
            _ = try await harness.client.addSubscriptions(channelId: channel.id, topics: [topic])
            harness.emulatorClock.advance(by: .seconds(80_000))
            _ = try await harness.client.replaceSubscriptions(channelId: channel.id, topics: [topic])
            harness.emulatorClock.advance(by: .seconds(80_000))
            #expect(try await harness.client.channelExists(channel.id))
            let listed = try #require(try await harness.client.channels().first?.expires)
            #expect(abs(listed.timeIntervalSince(harness.emulatorClock.now()) - 6_400) < 1)
        }
    }

    @Test("the 21st channel evicts the oldest unconnected one")
    func channelLimit() async throws {
        try await EmulatorHarness.run { harness in
            var created: [Channel] = []
            for _ in 0..<20 {
                created.append(try await harness.client.createChannel())
                harness.emulatorClock.advance(by: .seconds(1))
            }
            // touching the first makes the second the least recently used
            _ = try await harness.client.subscriptions(channelId: created[0].id)
            let extra = try await harness.client.createChannel()
            let listed = Set(try await harness.client.channels().compactMap(\.id))
            #expect(listed.count == 20)
            #expect(listed.contains(extra.id))
            #expect(listed.contains(created[0].id))
            #expect(!listed.contains(created[1].id))
            #expect(try await harness.client.channelExists(created[1].id) == false)
        }
    }

    @Test("available topics list the catalogue with permissions when expanded")
    func availableTopics() async throws {
        try await EmulatorHarness.run { harness in
            let topics = try await harness.client.availableTopics(expand: [.requiresPermissions, .description])
            let observations = try #require(topics.first { $0.id == "v2.analytics.queues.{id}.observations" })
            #expect(observations.requiresPermissions?.contains("analytics:queueObservation:view") == true)
            #expect(topics.contains { $0.id == "v2.users.{id}.presence" })
            #expect(topics.contains { $0.id == "v2.detail.events.conversation.{id}.acd.start" })
        }
    }
}
