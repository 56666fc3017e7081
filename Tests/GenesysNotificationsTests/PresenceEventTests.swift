import Foundation
import GenesysCloud
import Testing

@testable import GenesysNotifications

@Suite("Presence events")
struct PresenceEventTests {
    // DC-PRES, the documented real example (reference §5.1).
    let documented =
        #"{"source":"PURECLOUD","presenceDefinition":{"id":"6a3af858-942f-489d-9700-5f9bcdcdae9b","systemPresence":"AVAILABLE"},"primary":true,"message":""}"#

    @Test("the documented example decodes")
    func documentedExample() throws {
        let event = try EventTestSupport.decode(PresenceEvent.self, documented)
        #expect(event.source == "PURECLOUD")
        #expect(event.presenceDefinition?.id == "6a3af858-942f-489d-9700-5f9bcdcdae9b")
        #expect(event.systemPresence == "AVAILABLE")
        #expect(event.primary == true)
        #expect(event.message == "")
        #expect(event.modifiedDate == nil)
        #expect(event.additionalFields.isEmpty)
        #expect(try EventTestSupport.roundTrips(PresenceEvent.self, documented))
    }

    @Test("ON_QUEUE in an event equals the REST spellings OnQueue and On Queue")
    func normalisedSystemPresence() throws {
        let event = try EventTestSupport.decode(
            PresenceEvent.self,
            #"{"presenceDefinition":{"id":"e08eaf1b-ee47-4fa9-a231-1200e284798f","systemPresence":"ON_QUEUE"}}"#)
        #expect(event.normalisedSystemPresence == "ON_QUEUE")
        #expect(event.systemPresence == SystemPresence(rawValue: "OnQueue"))
        #expect(event.systemPresence == SystemPresence(rawValue: "On Queue"))
        #expect(event.systemPresence?.rawValue == "ON_QUEUE")
    }

    @Test("dates, future presence, unknown fields and unknown presences survive a round trip")
    func fullBody() throws {
        let text = #"""
            {"source":"MICROSOFT_TEAMS","presenceDefinition":{"id":"x","systemPresence":"FOCUS_MODE"},"primary":false,
             "message":"in a meeting","modifiedDate":"2024-05-01T10:00:00.123Z",
             "futurePresenceDefinition":{"id":"6a3af858-942f-489d-9700-5f9bcdcdae9b","systemPresence":"AVAILABLE"},
             "brandNewField":{"nested":[1,2,3]}}
            """#
        let event = try EventTestSupport.decode(PresenceEvent.self, text)
        #expect(event.systemPresence?.rawValue == "FOCUS_MODE")
        let modified = try #require(event.modifiedDate)
        #expect(abs(modified.timeIntervalSince1970 - 1_714_557_600.123) < 0.000_5)
        #expect(event.futurePresenceDefinition?.systemPresence == "AVAILABLE")
        #expect(
            event.additionalFields["brandNewField"]
                == .object(["nested": .array([.number(1), .number(2), .number(3)])]))
        #expect(try EventTestSupport.roundTrips(PresenceEvent.self, text))
    }

    @Test("a wrong type reads as nil and is kept raw for the round trip")
    func wrongTypes() throws {
        let text = #"{"source":"PURECLOUD","primary":"yes","modifiedDate":"yesterday","presenceDefinition":{"id":7}}"#
        let event = try EventTestSupport.decode(PresenceEvent.self, text)
        #expect(event.source == "PURECLOUD")
        #expect(event.primary == nil)
        #expect(event.modifiedDate == nil)
        #expect(event.presenceDefinition == nil)
        #expect(event.additionalFields["primary"] == .string("yes"))
        #expect(event.additionalFields["modifiedDate"] == .string("yesterday"))
        #expect(event.additionalFields["presenceDefinition"] == .object(["id": .number(7)]))
        #expect(try EventTestSupport.roundTrips(PresenceEvent.self, text))
    }

    @Test("an empty body is a presence event with nothing set")
    func emptyBody() throws {
        let event = try EventTestSupport.decode(PresenceEvent.self, "{}")
        #expect(event == PresenceEvent())
    }
}
