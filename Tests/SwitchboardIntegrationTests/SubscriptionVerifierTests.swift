import Foundation
import GenesysCloud
import GenesysEmulator
import GenesysNotifications
import Testing

@Suite("Verifying a subscription before streaming")
struct SubscriptionVerifierTests {
    static func run(
        _ configuration: EmulatorConfiguration,
        _ body: @Sendable (GenesysCloudClient, Organization) async throws -> Void
    ) async throws {
        let core = EmulatorCore(configuration: configuration)
        try await EmulatorServer.withRunning(core: core) { address in
            let api = GenesysCloudClient(
                configuration: .init(
                    endpoints: try PlatformEndpoints(apiURL: address.baseURL),
                    credentials: try ClientCredentials(
                        clientId: configuration.clientId, clientSecret: configuration.clientSecret)))
            try await body(api, await core.organization)
        }
    }

    @Test("a clean set of topics passes every check and leaves no subscriptions behind")
    func clean() async throws {
        try await Self.run(EmulatorConfiguration(organization: .init(agents: 6, queues: 2))) { api, organization in
            let user = try #require(UUID(uuidString: organization.agents[0].id))
            let queue = try #require(UUID(uuidString: organization.queues[0].id))
            let report = try await SubscriptionVerifier(api: api).verify(
                [.userPresence(user), .queueObservations(queue)], metrics: ["oWaiting", "oInteracting"])
            #expect(report.isClean, "\(report.problems)")
            #expect(report.passed.contains("all 2 topics permitted"))
            #expect(report.passed.contains("metrics oWaiting, oInteracting exist"))
            for channel in try await api.channels() {
                #expect(try await api.subscriptions(channelId: channel.id ?? "").isEmpty)
            }
        }
    }

    @Test("unknown users and queues, unknown metrics and missing permissions are each reported with the fix")
    func problems() async throws {
        var configuration = EmulatorConfiguration(organization: .init(agents: 6, queues: 2))
        configuration.grantedPermissions = ["analytics:conversationAggregate:view"]
        try await Self.run(configuration) { api, organization in
            let user = try #require(UUID(uuidString: organization.agents[0].id))
            let queue = try #require(UUID(uuidString: organization.queues[0].id))
            let stranger = try #require(UUID(uuidString: "00000000-0000-4000-8000-00000000000a"))
            let report = try await SubscriptionVerifier(api: api).verify(
                [.userPresence(user), .userPresence(stranger), .queueObservations(queue), .queueObservations(stranger)])
            let text = report.problems.map(\.description)
            #expect(text.contains { $0.contains("user 00000000-0000-4000-8000-00000000000a does not exist") })
            #expect(text.contains { $0.contains("queue 00000000-0000-4000-8000-00000000000a does not exist") })
            #expect(text.contains { $0.contains("observations was rejected: missing analytics:queueObservation:view") })
            // The observation query itself is refused for want of the same permission.
            #expect(text.contains { $0.contains("HTTP 403") && $0.contains("[analytics:queueObservation:view]") })
            #expect(!text.contains { $0.contains(user.uuidString.lowercased()) })
        }
    }

    @Test("an unknown metric is reported with the platform's message")
    func unknownMetric() async throws {
        try await Self.run(EmulatorConfiguration(organization: .init(agents: 4, queues: 1))) { api, organization in
            let queue = try #require(UUID(uuidString: organization.queues[0].id))
            let report = try await SubscriptionVerifier(api: api).verify(
                [.queueObservations(queue)], metrics: ["oHappiness"])
            #expect(
                report.problems.map(\.description).contains { $0.contains("HTTP 400") && $0.contains("oHappiness") })
        }
    }
}
