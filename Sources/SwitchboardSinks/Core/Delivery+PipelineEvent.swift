import Foundation
import GenesysCloud
import GenesysNotifications
import SwitchboardPipeline

extension Delivery {
    /// The delivery of a pipeline event. Its JSON object is
    /// `{"key", "topic", "receivedAt", "origin", "correlationId"?, "backfill"?, "record"?, "body"}`:
    /// `origin` is `live` or `backfill`; `backfill` gives the slot, reason and snapshot time;
    /// `record` is the routing interaction record of a conversation event; `body` is the event body
    /// exactly as the platform sent it (or as backfill wrote it).
    public init(_ event: PipelineEvent) {
        let envelope = event.envelope
        let body = envelope.eventBodyJSON
        let topic = envelope.topicName.lowercasedIfNeeded()
        let key: String
        if let id = envelope.correlationId, !id.isEmpty, !envelope.isBackfill {
            key = "\(topic)|\(id)"
        } else {
            // No id: the same record offered twice still gets the same key, after a restart too
            // (FNV-1a is stable across processes).
            key =
                "\(topic)|\(envelope.backfill.map { "backfill|\(EventDate.format($0.snapshotAt))" } ?? "live")|"
                + String(CorrelationKey.fnv1a(body), radix: 16)
        }
        // Room for everything up front, and every piece appended in place: the body is the
        // bulk, and growing the text piece by piece (or quoting into new strings) would copy it
        // several times over.
        var json = ""
        json.reserveCapacity(body.utf8.count + 2 * key.utf8.count + (event.record == nil ? 160 : 1_024))
        json += #"{"key":"#
        JSONText.append(quoted: key, to: &json)
        json += #","topic":"#
        JSONText.append(quoted: envelope.topicName, to: &json)
        json += #","receivedAt":""#
        json += EventDate.format(envelope.receivedAt)
        json += envelope.isBackfill ? #"","origin":"backfill""# : #"","origin":"live""#
        if let id = envelope.correlationId {
            json += #","correlationId":"#
            JSONText.append(quoted: id, to: &json)
        }
        if let context = envelope.backfill {
            json +=
                #","backfill":{"slot":\#(context.slot),"reason":\#(JSONText.quoted("\(context.reason)")),"snapshotAt":"\#(EventDate.format(context.snapshotAt))"}"#
        }
        if let record = event.record { json += #","record":\#(record.jsonObject())"# }
        json += #","body":"#
        json += body
        json += "}"
        self.init(key: key, kind: .event, time: envelope.receivedAt, json: json, record: event.record)
    }
}

/// JSON text helpers for deliveries written by hand.
enum JSONText {
    /// `text` as a JSON string literal.
    static func quoted(_ text: String) -> String {
        var out = ""
        append(quoted: text, to: &out)
        return out
    }

    /// Appends `text` as a JSON string literal to `json`.
    static func append(quoted text: String, to json: inout String) {
        // Topics, ids and names rarely need an escape: appended whole. The check is the parser's
        // plain-run scan over the string's contiguous bytes (its UTF-8 view's iterator cost more
        // than the rest).
        var contiguous = text
        let plain = contiguous.withUTF8 { JSONByteParser.plainRunEnd($0, from: 0) == $0.count }
        json += "\""
        guard !plain else {
            json += text
            json += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": json += "\\\""
            case "\\": json += "\\\\"
            case "\n": json += "\\n"
            case "\r": json += "\\r"
            case "\t": json += "\\t"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                json += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: json.unicodeScalars.append(scalar)
            }
        }
        json += "\""
    }
}

extension RoutingInteractionRecord {
    /// The record as one JSON object, keys sorted.
    func jsonObject() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a record of strings, numbers and flags cannot fail; `{}` is the defensive answer.
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
