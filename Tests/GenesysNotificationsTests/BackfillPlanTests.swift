import Foundation
import Testing

@testable import GenesysNotifications

@Suite("Backfill plan")
struct BackfillPlanTests {
    typealias T = BackfillTestSupport

    static func userIds(_ count: Int) -> [String] {
        (0..<count).map { String(format: "00000000-0000-4000-8000-%012d", $0) }
    }

    @Test("presence, routing status and activity of one user are one user id; observations one queue id")
    func groupsByEntity() {
        let plan = BackfillPlan(topics: [
            T.presence(T.alice), T.routingStatus(T.alice), T.activity(T.alice), T.presence(T.bob),
            T.observations(T.sales),
        ])
        #expect(plan.requests == [.users([T.alice, T.bob]), .queueObservations([T.sales])])
        #expect(plan.topics(ofUser: T.alice) == [T.presence(T.alice), T.routingStatus(T.alice), T.activity(T.alice)])
        #expect(plan.observationTopic(ofQueue: T.sales.uppercased()) == T.observations(T.sales))
        #expect(plan.notBackfillable.isEmpty)
    }

    @Test("topics without a REST snapshot are listed as not backfillable, never dropped")
    func listsNotBackfillable() {
        let detail = T.topic("v2.detail.events.conversation.\(T.conversation).acd.start")
        let aggregates = T.topic("v2.analytics.users.\(T.alice).aggregates")
        let plan = BackfillPlan(topics: [
            T.conversationSummary(T.alice), T.presence(T.alice), T.conversations(T.sales), detail, aggregates,
        ])
        #expect(plan.backfillable == [T.presence(T.alice)])
        #expect(plan.notBackfillable == [T.conversationSummary(T.alice), T.conversations(T.sales), detail, aggregates])
        #expect(plan.requests == [.users([T.alice])])
        #expect(!TopicFamily.userConversationSummary.isBackfillable)
        #expect(TopicFamily.queueObservations.isBackfillable)
    }

    @Test("users go 100 a request at most, whatever is configured; queues as configured")
    func batches() {
        let users = Self.userIds(250).map { T.presence($0) }
        let queues = Self.userIds(5).map { T.observations($0) }
        let plan = BackfillPlan(topics: users + queues, usersPerRequest: 500, queuesPerQuery: 2)
        let sizes = plan.requests.map { request -> String in
            switch request {
            case .users(let ids): "u\(ids.count)"
            case .queueObservations(let ids): "q\(ids.count)"
            }
        }
        #expect(sizes == ["u100", "u100", "u50", "q2", "q2", "q1"])
        #expect(plan.topics(of: plan.requests[2]) == Array(users.suffix(50)))
        #expect(plan.topics(of: plan.requests[5]) == [queues[4]])
    }

    @Test("a topic given twice is planned once")
    func deduplicates() {
        let plan = BackfillPlan(topics: [T.presence(T.alice), T.presence(T.alice), T.observations(T.sales)])
        #expect(plan.backfillable.count == 2)
        #expect(plan.requests == [.users([T.alice]), .queueObservations([T.sales])])
    }

    @Test("nothing to fetch when no topic has a snapshot")
    func nothingToFetch() {
        let plan = BackfillPlan(topics: [T.conversationSummary(T.alice)])
        #expect(plan.requests.isEmpty)
        #expect(plan.notBackfillable == [T.conversationSummary(T.alice)])
    }
}
