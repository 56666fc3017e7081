import Foundation
import SwitchboardPipeline

/// One thing for a sink to deliver: a JSON object, the key that makes delivering it twice
/// harmless, and the routing interaction record when it is a conversation event.
///
/// Sinks see deliveries, never the platform's wire formats. Deliveries are `Codable` so a
/// durable queue can keep them across restarts exactly as they were offered.
public struct Delivery: Sendable, Hashable, Codable {
    /// What the delivery reports.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A notification (live or backfill), with its record for conversations.
        case event
        /// An agent's presence or routing status changed (``PresenceDelta``).
        case presenceDelta
        /// A statistics window closed, with its summary.
        case windowClosed
        /// A queue statistic far from the rest of its window.
        case outlier
    }

    /// Stable for the same event however often it is offered: `<topic>|<correlation id>` for a
    /// live event (the platform's id of one notification), and a digest of topic, origin and body
    /// for a backfill record (which has no correlation id). Receivers de-duplicate on it.
    public let key: String
    public let kind: Kind
    /// When the event was received (for backfill, when its REST answer arrived).
    public let time: Date
    /// One JSON object, without a line break, as JSON-lines and webhook sinks write it.
    public let json: String
    /// The flat record of a user or queue conversation event.
    public let record: RoutingInteractionRecord?

    public init(key: String, kind: Kind, time: Date, json: String, record: RoutingInteractionRecord? = nil) {
        self.key = key
        self.kind = kind
        self.time = time
        self.json = json
        self.record = record
    }
}
