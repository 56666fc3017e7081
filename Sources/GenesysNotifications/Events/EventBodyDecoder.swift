import Foundation
import GenesysCloud

/// Decodes notification bodies into their models, straight from the frame's bytes.
enum EventBodyDecoder {
    /// Reads only `eventBody` of a frame; the envelope's other keys are skipped.
    private struct Wire<Body: Decodable>: Decodable {
        let eventBody: Body
    }

    /// One decoder for every event: building one per event would cost more than many small bodies.
    /// Models read dates from text themselves, so no date strategy is needed.
    private static let decoder = JSONDecoder()

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

    /// The body from the frame's text; when the text does not hold it (an envelope built in code,
    /// with no raw text), from the already parsed `eventBody`.
    static func body<Body: Decodable>(_ type: Body.Type, of envelope: NotificationEnvelope) -> Result<Body, any Error> {
        do {
            return .success(try decoder.decode(Wire<Body>.self, from: Data(envelope.rawText.utf8)).eventBody)
        } catch let fromText {
            guard let data = try? JSONEncoder().encode(envelope.eventBody) else { return .failure(fromText) }
            do {
                return .success(try decoder.decode(Body.self, from: data))
            } catch {
                return .failure(error)
            }
        }
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
