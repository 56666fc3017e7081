import Foundation
import GenesysCloud
import Testing

@testable import GenesysNotifications

@Suite("Backfill records")
struct BackfillRecordsTests {
    typealias T = BackfillTestSupport

    @Test("REST presence spellings become the event spelling", arguments: ["On Queue", "OnQueue", "ON_QUEUE"])
    func presenceSpelling(spelling: String) throws {
        let body = try #require(BackfillRecords.presence(try T.user(T.alice, systemPresence: spelling)))
        #expect(body["presenceDefinition"]?["systemPresence"] == .string("ON_QUEUE"))
    }

    @Test("a presence record has the §5.1 body and decodes as a presence event")
    func presenceRecord() throws {
        let plan = BackfillPlan(topics: [T.presence(T.alice)])
        let records = BackfillRecords.users([try T.user(T.alice)], plan: plan, context: T.context())
        let record = try #require(records.first)
        #expect(records.count == 1)
        #expect(record.topicName == "v2.users.\(T.alice).presence")
        #expect(record.version == "2")
        #expect(record.correlationId == nil)
        #expect(record.isBackfill)
        #expect(record.backfill == T.context())
        let expected = try EventTestSupport.json(
            #"{"source":"PURECLOUD","presenceDefinition":{"id":"e08eaf1b-ee47-4fa9-a231-1200e284798f","systemPresence":"ON_QUEUE"},"primary":true,"message":"","modifiedDate":"2024-05-01T09:58:12.345Z"}"#
        )
        #expect(record.eventBody == expected)
        guard case .presence(let userId, let event) = record.decoded() else {
            Issue.record("not a presence event: \(record.decoded())")
            return
        }
        #expect(userId == T.alice)
        #expect(event.normalisedSystemPresence == "ON_QUEUE")
        #expect(event.modifiedDate == Date(timeIntervalSince1970: 1_714_557_492.345))
        #expect(event.additionalFields.isEmpty)
    }

    @Test("a routing status record has the §5.2 body and decodes as a routing status event")
    func routingStatusRecord() throws {
        let plan = BackfillPlan(topics: [T.routingStatus(T.alice)])
        let record = try #require(
            BackfillRecords.users([try T.user(T.alice, status: "INTERACTING")], plan: plan, context: T.context()).first)
        let expected = try EventTestSupport.json(
            #"{"id":"\#(T.alice)","routingStatus":{"status":"INTERACTING","startTime":"2024-05-01T10:00:00.000Z"}}"#)
        #expect(record.eventBody == expected)
        guard case .routingStatus(_, let event) = record.decoded() else {
            Issue.record("not a routing status event")
            return
        }
        #expect(event.status == .interacting)
    }

    @Test("an activity record carries the presence and routing status parts")
    func activityRecord() throws {
        let plan = BackfillPlan(topics: [T.activity(T.alice)])
        let record = try #require(
            BackfillRecords.users(
                [try T.user(T.alice, systemPresence: "Break", status: "OFF_QUEUE")], plan: plan,
                context: T.context()
            ).first)
        guard case .activity(_, let event) = record.decoded() else {
            Issue.record("not an activity event")
            return
        }
        #expect(event.id == T.alice)
        #expect(event.systemPresence?.normalised == "BREAK")
        #expect(event.presence?.presenceDefinition?.systemPresence?.rawValue == "BREAK")
        #expect(event.presence?.presenceMessage == "")
        #expect(event.routingStatus?.status == .offQueue)
        #expect(event.activeQueueIds == nil)
        #expect(event.additionalFields.isEmpty)
    }

    @Test("each wanted topic of each user answered gets a record; unanswered users get none")
    func recordsPerTopic() throws {
        let plan = BackfillPlan(topics: [
            T.presence(T.alice), T.routingStatus(T.alice), T.presence(T.bob), T.routingStatus(T.bob),
        ])
        let records = BackfillRecords.users([try T.user(T.bob)], plan: plan, context: T.context())
        #expect(records.map(\.topicName) == [T.presence(T.bob).name, T.routingStatus(T.bob).name])
    }

    @Test("a user without expansions gives no presence or routing status record")
    func missingExpansions() throws {
        let user = try GenesysJSON.decoder().decode(User.self, from: Data(#"{"id":"\#(T.alice)"}"#.utf8))
        #expect(BackfillRecords.presence(user) == nil)
        #expect(BackfillRecords.routingStatus(user) == nil)
        #expect(BackfillRecords.activity(user) == nil)
    }

    @Test("one observation snapshot per (queue, media type) group, over a zero-length interval")
    func observationRecords() throws {
        let plan = BackfillPlan(topics: [T.observations(T.sales)])
        let records = BackfillRecords.observations(try T.observationResponse(), plan: plan, context: T.context())
        // the unwanted queue's group and the group without data give nothing
        #expect(records.count == 2)
        #expect(records.allSatisfy { $0.topicName == T.observations(T.sales).name })
        let users = try #require(records.first)
        let expected = try EventTestSupport.json(
            #"{"group":{"queueId":"\#(T.sales)"},"data":[{"interval":"2024-05-01T10:00:54.321Z/2024-05-01T10:00:54.321Z","metrics":[{"metric":"oOnQueueUsers","qualifier":"IDLE","stats":{"count":2}},{"metric":"oOnQueueUsers","qualifier":"INTERACTING","stats":{"count":3}},{"metric":"oMemberUsers","stats":{"count":7}}]}]}"#
        )
        #expect(users.eventBody == expected)
        guard case .queueObservation(let queueId, let voice) = records[1].decoded() else {
            Issue.record("not an observation event")
            return
        }
        #expect(queueId == T.sales)
        #expect(voice.isSnapshot)
        #expect(voice.mediaType == "voice")
        #expect(voice.count(of: "oWaiting") == 4)
        #expect(voice.stats(of: "oLongestWaiting")?["calculatedMetricValue"] == 1_714_557_600_000)
        // detail observations and `truncated` belong to the query, not to the event
        let waiting = records[1].eventBody["data"].flatMap { data -> JSONValue? in
            guard case .array(let intervals) = data, case .array(let metrics)? = intervals.first?["metrics"] else {
                return nil
            }
            return metrics.first
        }
        #expect(waiting?["observations"] == nil)
        #expect(waiting?["truncated"] == nil)
    }

    @Test("a record's raw text is the envelope, marked as backfill, without a correlation id")
    func rawText() throws {
        let plan = BackfillPlan(topics: [T.presence(T.alice)])
        let context = T.context(.gap(Gap(start: Date(), end: Date(), topics: [])))
        let record = try #require(BackfillRecords.users([try T.user(T.alice)], plan: plan, context: context).first)
        let raw = try EventTestSupport.json(record.rawText)
        #expect(raw["topicName"] == .string(record.topicName))
        #expect(raw["version"] == .string("2"))
        #expect(raw["eventBody"] == record.eventBody)
        #expect(raw["metadata"]?["origin"] == .string("backfill"))
        #expect(raw["metadata"]?["reason"] == .string("gap"))
        #expect(raw["metadata"]?["CorrelationId"] == nil)
    }
}
