import Foundation
import GenesysCloud

/// Decodes notification bodies into their models from the envelope's parsed body.
enum EventBodyDecoder {
    /// One decoder for every event: it holds no state.
    private static let decoder = JSONValueDecoder()

    static func decode(_ envelope: NotificationEnvelope) -> TypedEvent {
        if isSystemTopic(envelope.topicName) {
            return decode(SystemMessage.self, envelope, family: nil, as: TypedEvent.system)
        }
        let match: TopicClassifier.Match
        if let fast = TopicClassifier.classify(envelope.topicName) {
            match = fast
        } else if let topic = envelope.topic {
            let type = topic.family == .conversationDetail ? topic.suffix : nil
            match = TopicClassifier.Match(family: topic.family, entityId: topic.entityId, detailType: type)
        } else {
            return .unmodelled
        }
        let id = match.entityId
        let topic = match
        switch topic.family {
        case .userPresence:
            return decode(envelope, topic) { TypedEvent.presence(userId: id, $0) }
        case .userRoutingStatus:
            return decode(envelope, topic) { TypedEvent.routingStatus(userId: id, $0) }
        case .userActivity:
            return decode(envelope, topic) { TypedEvent.activity(userId: id, $0) }
        case .userConversationSummary:
            return decode(envelope, topic) { TypedEvent.conversationSummary(userId: id, $0) }
        case .userConversations:
            return decode(envelope, topic) { TypedEvent.userConversation(userId: id, $0) }
        case .queueConversations:
            return decode(envelope, topic) { TypedEvent.queueConversation(queueId: id, $0) }
        case .queueObservations:
            return decode(envelope, topic) { TypedEvent.queueObservation(queueId: id, $0) }
        case .userAggregates:
            return decode(envelope, topic) { TypedEvent.userAggregate(userId: id, $0) }
        case .conversationDetail:
            let type = topic.detailType ?? ""
            return decode(envelope, topic) { TypedEvent.conversationDetail(conversationId: id, type: type, $0) }
        case .agentState:
            return decode(envelope, topic) { TypedEvent.agentState(userId: id, $0) }
        case .userStation, .userOutOfOffice, .queueMembership, .queueActivity:
            return .unmodelled
        }
    }

    /// `v2.system.socket_closing`, `v2.system.no_longer_subscribed.<id>`, `v2.system.token_revoked.<id>`,
    /// `v2.system.<id>.<id>`: all typed `SystemMessageSystemMessage` in the SDK mappings (§4.1).
    static func isSystemTopic(_ name: String) -> Bool {
        name.utf8.count > 10 && name.prefix(10).lowercased() == "v2.system."
    }

    private static func decode<Body: Decodable>(
        _ envelope: NotificationEnvelope, _ topic: TopicClassifier.Match, as wrap: (Body) -> TypedEvent
    ) -> TypedEvent {
        decode(Body.self, envelope, family: topic.family, as: wrap)
    }

    private static func decode<Body: Decodable>(
        _ type: Body.Type, _ envelope: NotificationEnvelope, family: TopicFamily?, as wrap: (Body) -> TypedEvent
    ) -> TypedEvent {
        switch body(type, of: envelope) {
        case .success(let body): return wrap(body)
        case .failure(let error):
            return .undecodable(
                EventDecodingFailure(topicName: envelope.topicName, family: family, reason: describe(error)))
        }
    }

    /// The body from the envelope's parsed `eventBody`: the frame is never parsed a second time.
    static func body<Body: Decodable>(_ type: Body.Type, of envelope: NotificationEnvelope) -> Result<Body, any Error> {
        Result { try decoder.decode(Body.self, from: envelope.eventBody) }
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return String(describing: error) }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        case .keyNotFound(let key, _):
            return "no '\(key.stringValue)'"
        @unknown default:
            return String(describing: error)
        }
    }
}
