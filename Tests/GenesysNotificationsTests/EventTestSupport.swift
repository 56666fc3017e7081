import Foundation
import GenesysCloud

@testable import GenesysNotifications

/// Builds envelopes and checks round trips for the event model tests.
enum EventTestSupport {
    static let userId = "9ed7d9f6-0c59-4360-ac54-40dd35eb9c2f"
    static let queueId = "0e185c02-aca1-4a72-82ea-2e78684e2c89"
    static let conversationId = "2f7b0b3c-7a3e-4c3e-9d2e-3b0c6f0e5a11"

    /// An envelope as the frame decoder makes it: raw text and parsed body agree.
    static func envelope(_ topicName: String, _ body: String) throws -> NotificationEnvelope {
        let raw =
            #"{"topicName":"\#(topicName)","version":"2","eventBody":\#(body),"metadata":{"CorrelationId":"290034f4-c3d7-46fd-8342-ee5bc859b7e9"}}"#
        return NotificationEnvelope(
            topicName: topicName, version: "2", eventBody: try json(body),
            correlationId: "290034f4-c3d7-46fd-8342-ee5bc859b7e9", rawText: raw,
            receivedAt: Date(timeIntervalSince1970: 1_700_000_000))
    }

    static func json(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }

    /// The value encoded with a plain `JSONEncoder`, read back as JSON.
    static func encoded<T: Encodable>(_ value: T) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }

    /// Decoding `text` then encoding gives back the same JSON.
    static func roundTrips<T: Codable>(_ type: T.Type, _ text: String) throws -> Bool {
        try encoded(decode(type, text)) == json(text)
    }
}
