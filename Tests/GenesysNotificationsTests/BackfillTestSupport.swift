import Foundation
import GenesysCloud

@testable import GenesysNotifications

/// REST answers and ids for the backfill tests.
enum BackfillTestSupport {
    static let alice = "9ed7d9f6-0c59-4360-ac54-40dd35eb9c2f"
    static let bob = "1b7f3a22-5d0e-4f5c-8a3b-2c4d6e8f0a1b"
    static let sales = "0e185c02-aca1-4a72-82ea-2e78684e2c89"
    static let support = "5c3e1a9d-7b2f-4e6a-9c8d-1f0e2d3c4b5a"
    static let conversation = "2f7b0b3c-7a3e-4c3e-9d2e-3b0c6f0e5a11"

    static func topic(_ name: String) -> Topic {
        // The names in these tests are valid; a failure here is a mistake in the test.
        (try? Topic(parsing: name)) ?? Topic(name: name, family: .userPresence, entityId: "")
    }

    static func presence(_ id: String) -> Topic { topic("v2.users.\(id).presence") }
    static func routingStatus(_ id: String) -> Topic { topic("v2.users.\(id).routingStatus") }
    static func activity(_ id: String) -> Topic { topic("v2.users.\(id).activity") }
    static func observations(_ id: String) -> Topic { topic("v2.analytics.queues.\(id).observations") }
    static func conversationSummary(_ id: String) -> Topic { topic("v2.users.\(id).conversationsummary") }
    static func conversations(_ id: String) -> Topic { topic("v2.routing.queues.\(id).conversations") }

    /// A user as `GET /api/v2/users?expand=presence,routingStatus` answers: the presence in the
    /// legacy spelling of user expansions.
    static func userJSON(
        _ id: String, systemPresence: String = "On Queue", status: String = "IDLE", message: String = "",
        presenceModified: String = "2024-05-01T09:58:12.345Z", statusSince: String = "2024-05-01T10:00:00.000Z"
    ) -> String {
        #"""
        {"id":"\#(id)","name":"Alice Adams","state":"active",
         "presence":{"source":"PURECLOUD","primary":true,
           "presenceDefinition":{"id":"e08eaf1b-ee47-4fa9-a231-1200e284798f","systemPresence":"\#(systemPresence)",
             "selfUri":"/api/v2/presencedefinitions/e08eaf1b-ee47-4fa9-a231-1200e284798f"},
           "message":"\#(message)","modifiedDate":"\#(presenceModified)"},
         "routingStatus":{"userId":"\#(id)","status":"\#(status)","startTime":"\#(statusSince)"},
         "selfUri":"/api/v2/users/\#(id)"}
        """#
    }

    static func user(_ id: String, systemPresence: String = "On Queue", status: String = "IDLE") throws -> User {
        try GenesysJSON.decoder().decode(
            User.self, from: Data(userJSON(id, systemPresence: systemPresence, status: status).utf8))
    }

    /// An observation query answer in the shape of the official tutorial's capture: user metrics
    /// grouped by queue, conversation metrics by queue and media type.
    static let observationJSON = #"""
        {"systemToOrganizationMappings":{"ON_QUEUE":["e08eaf1b-ee47-4fa9-a231-1200e284798f"]},
         "results":[
          {"group":{"queueId":"0e185c02-aca1-4a72-82ea-2e78684e2c89"},
           "data":[{"metric":"oOnQueueUsers","qualifier":"IDLE","stats":{"count":2}},
                   {"metric":"oOnQueueUsers","qualifier":"INTERACTING","stats":{"count":3}},
                   {"metric":"oMemberUsers","stats":{"count":7}}]},
          {"group":{"queueId":"0e185c02-aca1-4a72-82ea-2e78684e2c89","mediaType":"voice"},
           "data":[{"metric":"oWaiting","stats":{"count":4},"truncated":false,
                    "observations":[{"observationDate":"2024-05-01T10:00:00.000Z","conversationId":"c1"}]},
                   {"metric":"oLongestWaiting","stats":{"count":1,"calculatedMetricValue":1714557600000}}]},
          {"group":{"queueId":"5c3e1a9d-7b2f-4e6a-9c8d-1f0e2d3c4b5a","mediaType":"chat"},
           "data":[{"metric":"oInteracting","stats":{"count":1}}]},
          {"group":{"queueId":"0e185c02-aca1-4a72-82ea-2e78684e2c89","mediaType":"email"},"data":[]}
         ]}
        """#

    static func observationResponse() throws -> QueueObservationQueryResponse {
        try GenesysJSON.decoder().decode(QueueObservationQueryResponse.self, from: Data(observationJSON.utf8))
    }

    static func context(_ reason: BackfillReason = .startup) -> BackfillContext {
        BackfillContext(slot: 0, reason: reason, snapshotAt: Date(timeIntervalSince1970: 1_714_557_654.321))
    }

    /// A live presence event of `userId`.
    static func live(_ topic: Topic, _ note: String) -> NotificationEnvelope {
        NotificationEnvelope(
            topicName: topic.name, version: "2", eventBody: .object(["message": .string(note)]), correlationId: note,
            rawText: note, receivedAt: Date())
    }
}
