import Foundation
import GenesysNotifications

/// A notification as it moves through the pipeline: the envelope as it arrived (or as backfill
/// re-seeded it), its typed body and, for conversations, its flat record, each derived once for
/// every stage.
///
/// A class, immutable: every stage, output and view shares one copy of the decoded event instead
/// of copying its bodies.
public final class PipelineEvent: Sendable {
    public let envelope: NotificationEnvelope
    public let typed: TypedEvent
    /// The routing interaction record of a user or queue conversation event; nil otherwise.
    public let record: RoutingInteractionRecord?

    public init(_ envelope: NotificationEnvelope) {
        self.envelope = envelope
        let typed = envelope.decoded()
        self.typed = typed
        self.record = RoutingInteractionRecord(envelope: envelope, typed: typed)
    }

    /// Whether REST re-seeded this event after a gap or at start-up.
    public var isBackfill: Bool { envelope.isBackfill }

    /// The topic family. Modelled topics get it from the typed event; only unmodelled ones parse
    /// the topic name.
    public var family: TopicFamily? {
        switch typed {
        case .presence: .userPresence
        case .routingStatus: .userRoutingStatus
        case .activity: .userActivity
        case .conversationSummary: .userConversationSummary
        case .userConversation: .userConversations
        case .queueConversation: .queueConversations
        case .queueObservation: .queueObservations
        case .userAggregate: .userAggregates
        case .conversationDetail: .conversationDetail
        case .agentState: .agentState
        case .system: nil
        case .undecodable(let failure): failure.family ?? envelope.family
        case .unmodelled: envelope.family
        }
    }
}
