import Foundation
import GenesysCloud
import GenesysNotifications

/// One line of the audit log (use cases 000, 002, 003, 004): what happened to the stream, when,
/// on which channel slot, with the figures an operator needs afterwards (topics affected, how long
/// a gap lasted, what backfill re-seeded, why something failed).
///
/// A pure value built from a ``HealthEvent`` (``init(_:)``) or by the process itself
/// (``sinkFailed(sink:reason:dropped:queued:at:)``, ``shutdown(at:reason:)``). It encodes as one
/// JSON object per line with sorted keys, ISO-8601 times and absent fields left out;
/// ``AuditLogWriter`` appends the lines to a file.
///
/// Nothing here grants access: ``channel`` is the shortened channel id health events carry, and
/// every free-text field (reasons, requests, topic names) passes ``SecretScrubber`` first.
public struct AuditRecord: Sendable, Hashable, Codable {
    /// When it happened (for a health event, when the client reported it).
    public private(set) var time: Date
    public private(set) var event: AuditEvent
    /// The channel slot of the plan; absent for records about no slot (topics the plan could not
    /// place, sinks, shutdown).
    public private(set) var slot: Int?
    /// The channel's id, shortened (`streaming-0-abcd…`).
    public private(set) var channel: String?
    /// Why: the error, the close reason, the plan's explanation, a sink's failure.
    public private(set) var reason: String?
    /// Per rejected topic, its reason and missing permissions (the first few).
    public private(set) var reasons: [String]?
    /// How many topics it concerns (for a backfill pass: how many were re-seeded).
    public private(set) var topicCount: Int?
    /// The first few of those topics' names.
    public private(set) var topics: [String]?
    /// Start and end of the interval without a live socket (`gap`, and a backfill after one).
    public private(set) var gapStart: Date?
    public private(set) var gapEnd: Date?
    /// Length of the gap (`gap`, `gap.ended`), or of the backfill pass (`backfill`).
    public private(set) var durationSeconds: Double?
    /// How long the socket had been silent (`channel.heartbeatLate`).
    public private(set) var silentForSeconds: Double?
    /// When it is tried again (`channel.setupFailed`, `channel.reconnectScheduled`,
    /// `backfill.failed`); absent on a `backfill.failed` that gave up.
    public private(set) var retryInSeconds: Double?
    /// The unusable frame's kind and how many of that kind so far (`frames.malformed`).
    public private(set) var frameKind: String?
    public private(set) var frameCount: Int?
    /// The failed REST call and which attempt it was (`backfill.failed`).
    public private(set) var request: String?
    public private(set) var attempt: Int?
    public private(set) var maximumAttempts: Int?
    /// What a backfill pass followed: `startup` or `gap`.
    public private(set) var backfillReason: String?
    /// Backfill records delivered, and live events held meanwhile and released after them.
    public private(set) var records: Int?
    public private(set) var released: Int?
    /// Topics whose backfill failed, with the first few names.
    public private(set) var failed: Int?
    public private(set) var failedTopics: [String]?
    /// Topics the platform had no data for, and topics no REST call can re-seed.
    public private(set) var withoutData: Int?
    public private(set) var notBackfillable: Int?
    /// Times the backfill pass started over.
    public private(set) var restarts: Int?
    /// The sink that failed, and what it dropped and still holds (`sink.failed`).
    public private(set) var sink: String?
    public private(set) var dropped: Int?
    public private(set) var queued: Int?

    /// How many topic names a record lists; the count says how many there were.
    public static let listedTopics = 5

    /// A record with only time and event; the factories set the rest as the event needs.
    init(time: Date, event: AuditEvent, slot: Int? = nil, channel: String? = nil) {
        self.time = time
        self.event = event
        self.slot = slot
        self.channel = channel.map(SecretScrubber.scrub)
    }

