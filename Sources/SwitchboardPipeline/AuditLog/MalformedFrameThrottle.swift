import Foundation

/// Keeps a flood of unusable frames from flooding the audit log.
///
/// A misbehaving peer can send thousands of bad frames a second; each becomes a `frames.malformed`
/// health event. The first of each kind on each channel slot is written, then at most one an
/// `interval` per slot and kind. Nothing is lost by it: every record carries the running count
/// of its kind, so the next line written says how many arrived in between, and the records held
/// back are counted.
struct MalformedFrameThrottle: Sendable {
    let interval: TimeInterval
    /// When the last line of each slot and kind was written.
    private var lastWritten: [Source: Date] = [:]
    /// Records held back so far.
    private(set) var heldBack = 0

    private struct Source: Hashable, Sendable {
        let slot: Int?
        let kind: String?
    }

    init(interval: Duration) {
        self.interval = interval.seconds
    }

    /// Whether `record` is written: always, unless it is a `frames.malformed` record within the
    /// interval of the last one written for its slot and kind.
    mutating func admits(_ record: AuditRecord) -> Bool {
        guard record.event == .framesMalformed else { return true }
        let source = Source(slot: record.slot, kind: record.frameKind)
        if let last = lastWritten[source], record.time.timeIntervalSince(last) < interval {
            heldBack += 1
            return false
        }
        lastWritten[source] = record.time
        return true
    }
}
