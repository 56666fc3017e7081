import Foundation

/// Conversation aggregates over completed segments, shared by the aggregate query and the
/// half-hour messages of `v2.analytics.queues.{id}.observations`.
extension Organization {
    /// The metrics the emulator computes, in the order streamed aggregate messages list them.
    static let streamedAggregateMetrics = [
        "nOffered", "nConnected", "nTransferred", "nOverSla", "tAnswered", "tAbandon", "tWait", "tAcd", "tAlert",
        "tNotResponding", "tTalk", "tHeld", "tAcw", "tHandle", "oServiceLevel",
    ]

    /// Completed segments offered at or after `start`. History is kept in completion order, so the
    /// scan stops two hours of offers before `start` (no segment stays open that long).
    /// With `queueId`, only that queue's: the streamed aggregates ask once per queue, and copying
    /// every queue's records for each of 2,000 queues was most of a large simulation's work.
    func recentHistory(since start: Date, queueId: String? = nil) -> [CompletedInteraction] {
        let horizon = start.addingTimeInterval(-7_200)
        var found: [CompletedInteraction] = []
        for record in history.reversed() {
            if record.offered < horizon { break }
            if record.offered >= start, queueId == nil || record.queueId == queueId { found.append(record) }
        }
        return found.reversed()
    }

    /// Segments still in progress, as open records that count only toward `nOffered`; with
    /// `queueId`, only that queue's.
    func openOffers(queueId: String? = nil) -> [CompletedInteraction] {
        active.filter { queueId == nil || $0.queueId == queueId }.map { segment in
            CompletedInteraction(
                queueId: segment.queueId, mediaType: segment.mediaType, offered: segment.enteredQueue, waitMs: 0,
                answered: false, alertMs: 0, talkMs: 0, holdMs: 0, acwMs: 0, isOpen: true)
        }
    }

    /// One metric over `records`, or nil when it has no data (the platform leaves such metrics out).
    /// Open records count toward `nOffered` only.
    func aggregate(_ metric: String, _ all: [CompletedInteraction]) -> WireJSON? {
        if metric == "nOffered" {
            return all.isEmpty ? nil : ["metric": "nOffered", "stats": ["count": .int(all.count)]]
        }
        let records = all.filter { !$0.isOpen }
        let answered = records.filter(\.answered)
        func timing(_ values: [Int]) -> WireJSON? {
            guard let min = values.min(), let max = values.max() else { return nil }
            return [
                "metric": .string(metric),
                "stats": [
                    "count": .int(values.count), "sum": .int(values.reduce(0, +)), "min": .int(min), "max": .int(max),
                ],
            ]
        }
        func count(_ value: Int) -> WireJSON? {
            value == 0 ? nil : ["metric": .string(metric), "stats": ["count": .int(value)]]
        }
        let serviceLevel = { (record: CompletedInteraction) in
            self.queue(record.queueId)?.serviceLevelDurationMs ?? 20_000
        }
        switch metric {
        case "nConnected": return count(answered.count)
        case "nTransferred": return count(records.filter(\.transferred).count)
        case "nOverSla": return count(records.filter { $0.waitMs > serviceLevel($0) }.count)
        case "tAnswered": return timing(answered.map(\.waitMs))
        case "tAbandon": return timing(records.filter { !$0.answered }.map(\.waitMs))
        case "tWait", "tAcd": return timing(records.map(\.waitMs))
        case "tAlert": return timing(answered.map(\.alertMs))
        case "tTalk": return timing(answered.map(\.talkMs))
        case "tHeld": return timing(answered.map(\.holdMs).filter { $0 > 0 })
        case "tAcw": return timing(answered.map(\.acwMs))
        case "tNotResponding": return timing(records.map(\.notRespondingMs).filter { $0 > 0 })
        case "tHandle": return timing(answered.map(\.handleMs))
        case "oServiceLevel":
            guard !records.isEmpty else { return nil }
            let within = answered.filter { $0.waitMs <= serviceLevel($0) }.count
            let target = records.first.flatMap { queue($0.queueId)?.serviceLevelTarget } ?? 0.8
            return [
                "metric": "oServiceLevel",
                "stats": [
                    "ratio": .double(Double(within) / Double(records.count)), "numerator": .int(within),
                    "denominator": .int(records.count), "target": .double(target),
                ],
            ]
        default: return nil
        }
    }
}