    /// The record of a health event.
    public init(_ health: HealthEvent) {
        // The client reports events about no slot (topics it could not place) as slot -1.
        self.init(
            time: health.at, event: AuditEvent(health.kind), slot: health.slot >= 0 ? health.slot : nil,
            channel: health.channel)
        switch health.kind {
        case .state(let change): describe(change)
        case .gap(let gap):
            describe(gap)
            setTopics(gap.topics.map(\.name))
        case .topicsRejected(let rejected):
            setTopics(rejected.map(\.topic))
            reasons = rejected.prefix(Self.listedTopics).map { SecretScrubber.scrub($0.description) }
        case .topicsUnplaced(let topics, let reason):
            setTopics(topics.map(\.name))
            self.reason = SecretScrubber.scrub(reason)
        case .malformedFrame(let kind, let count):
            frameKind = kind.rawValue
            frameCount = count
        case .backfillFailed(let failure):
            request = SecretScrubber.scrub(failure.request)
            topicCount = failure.topics
            reason = SecretScrubber.scrub(failure.cause)
            attempt = failure.attempt
            maximumAttempts = failure.maximumAttempts
            retryInSeconds = failure.retryIn.map(Self.seconds)
        case .backfilled(let report): describe(report)
        }
    }

    /// A sink could not deliver (for the sinks): `dropped` events are lost to it under its
    /// policy, `queued` are still held for it.
    public static func sinkFailed(sink: String, reason: String, dropped: Int, queued: Int, at time: Date = Date())
        -> AuditRecord
    {
        var record = AuditRecord(time: time, event: .sinkFailed)
        record.sink = SecretScrubber.scrub(sink)
        record.reason = SecretScrubber.scrub(reason)
        record.dropped = dropped
        record.queued = queued
        return record
    }

    /// The process is stopping (a signal, the end of its input, an error).
    public static func shutdown(at time: Date = Date(), reason: String? = nil) -> AuditRecord {
        var record = AuditRecord(time: time, event: .shutdown)
        record.reason = reason.map(SecretScrubber.scrub)
        return record
    }

    private mutating func describe(_ change: HealthChange) {
        switch change {
        case .channelSetupFailed(let reason, let wait), .reconnectScheduled(let reason, let wait):
            self.reason = SecretScrubber.scrub(reason)
            retryInSeconds = Self.seconds(wait)
        case .heartbeatLate(let silence):
            silentForSeconds = Self.seconds(silence)
        case .rotationFailed(let reason), .disconnected(let reason), .channelLost(let reason),
            .channelRenewalFailed(let reason):
            self.reason = SecretScrubber.scrub(reason)
        case .gapEnded(let duration):
            durationSeconds = Self.seconds(duration)
        case .settingUpChannel, .connected, .rotating, .rotated, .channelRenewed, .gapStarted, .stopped:
            break
        }
    }

    private mutating func describe(_ gap: Gap) {
        gapStart = gap.start
        gapEnd = gap.end
        durationSeconds = Self.rounded(gap.end.timeIntervalSince(gap.start))
    }

    private mutating func describe(_ report: BackfillReport) {
        switch report.reason {
        case .startup: backfillReason = "startup"
        case .gap(let gap):
            backfillReason = "gap"
            gapStart = gap.start
            gapEnd = gap.end
        }
        setTopics(report.backfilled.map(\.name))
        records = report.records
        released = report.releasedEvents
        failed = report.failed.count
        if !report.failed.isEmpty {
            failedTopics = report.failed.prefix(Self.listedTopics).map { SecretScrubber.scrub($0.name) }
        }
        withoutData = report.withoutData.count
        notBackfillable = report.notBackfillable.count
        restarts = report.restarts
        durationSeconds = Self.seconds(report.duration)
    }

    private mutating func setTopics(_ names: [String]) {
        topicCount = names.count
        topics = names.prefix(Self.listedTopics).map(SecretScrubber.scrub)
    }

    private static func seconds(_ duration: Duration) -> Double { rounded(duration.seconds) }

    /// Milliseconds are enough, and keep the lines short.
    private static func rounded(_ seconds: TimeInterval) -> Double { (seconds * 1000).rounded() / 1000 }
}

extension AuditRecord {
    /// The record as one line of JSON, without the line break.
    public func jsonLine() -> String {
        // Encoding a value of plain fields cannot fail.
        guard let data = try? Self.encoder().encode(self) else { return #"{"event":"\#(event.rawValue)"}"# }
        return String(decoding: data, as: UTF8.self)
    }

    /// Reads one line written by ``jsonLine()``.
    public init(jsonLine: String) throws {
        self = try Self.decoder().decode(AuditRecord.self, from: Data(jsonLine.utf8))
    }

    private static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        }
        return encoder
    }

    private static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
            else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "expected an ISO-8601 time, found \(text)")
            }
            return date
        }
        return decoder
    }
}
