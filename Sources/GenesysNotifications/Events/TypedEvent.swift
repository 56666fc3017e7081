import Foundation

/// A notification with its body decoded into the model of its topic.
///
/// Get one with ``NotificationEnvelope/decoded()``. Ids come from the topic name (lower case), not
/// from the body, so they are there even when the body leaves them out.
public enum TypedEvent: Sendable, Hashable {
    case presence(userId: String, PresenceEvent)
    case routingStatus(userId: String, RoutingStatusEvent)
    case activity(userId: String, ActivityEvent)
    case conversationSummary(userId: String, ConversationSummaryEvent)
    case userConversation(userId: String, ConversationEvent)
    case queueConversation(queueId: String, ConversationEvent)
    case queueObservation(queueId: String, ObservationEvent)
    case userAggregate(userId: String, UserAggregateEvent)
    /// `type` is the topic's suffix: `acd.start`, `acd.end`, `user.start`, `wrapup`, ….
    case conversationDetail(conversationId: String, type: String, ConversationDetailEvent)
    case agentState(userId: String, AgentStateEvent)
    /// A `v2.system.*` message; the envelope's `topicName` says which (`v2.system.socket_closing`…).
    case system(SystemMessage)
    /// A topic with no model yet (station, out-of-office, queue membership, queue activity, a topic
    /// Switchboard does not know): use the envelope's `eventBody`.
    case unmodelled
    /// A modelled topic whose body could not be decoded at all (it is not a JSON object). Nothing
    /// is counted here: the caller decides whether to log or count it.
    case undecodable(EventDecodingFailure)
}

/// Why a body could not be decoded.
public struct EventDecodingFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The notification's topic.
    public let topicName: String
    /// The family the topic belongs to.
    public let family: TopicFamily?
    /// What was wrong, for a log line.
    public let reason: String

    public var description: String { "cannot decode the body of \(topicName): \(reason)" }
}
