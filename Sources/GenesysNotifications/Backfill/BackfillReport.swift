import Foundation

/// Why a backfill pass ran.
public enum BackfillReason: Sendable, Hashable, CustomStringConvertible {
    /// The slot's channel connected for the first time: state is seeded before any live event.
    case startup
    /// The slot's topics had no live socket for a while; events published then were lost.
    case gap(Gap)

    public var description: String {
        switch self {
        case .startup: "start-up"
        case .gap(let gap): "gap of \(String(format: "%.3f", gap.end.timeIntervalSince(gap.start))) s"
        }
    }
}

/// What marks an envelope as a backfill record rather than a live event.
public struct BackfillContext: Sendable, Hashable {
    /// The channel slot whose topics were re-seeded.
    public let slot: Int
    public let reason: BackfillReason
    /// When the REST answer the record was built from arrived: the state is as of about then.
    public let snapshotAt: Date

    public init(slot: Int, reason: BackfillReason, snapshotAt: Date) {
        self.slot = slot
        self.reason = reason
        self.snapshotAt = snapshotAt
    }
}

/// One failed REST call of a backfill pass.
public struct BackfillFailure: Sendable, Hashable, CustomStringConvertible {
    /// The call, such as `GET /api/v2/users (100 users)`.
    public let request: String
    /// How many of the pass's topics wait on this call.
    public let topics: Int
    /// The error, with what to do about it.
    public let cause: String
    /// Which attempt failed, counting from 1.
    public let attempt: Int
    public let maximumAttempts: Int
    /// When the call is tried again; `nil` when it is not (attempts used up, or a failure that
    /// retrying cannot fix, such as a missing permission). Its topics are then reported as failed.
    public let retryIn: Duration?

    public init(request: String, topics: Int, cause: String, attempt: Int, maximumAttempts: Int, retryIn: Duration?) {
        self.request = request
        self.topics = topics
        self.cause = cause
        self.attempt = attempt
        self.maximumAttempts = maximumAttempts
        self.retryIn = retryIn
    }

    public var description: String {
        let next = retryIn.map { "retrying in \($0.readable)" } ?? "giving up on \(topics) topic(s)"
        return "backfill \(request) failed (attempt \(attempt) of \(maximumAttempts)), \(next): \(cause)"
    }
}

/// The outcome of one backfill pass of a slot: what was re-seeded from REST, and what was not.
///
/// Topics without a REST snapshot (conversations, conversation summaries, detail events,
/// aggregates, ...) cannot be backfilled: events they lost in a gap stay lost, and the report
/// lists them under ``notBackfillable``.
public struct BackfillReport: Sendable, Hashable, CustomStringConvertible {
    public let reason: BackfillReason
    /// Topics that received at least one backfill record.
    public let backfilled: [Topic]
    /// Topics whose REST call succeeded but returned nothing for them (an unknown or deleted
    /// user, a queue the observation query does not know).
    public let withoutData: [Topic]
    /// Topics no REST call can re-seed.
    public let notBackfillable: [Topic]
    /// Backfillable topics whose REST call failed on every attempt, or whose snapshot was
    /// discarded because live events outran the hold buffer.
    public let failed: [Topic]
    /// Backfill records emitted.
    public let records: Int
    /// Live events held back during the pass: those held while their topic's snapshot was
    /// fetched, delivered right after its records, and those held before their topic's request
    /// went out (from the slot's creation, for a start-up pass), delivered then.
    public let releasedEvents: Int
    /// From the first REST call of the pass to its report (for a pass that started over, its
    /// last run).
    public let duration: Duration
    /// Every failed REST call of the pass, retried ones included.
    public let failures: [BackfillFailure]
    /// Times the pass started over because the hold buffer filled up.
    public let restarts: Int

    public init(
        reason: BackfillReason, backfilled: [Topic], withoutData: [Topic], notBackfillable: [Topic], failed: [Topic],
        records: Int, releasedEvents: Int, duration: Duration, failures: [BackfillFailure], restarts: Int
    ) {
        self.reason = reason
        self.backfilled = backfilled
        self.withoutData = withoutData
        self.notBackfillable = notBackfillable
        self.failed = failed
        self.records = records
        self.releasedEvents = releasedEvents
        self.duration = duration
        self.failures = failures
        self.restarts = restarts
    }

    /// Every backfillable topic was re-seeded or answered (none failed).
    public var isComplete: Bool { failed.isEmpty }

    public var description: String {
        var parts = [
            "backfill after \(reason): \(backfilled.count) topic(s) re-seeded with \(records) record(s) in \(duration.readable)"
        ]
        if releasedEvents > 0 { parts.append("\(releasedEvents) held live event(s) released after them") }
        if !withoutData.isEmpty { parts.append("\(withoutData.count) topic(s) without data on the platform") }
        if !failed.isEmpty {
            parts.append("\(failed.count) topic(s) FAILED (\(Self.sample(failed))), see the failures reported before")
        }
        if !notBackfillable.isEmpty {
            parts.append(
                "\(notBackfillable.count) topic(s) have no REST snapshot and were not backfilled: events they lost stay lost (\(Self.sample(notBackfillable)))"
            )
        }
        if restarts > 0 { parts.append("restarted \(restarts) time(s) after the hold buffer filled") }
        return parts.joined(separator: "; ")
    }

    private static func sample(_ topics: [Topic]) -> String {
        topics.prefix(3).map(\.name).joined(separator: ", ") + (topics.count > 3 ? ", ..." : "")
    }
}
