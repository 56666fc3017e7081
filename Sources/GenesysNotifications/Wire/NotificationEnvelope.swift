import Foundation
import GenesysCloud

/// One notification as it arrived: `{"topicName", "version", "eventBody", "metadata": {"CorrelationId"}}`.
///
/// Backfill records are envelopes too, built from REST in the live topic's body shape, so
/// ``decoded()`` and every consumer treat them as live events; ``origin`` says which is which.
public struct NotificationEnvelope: Sendable, Hashable {
    /// Where an envelope came from.
    public enum Origin: Sendable, Hashable {
        /// Received on a notification socket.
        case live
        /// Built from a REST snapshot to re-seed state at start-up or after a gap (the platform
        /// keeps no backlog of events lost in a gap).
        case backfill(BackfillContext)
    }

    public let topicName: String
    public let version: String?
    /// The body, every field kept.
    public let eventBody: JSONValue
    /// The platform's id of this notification (`metadata.CorrelationId`), when present. Backfill
    /// records have none.
    public let correlationId: String?
    /// The frame exactly as received. For a backfill record, the envelope as Switchboard wrote
    /// it, with `metadata` `{"origin": "backfill", "reason", "snapshotAt"}`.
    public let rawText: String
    /// When the frame arrived; for a backfill record, when its REST answer arrived.
    public let receivedAt: Date
    public let origin: Origin

    public init(
        topicName: String, version: String?, eventBody: JSONValue, correlationId: String?, rawText: String,
        receivedAt: Date, origin: Origin = .live
    ) {
        self.topicName = topicName
        self.version = version
        self.eventBody = eventBody
        self.correlationId = correlationId
        self.rawText = rawText
        self.receivedAt = receivedAt
        self.origin = origin
    }

    /// Whether this is a backfill record rather than a live event.
    public var isBackfill: Bool {
        if case .backfill = origin { true } else { false }
    }

    /// Why and when this backfill record was made; nil for a live event.
    public var backfill: BackfillContext? {
        if case .backfill(let context) = origin { context } else { nil }
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
