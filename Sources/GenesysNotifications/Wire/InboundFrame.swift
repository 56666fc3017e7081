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
        guard let frame = Skimmed(text) else { return .malformed(.notJSON) }
        if let result = frame.result {
            let code: String
            switch result {
            case .string(let value): code = value
            case .number(let value) where value == value.rounded(): code = String(Int(value))
            default: code = "\(result)"
            }
            let message = frame.message?.stringValue
            return code == "404"
                ? .channelGone(reason: message ?? "the socket answered 404")
                : .subscribeReply(result: code, message: message)
        }
        guard let topic = frame.topicName?.stringValue, !topic.isEmpty else { return .malformed(.missingTopicName) }
        let lowered = topic.lowercased()
        if lowered == "channel.metadata" {
            switch frame.body(of: text)?["message"]?.stringValue?.lowercased() {
            case "pong": return .pong
            case "websocket heartbeat": return .heartbeat
            default: return .otherSystem(topic)
            }
        }
        if lowered == "v2.system.socket_closing" { return .socketClosing }
        if lowered.hasPrefix("v2.system.no_longer_subscribed") {
            return .channelGone(reason: frame.body(of: text)?["message"]?.stringValue ?? "no longer subscribed")
        }
        if lowered.hasPrefix("v2.system.token_revoked") { return .tokenRevoked }
        if lowered.hasPrefix("v2.system.") || lowered == "v2.subscription.updated" { return .otherSystem(topic) }
        return .event(
            NotificationEnvelope(
                topicName: topic, version: frame.version?.stringValue, bodyInFrame: frame.eventBody,
                correlationId: frame.correlationId, rawText: text, receivedAt: receivedAt))
    }

    /// The envelope's few fields, read in one pass over the frame's bytes. The whole frame is
    /// checked to be JSON, but the body is only stepped over: typed decoding reads it from the
    /// frame later, and no tree is built for it.
    private struct Skimmed {
        var topicName: JSONValue?
        var version: JSONValue?
        /// `metadata.CorrelationId`: the platform capitalises the key; the camel-case spelling
        /// is accepted too.
        var correlationId: String?
        var result: JSONValue?
        var message: JSONValue?
        /// The byte range of `eventBody` in the frame.
        var eventBody: Range<Int>?

        init?(_ text: String) {
            var text = text
            let skimmed: Skimmed? = text.withUTF8 { bytes in
                var parser = JSONByteParser(bytes)
                var frame = Skimmed()
                do throws(JSONParseError) {
                    guard parser.consume(UInt8(ascii: "{")) else { return nil }
                    if !parser.consume(UInt8(ascii: "}")) {
                        repeat {
                            guard parser.peek() == UInt8(ascii: "\"") else { return nil }
                            let keyStart = parser.index + 1
                            try parser.skipString()
                            let key = Key.table.value(
                                UnsafeBufferPointer(rebasing: bytes[keyStart..<(parser.index - 1)]))
                            guard parser.consume(UInt8(ascii: ":")) else { return nil }
                            _ = parser.peek()
                            switch key {
                            case .eventBody:
                                let start = parser.index
                                try parser.skipValue()
                                frame.eventBody = start..<parser.index
                            case .topicName: frame.topicName = try parser.parseValue()
                            case .version: frame.version = try parser.parseValue()
                            case .metadata: frame.correlationId = try Self.correlationId(&parser)
                            case .result: frame.result = try parser.parseValue()
                            case .message: frame.message = try parser.parseValue()
                            case nil: try parser.skipValue()
                            }
                        } while parser.consume(UInt8(ascii: ","))
                        guard parser.consume(UInt8(ascii: "}")) else { return nil }
                    }
                    guard parser.peek() == nil else { return nil }
                } catch {
                    return nil
                }
                return frame
            }
            guard let skimmed else { return nil }
            self = skimmed
        }

        private init() {}

        /// The envelope keys read, matched as bytes. A key spelled with escapes matches none, as
        /// no platform frame writes one.
        private enum Key: String, CaseIterable {
            case eventBody, topicName, version, metadata, result, message
            static let table = ByteKeyTable<Key>()
        }

        /// The correlation id from the `metadata` object here, stepping over its other members.
        private static func correlationId(_ parser: inout JSONByteParser) throws(JSONParseError) -> String? {
            guard parser.consume(UInt8(ascii: "{")) else {
                try parser.skipValue()
                return nil
            }
            var capitalised: String?
            var camel: String?
            if parser.consume(UInt8(ascii: "}")) { return nil }
            repeat {
                guard parser.peek() == UInt8(ascii: "\"") else { throw parser.failure("expected a string key") }
                let key = try parser.parseString()
                guard parser.consume(UInt8(ascii: ":")) else { throw parser.failure("expected ':'") }
                if (key == "CorrelationId" || key == "correlationId"), parser.peek() == UInt8(ascii: "\"") {
                    let value = try parser.parseString()
                    if key == "CorrelationId" { capitalised = value } else { camel = value }
                } else {
                    try parser.skipValue()
                }
            } while parser.consume(UInt8(ascii: ","))
            guard parser.consume(UInt8(ascii: "}")) else { throw parser.failure("expected ',' or '}'") }
            return capitalised ?? camel
        }

        /// The body parsed, for the small system and metadata messages that need it.
        func body(of text: String) -> JSONValue? {
            guard let range = eventBody else { return nil }
            return try? JSONValue(parsing: text, range: range)
        }
    }
}
