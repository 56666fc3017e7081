import Foundation
import GenesysCloud

/// What a text frame from the notification socket means.
enum InboundFrame: Sendable {
    /// `channel.metadata` "WebSocket Heartbeat".
    case heartbeat
    /// `channel.metadata` "pong", the answer to `{"message":"ping"}`.
    case pong
    case event(NotificationEnvelope)
    /// `v2.system.socket_closing`: the service will close this socket soon; open another.
    case socketClosing
    /// The channel is gone: `v2.system.no_longer_subscribed.*`, or `{"result":"404"}`.
    case channelGone(reason: String)
    /// `v2.system.token_revoked.*`: the token that created the channel was revoked.
    case tokenRevoked
    /// Another system or metadata message: proof of life, nothing to do.
    case otherSystem(String)
    /// A reply to a socket-level subscribe.
    case subscribeReply(result: String, message: String?)
    case malformed(MalformedFrame)
}

/// The kinds of frame a client cannot use. Each is counted, and logged once.
public enum MalformedFrame: String, Sendable, Hashable, CaseIterable {
    case notJSON = "not JSON"
    case missingTopicName = "JSON without topicName"
    case binary = "binary frame"
    case oversized = "oversized frame"
}

enum FrameDecoder {
    private struct Wire: Decodable {
        var topicName: String?
        var version: String?
        var eventBody: JSONValue?
        var metadata: Metadata?
        var result: JSONValue?
        var message: String?

        struct Metadata: Decodable {
            // The platform capitalises this key; accept the camel-case spelling too.
            var correlationId: String?
            enum CodingKeys: String, CodingKey {
                case upper = "CorrelationId"
                case lower = "correlationId"
            }
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                correlationId =
                    try container.decodeIfPresent(String.self, forKey: .upper)
                    ?? container.decodeIfPresent(String.self, forKey: .lower)
            }
        }
    }

    static func decode(_ text: String, receivedAt: Date) -> InboundFrame {
        guard let wire = try? JSONDecoder().decode(Wire.self, from: Data(text.utf8)) else {
            return .malformed(.notJSON)
        }
        if let result = wire.result {
            let code: String
            switch result {
            case .string(let value): code = value
            case .number(let value): code = String(Int(value))
            default: code = "\(result)"
            }
            return code == "404"
                ? .channelGone(reason: wire.message ?? "the socket answered 404")
                : .subscribeReply(result: code, message: wire.message)
        }
        guard let topic = wire.topicName, !topic.isEmpty else { return .malformed(.missingTopicName) }
        let lowered = topic.lowercased()
        if lowered == "channel.metadata" {
            switch wire.eventBody?["message"]?.stringValue?.lowercased() {
            case "pong": return .pong
            case "websocket heartbeat": return .heartbeat
            default: return .otherSystem(topic)
            }
        }
        if lowered == "v2.system.socket_closing" { return .socketClosing }
        if lowered.hasPrefix("v2.system.no_longer_subscribed") {
            return .channelGone(reason: wire.eventBody?["message"]?.stringValue ?? "no longer subscribed")
        }
        if lowered.hasPrefix("v2.system.token_revoked") { return .tokenRevoked }
        if lowered.hasPrefix("v2.system.") || lowered == "v2.subscription.updated" { return .otherSystem(topic) }
        return .event(
            NotificationEnvelope(
                topicName: topic, version: wire.version, eventBody: wire.eventBody ?? .null,
                correlationId: wire.metadata?.correlationId, rawText: text, receivedAt: receivedAt))
    }
}
