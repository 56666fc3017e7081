import Foundation
import GenesysCloud
import GenesysNotifications

/// A value a filter compares: text (normalised by its field), a number or a flag.
enum FilterValue: Sendable, Hashable {
    case text(String)
    case number(Double)
    case flag(Bool)
}

/// One event as filters see it: each field read on demand; conversation fields come from the
/// record the event derived once.
struct FilterSubject {
    let event: PipelineEvent

    init(_ event: PipelineEvent) {
        self.event = event
    }

    /// The conversation record, for user and queue conversation events.
    private func record() -> RoutingInteractionRecord? { event.record }

    /// The field's value for this event, normalised as comparisons expect; nil when the event
    /// does not carry the field.
    mutating func value(of field: FilterField) -> FilterValue? {
        switch field {
        case .backfill: return .flag(event.isBackfill)
        case .waitMs: return record()?.waitMs.map { .number(Double($0)) }
        default: return text(of: field).map { .text(field.normalised($0)) }
        }
    }

    private mutating func text(of field: FilterField) -> String? {
        switch field {
        case .family: return family?.rawValue
        case .topic: return event.envelope.topicName
        case .queue: return queue()
        case .user: return user()
        case .conversation: return conversation()
        case .mediaType: return mediaType()
        case .state: return record()?.state.rawValue
        case .routingStatus: return routingStatus
        case .presence: return presence
        case .waitMs, .backfill: return nil
        }
    }

    /// The topic family (see ``PipelineEvent/family``).
    var family: TopicFamily? { event.family }

    /// The topic's id when the topic names an entity of this kind, for events without a model.
    private func topicEntity(_ subject: TopicFamily.Subject) -> String? {
        guard let topic = event.envelope.topic, topic.family.subject == subject else { return nil }
        return topic.entityId
    }

    private mutating func queue() -> String? {
        switch event.typed {
        case .userConversation, .queueConversation: record()?.queueId
        case .queueObservation(let queueId, let body): body.queueId ?? queueId
        case .conversationDetail(_, _, let body): body.queueId
        case .agentState(_, let body): body.queueId
        case .undecodable, .unmodelled: topicEntity(.queue)
        default: nil
        }
    }

    private mutating func user() -> String? {
        switch event.typed {
        case .presence(let userId, _), .routingStatus(let userId, _), .activity(let userId, _),
            .conversationSummary(let userId, _), .userConversation(let userId, _), .userAggregate(let userId, _),
            .agentState(let userId, _):
            userId
        case .queueConversation: record()?.agentUserId
        case .conversationDetail(_, _, let body): body.userId
        case .queueObservation(_, let body): body.userId
        case .undecodable, .unmodelled: topicEntity(.user)
        case .system: nil
        }
    }

    private func conversation() -> String? {
        switch event.typed {
        case .userConversation(_, let body), .queueConversation(_, let body): body.id
        case .conversationDetail(let conversationId, _, _): conversationId
        case .agentState(_, let body): body.conversationId
        case .undecodable, .unmodelled: topicEntity(.conversation)
        default: nil
        }
    }

    private mutating func mediaType() -> String? {
        switch event.typed {
        case .userConversation, .queueConversation: record()?.mediaType
        case .queueObservation(_, let body), .userAggregate(_, let body): body.mediaType
        case .conversationDetail(_, _, let body): body.mediaType?.rawValue
        case .agentState(_, let body): body.mediaType?.rawValue
        default: nil
        }
    }

    private var routingStatus: String? {
        switch event.typed {
        case .routingStatus(_, let body): body.status?.rawValue
        case .activity(_, let body): body.routingStatus?.status?.rawValue
        default: nil
        }
    }

    private var presence: String? {
        switch event.typed {
        case .presence(_, let body): body.systemPresence?.rawValue
        case .activity(_, let body): body.systemPresence?.rawValue
        default: nil
        }
    }
}
