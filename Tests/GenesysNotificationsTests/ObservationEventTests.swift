import Foundation
import GenesysCloud
import Testing

@testable import GenesysNotifications

@Suite("Observation and aggregate events")
struct ObservationEventTests {
    // Real capture, Dec 2024 (reference §5.8, code index id 18910984668): the snapshot message.
    let snapshot = #"""
        {"group":{"queueId":"0e185c02-aca1-4a72-82ea-2e78684e2c89","mediaType":"voice"},
         "data":[{"interval":"2024-12-30T09:46:54.839Z/2024-12-30T09:46:54.839Z",
                  "metrics":[{"metric":"oAlerting","stats":{"count":0}},{"metric":"oWaiting","stats":{"count":3}}]}]}
        """#

    // Same capture: the running aggregate of the current half-hour.
    let aggregate = #"""
        {"group":{"queueId":"0e185c02-aca1-4a72-82ea-2e78684e2c89","mediaType":"voice"},
         "data":[{"interval":"2024-12-30T09:30:00.000Z/2024-12-30T10:00:00.000Z","metrics":[
           {"metric":"tAlert","stats":{"count":1,"sum":8277,"min":8277,"max":8277}},
           {"metric":"tAbandon","stats":{"count":2,"sum":86168,"min":11781,"max":74387}},
           {"metric":"nOffered","stats":{"count":2}},
           {"metric":"oServiceLevel","stats":{"ratio":0,"numerator":0,"denominator":2,"target":0.5}}]}]}
        """#

    // Agent metrics carry the routing status as qualifier and no media type (reference §5.8).
    let agents = #"""
        {"group":{"queueId":"0e185c02-aca1-4a72-82ea-2e78684e2c89"},
         "data":[{"interval":"2024-12-30T09:46:54.839Z/2024-12-30T09:46:54.839Z","metrics":[
           {"metric":"oOnQueueUsers","qualifier":"IDLE","stats":{"count":4}},
           {"metric":"oOnQueueUsers","qualifier":"INTERACTING","stats":{"count":2}},
           {"metric":"oActiveUsers","stats":{"count":9}}]}]}
        """#

    @Test("the zero-length interval is a snapshot with counts")
    func snapshotMessage() throws {
        let event = try EventTestSupport.decode(ObservationEvent.self, snapshot)
        #expect(event.isSnapshot)
        #expect(event.queueId == EventTestSupport.queueId)
        #expect(event.mediaType == "voice")
        #expect(event.count(of: .oWaiting) == 3)
        #expect(event.count(of: "oAlerting") == 0)
        #expect(event.count(of: .oInteracting) == nil)
        let interval = try #require(event.data?.first)
        #expect(interval.start == interval.end)
        #expect(try EventTestSupport.roundTrips(ObservationEvent.self, snapshot))
    }

    @Test("the half-hour message is an aggregate with parsed bounds and stats")
    func aggregateMessage() throws {
        let event = try EventTestSupport.decode(ObservationEvent.self, aggregate)
        #expect(!event.isSnapshot)
        let interval = try #require(event.data?.first)
        let start = try #require(interval.start)
        let end = try #require(interval.end)
        #expect(end.timeIntervalSince(start) == 1_800)
        #expect(start == Date(timeIntervalSince1970: 1_735_551_000))
        let abandon = try #require(event.stats(of: .tAbandon))
        #expect(abandon.count == 2)
        #expect(abandon.sum == 86_168)
        #expect(abandon.min == 11_781)
        #expect(abandon.max == 74_387)
        #expect(abandon.average == 43_084)
        let serviceLevel = try #require(event.stats(of: .oServiceLevel))
        #expect(serviceLevel.ratio == 0)
        #expect(serviceLevel.denominator == 2)
        #expect(serviceLevel.target == 0.5)
        #expect(serviceLevel.count == nil)
        #expect(try EventTestSupport.roundTrips(ObservationEvent.self, aggregate))
    }

    @Test("qualified counts are found by qualifier")
    func qualifiers() throws {
        let event = try EventTestSupport.decode(ObservationEvent.self, agents)
        #expect(event.mediaType == nil)
        #expect(event.count(of: .oOnQueueUsers, qualifier: "IDLE") == 4)
        #expect(event.count(of: .oOnQueueUsers, qualifier: "INTERACTING") == 2)
        #expect(event.count(of: .oOnQueueUsers) == nil)
        #expect(event.count(of: .oActiveUsers) == 9)
        #expect(event.countsByQualifier(of: .oOnQueueUsers) == ["IDLE": 4, "INTERACTING": 2])
        #expect(event.countsByQualifier(of: .oActiveUsers) == ["": 9])
    }

    @Test("unknown metrics, stats and keys are kept; non-numeric stats are dropped")
    func tolerance() throws {
        let text = #"""
            {"group":{"queueId":"q"},"version":3,"data":[{"interval":"not an interval","metrics":[
              {"metric":"oTeleporting","stats":{"count":1,"p95":12.5,"note":"x"}}]}]}
            """#
        let event = try EventTestSupport.decode(ObservationEvent.self, text)
        #expect(event.additionalFields["version"] == .number(3))
        #expect(!event.isSnapshot)
        #expect(event.data?.first?.start == nil)
        let stats = try #require(event.stats(of: "oTeleporting"))
        #expect(stats["p95"] == 12.5)
        #expect(stats.values.count == 2)
    }

    @Test("user aggregates share the shape, with presence and status qualifiers")
    func userAggregates() throws {
        let text = #"""
            {"group":{"userId":"9ed7d9f6-0c59-4360-ac54-40dd35eb9c2f"},
             "data":[{"interval":"2024-12-30T09:30:00.000Z/2024-12-30T10:00:00.000Z","metrics":[
               {"metric":"tAgentRoutingStatus","qualifier":"IDLE","stats":{"sum":60000}},
               {"metric":"tSystemPresence","qualifier":"ON_QUEUE","stats":{"sum":120000}}]}]}
            """#
        let event = try EventTestSupport.decode(UserAggregateEvent.self, text)
        #expect(event.userId == EventTestSupport.userId)
        #expect(event.stats(of: .tAgentRoutingStatus, qualifier: "IDLE")?.sum == 60_000)
        #expect(event.stats(of: .tSystemPresence, qualifier: "ON_QUEUE")?.sum == 120_000)
        #expect(!event.isSnapshot)
    }
}
