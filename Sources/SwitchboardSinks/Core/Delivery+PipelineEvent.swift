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
        // Room for everything up front: the body is the bulk, and growing the text piece by
        // piece would copy it several times over.
        var json = ""
        json.reserveCapacity(body.utf8.count + 2 * key.utf8.count + (event.record == nil ? 160 : 1_024))
        json += #"{"key":\#(JSONText.quoted(key)),"topic":\#(JSONText.quoted(envelope.topicName))"#
        json += #","receivedAt":"\#(EventDate.format(envelope.receivedAt))","origin":"#
        json += envelope.isBackfill ? #""backfill""# : #""live""#
        if let id = envelope.correlationId { json += #","correlationId":\#(JSONText.quoted(id))"# }
        if let context = envelope.backfill {
            json +=
                #","backfill":{"slot":\#(context.slot),"reason":\#(JSONText.quoted("\(context.reason)")),"snapshotAt":"\#(EventDate.format(context.snapshotAt))"}"#
        }
        if let record = event.record { json += #","record":\#(record.jsonObject())"# }
        json += #","body":\#(body)}"#
        self.init(key: key, kind: .event, time: envelope.receivedAt, json: json, record: event.record)
    }
}

/// JSON text helpers for deliveries written by hand.
enum JSONText {
    /// `text` as a JSON string literal.
    static func quoted(_ text: String) -> String {
        // Topics, ids and names rarely need an escape: quote them whole. The check reads the
        // string's contiguous bytes (its UTF-8 view's iterator cost more than the rest).
        var contiguous = text
        let plain = contiguous.withUTF8 { bytes in
            !bytes.contains { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }
        }
        if plain { return "\"" + text + "\"" }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let control where control.value < 0x20:
                out +=
                    "\\u" + String(repeating: "0", count: 4 - String(control.value, radix: 16).count)
                    + String(control.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
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
