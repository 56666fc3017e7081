import Foundation
import GenesysCloud
import Testing

@testable import GenesysNotifications

@Suite("Activity events")
struct ActivityEventTests {
    // The shape of the BLOG-CLI real sample (reference §5.3): AVAILABLE and OFF_QUEUE.
    let sample = #"""
        {"id":"9ed7d9f6-0c59-4360-ac54-40dd35eb9c2f",
         "routingStatus":{"status":"OFF_QUEUE","startTime":"2021-05-28T13:54:22.123Z"},
         "presence":{"presenceDefinition":{"id":"6a3af858-942f-489d-9700-5f9bcdcdae9b","systemPresence":"AVAILABLE"},
                     "presenceMessage":"","modifiedDate":"2021-05-28T13:54:22.456Z"},
         "outOfOffice":{"active":false,"modifiedDate":"2021-05-20T08:00:00.000Z"},
         "activeQueueIds":["0e185c02-aca1-4a72-82ea-2e78684e2c89"],
         "dateActiveQueuesChanged":"2021-05-28T13:50:00.000Z"}
        """#

    @Test("the BLOG-CLI shape decodes")
    func blogShape() throws {
        let event = try EventTestSupport.decode(ActivityEvent.self, sample)
        #expect(event.id == EventTestSupport.userId)
        #expect(event.routingStatus?.status == .offQueue)
        #expect(event.systemPresence == "AVAILABLE")
        #expect(event.presence?.presenceMessage == "")
        #expect(event.outOfOffice?.active == false)
        #expect(event.activeQueueIds == [EventTestSupport.queueId])
        #expect(event.dateActiveQueuesChanged != nil)
        #expect(try EventTestSupport.roundTrips(ActivityEvent.self, sample))
    }

    @Test("missing parts are nil and unknown parts are kept")
    func partial() throws {
        let text = #"{"id":"u","presence":{"organizationPresenceId":"p1"},"workloadState":"HIGH"}"#
        let event = try EventTestSupport.decode(ActivityEvent.self, text)
        #expect(event.routingStatus == nil)
        #expect(event.outOfOffice == nil)
        #expect(event.presence?.additionalFields["organizationPresenceId"] == .string("p1"))
        #expect(event.additionalFields["workloadState"] == .string("HIGH"))
        #expect(try EventTestSupport.roundTrips(ActivityEvent.self, text))
    }

    @Test("a queue id list of the wrong type is kept raw")
    func wrongQueueList() throws {
        let text = #"{"id":"u","activeQueueIds":[{}]}"#
        let event = try EventTestSupport.decode(ActivityEvent.self, text)
        #expect(event.activeQueueIds == nil)
        #expect(event.additionalFields["activeQueueIds"] == .array([.object([:])]))
    }
}
