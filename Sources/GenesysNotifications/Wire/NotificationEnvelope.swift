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
    /// Where the body is: parsed already, or still in ``rawText``.
    private let body: Body
    /// The platform's id of this notification (`metadata.CorrelationId`), when present. Backfill
    /// records have none.
    public let correlationId: String?
    /// The frame exactly as received. For a backfill record, the envelope as Switchboard wrote
    /// it, with `metadata` `{"origin": "backfill", "reason", "snapshotAt"}`.
    public let rawText: String
    /// When the frame arrived; for a backfill record, when its REST answer arrived.
    public let receivedAt: Date
    public private(set) var origin: Origin

    public init(
        topicName: String, version: String?, eventBody: JSONValue, correlationId: String?, rawText: String,
        receivedAt: Date, origin: Origin = .live
    ) {
        self.topicName = topicName
        self.version = version
        self.body = .parsed(eventBody)
        self.correlationId = correlationId
        self.rawText = rawText
        self.receivedAt = receivedAt
        self.origin = origin
    }

    /// `envelope` with another origin: a recorded backfill record replayed as one.
    public init(_ envelope: NotificationEnvelope, origin: Origin) {
        self = envelope
        self.origin = origin
    }

    /// An envelope read from a frame: the body stays in the frame's text, and typed decoding
    /// reads it from there.
    init(
        topicName: String, version: String?, bodyInFrame range: Range<Int>?, correlationId: String?, rawText: String,
        receivedAt: Date
    ) {
        self.topicName = topicName
        self.version = version
        self.body = range.map(Body.inFrame) ?? .parsed(.null)
        self.correlationId = correlationId
        self.rawText = rawText
        self.receivedAt = receivedAt
        self.origin = .live
    }

    /// The body, every field kept.
    ///
    /// For an envelope read from a frame this parses the body from ``rawText`` on each access
    /// (the pipeline reads bodies into typed events without it); keep the value rather than
    /// asking again.
    public var eventBody: JSONValue {
        switch body {
        case .parsed(let value): return value
        case .inFrame(let range):
            // The frame was checked to be JSON when it arrived, so this cannot fail; `null` is
            // the defensive answer should it ever.
            return (try? JSONValue(parsing: rawText, range: range)) ?? .null
        }
    }

    /// The body's JSON text: the frame's own bytes for an envelope read from a frame (nothing is
    /// parsed or re-encoded), the body written out for one built from a value.
    public var eventBodyJSON: String {
        withBodyBytes { bytes, range in String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
    }

    /// Runs `read` over the body's JSON text (UTF-8), without parsing it into a ``JSONValue``.
    func withBodyBytes<Result>(_ read: (UnsafeBufferPointer<UInt8>, Range<Int>) throws -> Result) rethrows -> Result {
        switch body {
        case .inFrame(let range):
            var text = rawText
            return try text.withUTF8 { try read($0, range) }
        case .parsed(let value):
            // Records built from REST (backfill) and envelopes made by hand: written out once.
            let bytes = (try? JSONEncoder().encode(value)).map { [UInt8]($0) } ?? Array("null".utf8)
            return try bytes.withUnsafeBufferPointer { try read($0, 0..<$0.count) }
        }
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

    /// The topic's family, when it is one Switchboard knows: ``topic``'s family, found without
    /// building the topic for the names the platform writes.
    public var family: TopicFamily? { TopicClassifier.classify(topicName)?.family ?? topic?.family }

    private enum Body: Sendable, Hashable {
        case parsed(JSONValue)
        /// The byte range of the body in ``rawText``'s UTF-8.
        case inFrame(Range<Int>)
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        guard lhs.topicName == rhs.topicName, lhs.version == rhs.version, lhs.correlationId == rhs.correlationId,
            lhs.rawText == rhs.rawText, lhs.receivedAt == rhs.receivedAt, lhs.origin == rhs.origin
        else { return false }
        return lhs.body == rhs.body || lhs.eventBody == rhs.eventBody
    }

    /// The body is left out: it is read from, or written with, the frame text that is hashed.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(topicName)
        hasher.combine(correlationId)
        hasher.combine(rawText)
        hasher.combine(receivedAt)
        hasher.combine(origin)
    }
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
