import Foundation
import GenesysCloud
import Testing

@testable import GenesysEmulator

@Suite("Emulator: the event generator")
struct EventGeneratorTests {
    @Test("at the configured rate it publishes round-robin over the subscribed topics only")
    func rate() async throws {
        try await EmulatorHarness.run(.streaming(eventRate: 20)) { harness in
            let agents = await harness.core.organization.agents.prefix(3).map(\.id)
            let subscribed = ["v2.users.\(agents[0]).presence", "v2.users.\(agents[1]).routingStatus"]
            let channel = try await harness.channel(subscribedTo: subscribed)
            // A channel without a socket does not steer the generator.
            _ = try await harness.channel(subscribedTo: ["v2.users.\(agents[2]).presence"])
            try await SocketProbe.with(channel.connectUri) { socket in
                #expect(await eventually { await harness.core.connectedChannelIds() == [channel.id] })
                let start = ContinuousClock.now
                var topics: [String] = []
                while start.duration(to: .now) < .milliseconds(1_500) {
                    let message = try await socket.nextSkippingHeartbeats()
                    topics.append(try #require(message.topicName))
                    #expect(value(message, "version") as? String == "2")
                }
                let elapsed = start.duration(to: .now)
                let perSecond =
                    Double(topics.count)
                    / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
                #expect(perSecond > 8 && perSecond < 30, "\(perSecond) events a second")
                #expect(Set(topics) == Set(subscribed))
            }
        }
    }

    @Test("presence and routing events change the organisation: REST shows what the events said")
    func restConsistency() async throws {
        try await EmulatorHarness.run(.streaming()) { harness in
            let agent = try #require(await harness.core.organization.agents.first)
            let channel = try await harness.channel(subscribedTo: [
                "v2.users.\(agent.id).presence", "v2.users.\(agent.id).routingStatus",
            ])
            try await SocketProbe.with(channel.connectUri) { socket in
                #expect(await eventually { await harness.core.connectedChannelIds() == [channel.id] })
                for _ in 0..<8 {
                    let events = await harness.core.publishGeneratedEvents()
                    #expect(events.count == 1)
                    let message = try await socket.nextSkippingHeartbeats()
                    let user = try await harness.client.user(id: agent.id)
                    if message.topicName?.hasSuffix(".presence") == true {
                        let id = try #require(value(message, "eventBody.presenceDefinition.id") as? String)
                        let system = try #require(
                            value(message, "eventBody.presenceDefinition.systemPresence") as? String)
                        #expect(user.presence?.presenceDefinition?.id == id)
                        #expect(system == system.uppercased())
                        #expect(value(message, "eventBody.source") as? String == "PURECLOUD")
                    } else {
                        let status = try #require(value(message, "eventBody.routingStatus.status") as? String)
                        #expect(user.routingStatus?.status?.rawValue == status)
                        #expect(value(message, "eventBody.id") as? String == agent.id)
                    }
                    // Routing status follows presence: only agents on queue are anything but OFF_QUEUE.
                    let organization = await harness.core.organization
                    let now = try #require(organization.agent(agent.id))
                    let onQueue = organization.presence(now.presenceId)?.system == .onQueue
                    #expect(onQueue || now.routingStatus == "OFF_QUEUE")
                    #expect(
                        organization.active.filter { $0.agentId == agent.id }.count
                            == (now.routingStatus == "INTERACTING" ? 1 : 0))
                }
            }
        }
    }

    @Test("queue observations go out per (queue, media type) group as zero-length snapshots matching REST")
    func observations() async throws {
        try await EmulatorHarness.run(.streaming()) { harness in
            let queue = try #require(await harness.core.organization.queues.first { $0.mediaTypes.count > 1 })
            let channel = try await harness.channel(subscribedTo: ["v2.analytics.queues.\(queue.id).observations"])
            try await SocketProbe.with(channel.connectUri) { socket in
                #expect(await eventually { await harness.core.connectedChannelIds() == [channel.id] })
                let events = await harness.core.publishGeneratedEvents()
                #expect(events.count == 1 + queue.mediaTypes.count)
                var waiting: [String: Double] = [:]
                for _ in events {
                    let message = try await socket.nextSkippingHeartbeats()
                    #expect(value(message, "eventBody.group.queueId") as? String == queue.id)
                    let data = try #require(value(message, "eventBody.data") as? [[String: Any]])
                    let interval = try #require(data.first?["interval"] as? String)
                    let ends = interval.split(separator: "/")
                    #expect(ends.count == 2 && ends[0] == ends[1])
                    let metrics = try #require(data.first?["metrics"] as? [[String: Any]])
                    if let media = value(message, "eventBody.group.mediaType") as? String {
                        let stats = metrics.first { $0["metric"] as? String == "oWaiting" }?["stats"] as? [String: Any]
                        waiting[media] = (stats?["count"] as? NSNumber)?.doubleValue
                    } else {
                        #expect(metrics.contains { $0["metric"] as? String == "oOnQueueUsers" })
                    }
                }
                let rest = try await harness.client.queueObservations(.queues([queue.id], metrics: ["oWaiting"]))
                for result in rest.results ?? [] {
                    guard let media = result.group?["mediaType"] else { continue }
                    #expect(result.data?.first?.stats?.count == waiting[media])
                }
            }
        }
    }

    @Test("every topic kind gets a body the generator can build")
    func everyTopicKind() async throws {
        let organization = Organization.generate(.init(agents: 6, queues: 3, seed: 4), now: Date())
        var state = organization
        var generator = EventGenerator(seed: 1)
        let agent = organization.agents[0].id
        let queue = organization.queues[1].id
        let topics = [
            "v2.users.\(agent).presence", "v2.users.\(agent).routingStatus", "v2.users.\(agent).activity",
            "v2.users.\(agent).conversationsummary", "v2.users.\(agent).station", "v2.users.\(agent).outofoffice",
            "v2.routing.queues.\(queue).conversations", "v2.routing.queues.\(queue).conversations.calls",
            "v2.routing.queues.\(queue).users", "v2.analytics.queues.\(queue).activity",
            "v2.analytics.users.\(agent).aggregates", "v2.detail.events.conversation.\(strangerId).acd.end",
        ]
        for topic in topics {
            let events = generator.next(topics: [topic], organization: &state, now: Date())
            #expect(events.count == 1, "\(topic)")
            #expect(events.first?.topic == topic)
        }
        #expect(GeneratedTopic("v2.users.\(agent).nonsense") == nil)
        #expect(generator.next(topics: [], organization: &state, now: Date()).isEmpty)
    }
}
