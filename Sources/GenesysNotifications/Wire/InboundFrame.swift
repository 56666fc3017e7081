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
    static func decode(_ text: String, receivedAt: Date) -> InboundFrame {
        // One pass over the frame's bytes: the envelope's few fields are read from the parsed
        // value, and the body stays parsed for typed decoding.
        guard let parsed = try? JSONValue(parsing: text), case .object(let object) = parsed else {
            return .malformed(.notJSON)
        }
        let eventBody = object["eventBody"]
        if let result = object["result"] {
            let code: String
            switch result {
            case .string(let value): code = value
            case .number(let value) where value == value.rounded(): code = String(Int(value))
            default: code = "\(result)"
            }
            let message = object["message"]?.stringValue
            return code == "404"
                ? .channelGone(reason: message ?? "the socket answered 404")
                : .subscribeReply(result: code, message: message)
        }
        guard let topic = object["topicName"]?.stringValue, !topic.isEmpty else { return .malformed(.missingTopicName) }
        let lowered = topic.lowercased()
        if lowered == "channel.metadata" {
            switch eventBody?["message"]?.stringValue?.lowercased() {
            case "pong": return .pong
            case "websocket heartbeat": return .heartbeat
            default: return .otherSystem(topic)
            }
        }
        if lowered == "v2.system.socket_closing" { return .socketClosing }
        if lowered.hasPrefix("v2.system.no_longer_subscribed") {
            return .channelGone(reason: eventBody?["message"]?.stringValue ?? "no longer subscribed")
        }
        if lowered.hasPrefix("v2.system.token_revoked") { return .tokenRevoked }
        if lowered.hasPrefix("v2.system.") || lowered == "v2.subscription.updated" { return .otherSystem(topic) }
        // The platform capitalises the key; accept the camel-case spelling too.
        let metadata = object["metadata"]
        let correlationId = (metadata?["CorrelationId"] ?? metadata?["correlationId"])?.stringValue
        return .event(
            NotificationEnvelope(
                topicName: topic, version: object["version"]?.stringValue, eventBody: eventBody ?? .null,
                correlationId: correlationId, rawText: text, receivedAt: receivedAt))
    }
}
