import Foundation
import GenesysCloud

/// One notification as it arrived: `{"topicName", "version", "eventBody", "metadata": {"CorrelationId"}}`.
public struct NotificationEnvelope: Sendable, Hashable {
    public let topicName: String
    public let version: String?
    /// The body, every field kept.
    public let eventBody: JSONValue
    /// The platform's id of this notification (`metadata.CorrelationId`), when present.
    public let correlationId: String?
    /// The frame exactly as received.
    public let rawText: String
    public let receivedAt: Date

    public init(
        topicName: String, version: String?, eventBody: JSONValue, correlationId: String?, rawText: String,
        receivedAt: Date
    ) {
        self.topicName = topicName
        self.version = version
        self.eventBody = eventBody
        self.correlationId = correlationId
        self.rawText = rawText
        self.receivedAt = receivedAt
    }

    /// The topic, when it is one Switchboard knows.
    public var topic: Topic? { try? Topic(parsing: topicName) }
}

extension NotificationEnvelope {
    /// Reads one text frame exactly as the notification socket delivers it (`{"topicName", …,
    /// "eventBody"}`), for replaying captured frames. Nil for anything that is not an event:
    /// heartbeats, pongs, system messages, subscribe replies and malformed text.
    public init?(frame text: String, receivedAt: Date = Date()) {
        guard case .event(let envelope) = FrameDecoder.decode(text, receivedAt: receivedAt) else { return nil }
        self = envelope
    }
}
