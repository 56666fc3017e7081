import Foundation
import GenesysNotifications

/// A notification as it moves through the pipeline: the envelope as it arrived (or as backfill
/// re-seeded it) and its typed body, decoded once for every stage.
public struct PipelineEvent: Sendable {
    public let envelope: NotificationEnvelope
    public let typed: TypedEvent

    public init(_ envelope: NotificationEnvelope) {
        self.envelope = envelope
        self.typed = envelope.decoded()
    }

    /// Whether REST re-seeded this event after a gap or at start-up.
    public var isBackfill: Bool { envelope.isBackfill }
}
