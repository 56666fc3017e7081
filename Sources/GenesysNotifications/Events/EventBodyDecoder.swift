import Foundation
import GenesysCloud

/// Decodes notification bodies into their models, reading the body's bytes in the frame.
enum EventBodyDecoder {
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

    private static func decode<Body: FieldDecodable>(
        _ envelope: NotificationEnvelope, _ topic: TopicClassifier.Match, as wrap: (Body) -> TypedEvent
    ) -> TypedEvent {
        decode(Body.self, envelope, family: topic.family, as: wrap)
    }

    private static func decode<Body: FieldDecodable>(
        _ type: Body.Type, _ envelope: NotificationEnvelope, family: TopicFamily?, as wrap: (Body) -> TypedEvent
    ) -> TypedEvent {
        switch body(type, of: envelope) {
        case .success(let body): return wrap(body)
        case .failure(let error):
            return .undecodable(
                EventDecodingFailure(topicName: envelope.topicName, family: family, reason: describe(error, type)))
        }
    }

    /// The body read straight from the frame's bytes: no tree is built for the fields the model
    /// names.
    static func body<Body: FieldDecodable>(_ type: Body.Type, of envelope: NotificationEnvelope) -> Result<
        Body, FieldReadError
    > {
        envelope.withBodyBytes { bytes, range in
            Result { () throws(FieldReadError) in try FieldReader.read(type, from: bytes, range: range) }
        }
    }

    private static func describe<Body>(_ error: FieldReadError, _ type: Body.Type) -> String {
        switch error {
        case .mismatch: "the body is not a JSON object (\(Body.self) expected)"
        case .malformed(let error): "the body is not JSON: \(error)"
        }
    }
}
