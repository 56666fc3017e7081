import Foundation
import GenesysNotifications

/// Something in the queue statistics that cannot be right, reported rather than dropped.
public struct Inconsistency: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// A count or time below zero.
        case negative(metric: String, stat: String, value: Double)
        /// A count that is not a whole number.
        case fractionalCount(metric: String, value: Double)
        /// An interval that ends before it starts, or cannot be read.
        case badInterval(String)
        /// A snapshot older than one already received for the same queue and media type.
        case outOfOrder(previous: Date, this: Date)
        /// More interactions waiting than were offered this half-hour, although every one of them
        /// started waiting within it.
        case waitingExceedsOffered(waiting: Int, offered: Int)
    }

    public let queueId: String
    public let mediaType: String?
    public let kind: Kind
    public let at: Date

    public var description: String {
        let group = "\(queueId)/\(mediaType ?? "agents")"
        switch kind {
        case .negative(let metric, let stat, let value): return "\(group): \(metric).\(stat) is negative (\(value))"
        case .fractionalCount(let metric, let value): return "\(group): \(metric) count is not whole (\(value))"
        case .badInterval(let interval): return "\(group): interval '\(interval)' ends before it starts"
        case .outOfOrder(let previous, let this):
            return "\(group): snapshot of \(this.formatted(.iso8601)) after one of \(previous.formatted(.iso8601))"
        case .waitingExceedsOffered(let waiting, let offered):
            return "\(group): \(waiting) waiting but only \(offered) offered this half-hour"
        }
    }
}

/// Consistency checks over queue observations (use case 003): negative values, fractional
/// counts, intervals ending before they start, snapshots arriving out of order, and more waiting
/// than offered when every waiting interaction began in the current half-hour (earlier ones were
/// offered in an earlier half-hour, so only then must waiting stay within offered), judged as each
/// half-hour message arrives.
public struct ConsistencyChecker: Sendable {
    private struct Group: Sendable {
        var lastSnapshot: Date?
        var waiting: Int?
        var longestWaitingSince: Date?
        var intervalStart: Date?
        var offered: Int?
    }

    private var groups: [String: Group] = [:]

    public init() {}

    /// Checks one event; returns what is wrong with it (usually nothing).
    public mutating func check(_ event: PipelineEvent) -> [Inconsistency] {
        guard case .queueObservation(let topicQueueId, let stats) = event.typed else { return [] }
        let queueId = (stats.queueId ?? topicQueueId).lowercased()
        let at = event.envelope.receivedAt
        var found: [Inconsistency] = []
        func report(_ kind: Inconsistency.Kind) {
            found.append(Inconsistency(queueId: queueId, mediaType: stats.mediaType, kind: kind, at: at))
        }
        let key = "\(queueId)|\(stats.mediaType?.lowercased() ?? "")"
        var group = groups[key] ?? Group()
        for data in stats.data ?? [] {
            if let start = data.start, let end = data.end {
                if end < start { report(.badInterval(data.interval ?? "")) }
            } else if data.interval != nil {
                report(.badInterval(data.interval ?? ""))
            }
            for metric in data.metrics ?? [] {
                let name = metric.metric?.rawValue ?? "?"
                for (stat, value) in (metric.stats?.values ?? [:]).sorted(by: { $0.key < $1.key }) {
                    if value < 0 { report(.negative(metric: name, stat: stat, value: value)) }
                }
                if let count = metric.stats?["count"], count != count.rounded() {
                    report(.fractionalCount(metric: name, value: count))
                }
            }
        }
        if stats.isSnapshot, let instant = stats.data?.first?.start {
            // Only the platform's own snapshots are ordered: a backfill record is stamped with the
            // time the client took it, on the client's clock.
            if !event.isBackfill {
                if let previous = group.lastSnapshot, instant < previous {
                    report(.outOfOrder(previous: previous, this: instant))
                } else {
                    group.lastSnapshot = instant
                }
            }
            if let waiting = stats.count(of: .oWaiting) {
                group.waiting = waiting
                group.longestWaitingSince = stats.longestWaitingSince
            }
        } else if !stats.isSnapshot, let start = stats.data?.first?.start {
            if group.intervalStart.map({ start >= $0 }) ?? true {
                group.intervalStart = start
                group.offered = stats.count(of: .nOffered) ?? 0
            }
        }
        // Judged when a half-hour message arrives: a snapshot can count a new arrival a moment
        // before the half-hour message that counts its offer, but offers only grow, so a
        // half-hour message always covers the waits of the snapshots before it.
        if !stats.isSnapshot, let waiting = group.waiting, let offered = group.offered, waiting > offered,
            let since = group.longestWaitingSince, let intervalStart = group.intervalStart, since >= intervalStart,
            since < intervalStart.addingTimeInterval(1_800)
        {
            report(.waitingExceedsOffered(waiting: waiting, offered: offered))
        }
        groups[key] = group
        return found
    }
}
