import Foundation
import GenesysCloud
import GenesysNotifications

/// One line of a recording (`switchboard record`): an envelope as received, with its receipt
/// time and, for a backfill record, where it came from.
///
///     {"receivedAt":"2026-11-24T17:00:00.123Z","frame":{"topicName":…,"eventBody":…}}
///     {"receivedAt":"…","backfill":{"slot":0,"reason":"startup","snapshotAt":"…"},"frame":{…}}
///
/// `frame` is the frame's JSON exactly as the platform sent it (backfill records: as backfill
/// wrote it), so a replay decodes the same bytes.
public struct RecordedFrame: Sendable {
    public let envelope: NotificationEnvelope

    public init(_ envelope: NotificationEnvelope) { self.envelope = envelope }

    /// The line, without its line break.
    public var line: String {
        var line = #"{"receivedAt":"\#(EventDate.format(envelope.receivedAt))""#
        if let context = envelope.backfill {
            let reason =
                switch context.reason {
                case .startup: "startup"
                case .gap: "gap"
                }
            line +=
                #","backfill":{"slot":\#(context.slot),"reason":"\#(reason)","snapshotAt":"\#(EventDate.format(context.snapshotAt))"}"#
        }
        return line + #","frame":\#(envelope.rawText)}"#
    }

    /// Reads one line; the error says what is wrong with it (the caller adds the file and line).
    public init(line: String) throws(RecordingError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: line)
        } catch {
            throw RecordingError("not JSON (\(error))")
        }
        guard case .object(let fields) = value else { throw RecordingError("not a JSON object") }
        guard let received = fields["receivedAt"]?.stringValue, let receivedAt = EventDate.parse(received) else {
            throw RecordingError("no receivedAt time")
        }
        guard let frame = fields["frame"], case .object = frame else { throw RecordingError("no frame object") }
        guard let envelope = NotificationEnvelope(frame: Self.frameText(line, parsed: frame), receivedAt: receivedAt)
        else {
            throw RecordingError("the frame is not a notification (it has no topicName and eventBody)")
        }
        guard case .object(let backfill) = fields["backfill"] ?? .null else {
            self.envelope = envelope
            return
        }
        guard case .number(let slotNumber) = backfill["slot"] ?? .null, let slot = Int(exactly: slotNumber),
            let snapshot = backfill["snapshotAt"]?.stringValue,
            let snapshotAt = EventDate.parse(snapshot)
        else { throw RecordingError("a backfill record without its slot and snapshot time") }
        // A gap's own times are not recorded: the record stands for state after some gap.
        let reason: BackfillReason =
            backfill["reason"]?.stringValue == "gap"
            ? .gap(Gap(start: snapshotAt, end: snapshotAt, topics: [])) : .startup
        self.envelope = NotificationEnvelope(
            envelope, origin: .backfill(BackfillContext(slot: slot, reason: reason, snapshotAt: snapshotAt)))
    }
}

extension RecordedFrame {
    /// The frame's text as recorded: the rest of the line after `"frame":` when the line is
    /// written as ``line`` writes it (so a replay reads the very bytes received), else the parsed
    /// frame written out again.
    fileprivate static func frameText(_ line: String, parsed: JSONValue) -> String {
        if let marker = line.range(of: #","frame":"#), line.hasSuffix("}") {
            let text = String(line[marker.upperBound..<line.index(before: line.endIndex)])
            if (try? JSONValue(parsing: text)) == parsed { return text }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(parsed)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// A line of a recording that cannot be read.
public struct RecordingError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
