import Foundation

/// The text frames the notification service writes (reference §4.1 and §3.3).
enum StreamingMessages {
    static let heartbeat = WireJSON.object([
        ("topicName", "channel.metadata"), ("eventBody", ["message": "WebSocket Heartbeat"]),
    ]).serialized()

    static let pong = WireJSON.object([
        ("topicName", "channel.metadata"), ("eventBody", ["message": "pong"]),
    ]).serialized()

    /// A notification: the individual topic, `version` "2" (a string in every capture), the body,
    /// and `metadata.CorrelationId` with a capital C.
    ///
    /// Written straight into bytes, as `WireJSON.object` would write the same four keys: the
    /// envelope is the same for every event, and building it as a tree for each one cost as much
    /// as writing the body.
    static func event(topic: String, body: WireJSON, correlationId: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        out.append(contentsOf: #"{"topicName":"#.utf8)
        WireJSON.writeString(topic, into: &out)
        out.append(contentsOf: #","version":"2","eventBody":"#.utf8)
        body.write(into: &out)
        out.append(contentsOf: #","metadata":{"CorrelationId":"#.utf8)
        WireJSON.writeString(correlationId, into: &out)
        out.append(contentsOf: "}}".utf8)
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: - Socket-level subscribe replies (OBSERVED in third-party clients; `result` is a string)

    static func subscribed(correlationId: String?) -> String {
        WireJSON.object([
            ("result", "200"), ("status", "subscribed"), ("correlationId", correlationId.map(WireJSON.string) ?? nil),
        ]).compacted.serialized()
    }

    static func subscribeFailed(_ message: String, correlationId: String?) -> String {
        WireJSON.object([
            ("result", "400"), ("status", "failure"), ("message", .string(message)),
            ("correlationId", correlationId.map(WireJSON.string) ?? nil),
        ]).compacted.serialized()
    }

    static func channelGone(_ message: String) -> String {
        WireJSON.object([("result", "404"), ("message", .string(message))]).serialized()
    }

    // MARK: - System messages

    /// `v2.system.socket_closing`: the socket closes soon; open another on the same connectUri.
    /// The body's exact fields are UNCONFIRMED (typed `SystemMessageSystemMessage` in the SDKs,
    /// whose `systemTopicType` values do not include this case), so it carries only the
    /// channel, the organisation and a message.
    static func socketClosing(channelId: String, organizationId: String, closeAfter: Duration) -> String {
        let seconds = Int(closeAfter.components.seconds)
        return event(
            topic: "v2.system.socket_closing",
            body: [
                "channelId": .string(channelId), "organizationId": .string(organizationId),
                "message": .string(
                    "This socket closes in \(seconds) seconds for maintenance; connect a new socket to the same connectUri."
                ),
            ],
            correlationId: RandomIdentifier.make())
    }

    /// `v2.system.no_longer_subscribed.<channelId>`, sent before an evicted channel's socket closes.
    /// The payload is SystemMessage-shaped (reference §4.1 item 5); the real one is UNCONFIRMED.
    static func noLongerSubscribed(channelId: String, organizationId: String, oauthClientId: String) -> String {
        let correlationId = RandomIdentifier.make()
        return event(
            topic: "v2.system.no_longer_subscribed.\(channelId)",
            body: [
                "channelId": .string(channelId), "systemTopicType": "no_longer_subscribed",
                "correlationId": .string(correlationId), "organizationId": .string(organizationId),
                "oauthClientId": .string(oauthClientId), "oauthClientOrgId": .string(organizationId),
                "reason": "another_channel_subscribed",
                "message":
                    "This channel was removed: the OAuth client opened more than the allowed number of channels.",
            ],
            correlationId: correlationId)
    }

    /// The malformed frames a `malformedFrames` fault sends, in turn.
    static func malformedFrame(_ index: Int) -> PlannedWrite {
        switch index % 3 {
        case 0: .text("{this is not JSON", event: nil)
        case 1: .text(#"{"eventBody":{"message":"a frame without topicName"}}"#, event: nil)
        default: .binary([0x00, 0x01, 0xFE, 0xFF])
        }
    }
}
