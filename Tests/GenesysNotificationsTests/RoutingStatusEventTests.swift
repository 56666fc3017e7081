import Foundation
import GenesysCloud
import Testing

@testable import GenesysNotifications

@Suite("Routing status events")
struct RoutingStatusEventTests {
    @Test("the schema example decodes")
    func schemaExample() throws {
        let text =
            #"{"id":"\#(EventTestSupport.userId)","routingStatus":{"status":"IDLE","startTime":"2024-05-01T10:00:00.000Z"}}"#
        let event = try EventTestSupport.decode(RoutingStatusEvent.self, text)
        #expect(event.id == EventTestSupport.userId)
        #expect(event.status == .idle)
        #expect(event.routingStatus?.startTime == Date(timeIntervalSince1970: 1_714_557_600))
        #expect(event.errorInfo == nil)
        #expect(try EventTestSupport.roundTrips(RoutingStatusEvent.self, text))
    }

    @Test("an unknown status is kept, and error info is read")
    func unknownStatusAndError() throws {
        let text = #"""
            {"id":"u","routingStatus":{"status":"DREAMING","startTime":"2024-05-01T10:00:00.000Z","since":"x"},
             "errorInfo":{"errorCode":"routing.status.unavailable","status":503,"userParams":[{"key":"k","value":"v"}]}}
            """#
        let event = try EventTestSupport.decode(RoutingStatusEvent.self, text)
        #expect(event.status?.rawValue == "DREAMING")
        #expect(event.routingStatus?.additionalFields["since"] == .string("x"))
        #expect(event.errorInfo?.status == 503)
        #expect(event.errorInfo?.userParams?.first?.key == "k")
        #expect(try EventTestSupport.roundTrips(RoutingStatusEvent.self, text))
    }

    @Test("a status of the wrong type leaves the start time readable")
    func wrongStatusType() throws {
        let text = #"{"routingStatus":{"status":42,"startTime":"2024-05-01T10:00:00.000Z"}}"#
        let event = try EventTestSupport.decode(RoutingStatusEvent.self, text)
        #expect(event.status == nil)
        #expect(event.routingStatus?.startTime != nil)
        #expect(try EventTestSupport.roundTrips(RoutingStatusEvent.self, text))
    }
}
