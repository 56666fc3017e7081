import Foundation
import GenesysCloud
import GenesysEmulator
import Testing

@Suite("Emulator: organisation, directory and analytics")
struct EmulatorDirectoryTests {
    @Test("the same seed builds the same organisation; another seed another one")
    func deterministic() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let a = Organization.generate(.init(agents: 40, queues: 5, seed: 3), now: now)
        let b = Organization.generate(.init(agents: 40, queues: 5, seed: 3), now: now)
        let c = Organization.generate(.init(agents: 40, queues: 5, seed: 4), now: now)
        #expect(a.agents == b.agents)
        #expect(a.queues == b.queues)
        #expect(a.history == b.history)
        #expect(a.agents.map(\.id) != c.agents.map(\.id))
        #expect(a.queues.allSatisfy { !$0.memberIds.isEmpty })
    }

    @Test("presence definitions carry the fixed system ids, each surface with its own spelling")
    func presenceSpellings() async throws {
        try await EmulatorHarness.run { harness in
            let definitions = try await harness.client.presenceDefinitions()
            let onQueue = try #require(definitions.first { $0.id == "e08eaf1b-ee47-4fa9-a231-1200e284798f" })
            #expect(onQueue.systemPresence?.rawValue == "OnQueue")
            #expect(
                definitions.contains {
                    $0.id == "6a3af858-942f-489d-9700-5f9bcdcdae9b" && $0.systemPresence?.rawValue == "Available"
                })
            #expect(definitions.contains { $0.type == "User" && $0.systemPresence?.rawValue == "Meal" })
            let legacy = try await harness.raw("GET", "/api/v2/presencedefinitions")
            #expect(legacy.body.contains(#""systemPresence":"On Queue""#))
        }
    }

    @Test("queues page through every entry, filter by name wildcard and report members")
    func queues() async throws {
        try await EmulatorHarness.run(EmulatorConfiguration(organization: .init(agents: 60, queues: 12, seed: 2))) {
            harness in
            let page = try await harness.client.queues(pageNumber: 1, pageSize: 5)
            #expect(page.total == 12)
            #expect(page.pageCount == 3)
            #expect(page.entities?.count == 5)
            let all = try await harness.client.allQueues(pageSize: 5)
            #expect(all.count == 12)
            #expect(Set(all.map(\.id)).count == 12)
            let sales = try await harness.client.allQueues(name: "sal*")
            #expect(sales.compactMap(\.name).allSatisfy { $0.hasPrefix("Sales") })
            #expect(!sales.isEmpty)

            let queue = try #require(all.first)
            let members = try await harness.client.allQueueMembers(queueId: queue.id)
            #expect(members.count == queue.memberCount)
            #expect(
                members.allSatisfy {
                    $0.routingStatus?.status != nil && $0.user?.presence?.presenceDefinition?.id != nil
                })
            await #expect {
                try await harness.client.queue(id: strangerId)
            } throws: { error in (error as? GenesysCloudError)?.status == 404 }
        }
    }

    @Test("users expand presence and routing status consistently with the organisation")
    func users() async throws {
        try await EmulatorHarness.run { harness in
            let users = try await harness.client.allUsers(pageSize: 7)
            let organization = await harness.core.organization
            #expect(users.count == organization.agents.count)
            for user in users {
                let agent = try #require(organization.agent(user.id))
                #expect(user.routingStatus?.status?.rawValue == agent.routingStatus)
                #expect(user.presence?.presenceDefinition?.id == agent.presenceId)
            }
            let one = try await harness.client.user(id: users[0].id)
            #expect(one.name == users[0].name)
            let picked = try await harness.client.users(ids: [users[1].id, users[2].id])
            #expect(Set(picked.entities?.map(\.id) ?? []) == [users[1].id, users[2].id])
        }
    }

    @Test("queue observations count agents and conversations from the organisation's state")
    func observations() async throws {
        try await EmulatorHarness.run { harness in
            let organization = await harness.core.organization
            let queue = try #require(organization.queues.first)
            let response = try await harness.client.queueObservations(.queues([queue.id]))
            let userGroup = try #require(response.results?.first { $0.group == ["queueId": queue.id] })
            let members = queue.memberIds.compactMap { organization.agent($0) }
            let onQueue = members.filter { $0.presenceId == SystemPresenceKind.onQueue.id }
            let onQueueTotal = userGroup.data?.filter { $0.metric == "oOnQueueUsers" }.reduce(0) {
                $0 + ($1.stats?.count ?? 0)
            }
            #expect(onQueueTotal == Double(onQueue.count))
            #expect(userGroup.data?.first { $0.metric == "oMemberUsers" }?.stats?.count == Double(members.count))

            let voice = try #require(
                response.results?.first { $0.group == ["queueId": queue.id, "mediaType": "voice"] })
            let waiting = organization.active.filter {
                $0.queueId == queue.id && $0.mediaType == "voice" && $0.state == .waiting
            }
            #expect(voice.data?.first { $0.metric == "oWaiting" }?.stats?.count == Double(waiting.count))
            #expect(response.systemToOrganizationMappings?["ON_QUEUE"] == [SystemPresenceKind.onQueue.id])
        }
    }

    @Test("an observation query for an unknown metric is a 400 naming it")
    func observationBadMetric() async throws {
        try await EmulatorHarness.run { harness in
            await #expect {
                try await harness.client.queueObservations(.queues([strangerId], metrics: ["oWaiting", "oHappiness"]))
            } throws: { error in
                (error as? GenesysCloudError)?.status == 400 && String(describing: error).contains("oHappiness")
            }
        }
    }

    @Test("conversation aggregates add up the seeded history per queue and half-hour")
    func aggregates() async throws {
        try await EmulatorHarness.run { harness in
            let organization = await harness.core.organization
            let queue = try #require(organization.queues.first)
            let now = harness.emulatorClock.now()
            // aligned to the half-hour, as dashboards ask
            let start = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 1_800).rounded(.down) * 1_800 - 86_400)
            let interval = "\(start.formatted(.iso8601))/\(now.formatted(.iso8601))"
            let response = try await harness.client.conversationAggregates(
                ConversationAggregationQuery(
                    interval: interval, granularity: "PT30M", groupBy: ["queueId"],
                    filter: .anyOf("queueId", [queue.id]),
                    metrics: ["nOffered", "tAnswered", "tAbandon", "oServiceLevel"]))
            let result = try #require(response.results?.first)
            #expect(result.group == ["queueId": queue.id])
            let offered = result.data?.compactMap { $0.metrics?.first { $0.metric == "nOffered" }?.stats?.count }
                .reduce(0, +)
            let history = organization.history.filter {
                $0.queueId == queue.id && $0.offered >= start && $0.offered < now
            }
            // Offers count when they happen: interactions still in progress are offered too.
            let open = organization.active.filter {
                $0.queueId == queue.id && $0.enteredQueue >= start && $0.enteredQueue < now
            }
            #expect(offered == Double(history.count + open.count))
            let halfHours = Set(
                (history.map(\.offered) + open.map(\.enteredQueue)).map {
                    ($0.timeIntervalSince1970 / 1_800).rounded(.down)
                })
            #expect(result.data?.count == halfHours.count)
            var levels = 0
            for bucket in result.data ?? [] {
                let answered = bucket.metrics?.first { $0.metric == "tAnswered" }?.stats?.count ?? 0
                let abandoned = bucket.metrics?.first { $0.metric == "tAbandon" }?.stats?.count ?? 0
                // A half-hour with nothing completed yet has no service level.
                guard let level = bucket.metrics?.first(where: { $0.metric == "oServiceLevel" })?.stats else {
                    continue
                }
                #expect(level.denominator == answered + abandoned)
                #expect(level.target == 0.8)
                levels += 1
            }
            #expect(levels >= 8)
        }
    }

    @Test("an aggregate query with a bad interval is a 400 that explains the format")
    func aggregatesBadInterval() async throws {
        try await EmulatorHarness.run { harness in
            await #expect {
                try await harness.client.conversationAggregates(.init(interval: "yesterday", metrics: ["nOffered"]))
            } throws: { error in
                String(describing: error).contains("ISO-8601 interval")
            }
        }
    }
}
