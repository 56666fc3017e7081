import Foundation

/// A queue's real-time observations, shared by the REST observation query and the
/// `v2.analytics.queues.{id}.observations` events so both tell the same story.
extension Organization {
    /// One result group: the user metrics (no media type) or one media type's conversation metrics.
    struct ObservationGroup: Sendable {
        /// Nil for user metrics, which the platform groups by queue only.
        var mediaType: String?
        /// `{"metric", "qualifier"?, "stats", "observations"?}` entries.
        var data: [WireJSON]

        func json(queueId: String) -> WireJSON {
            ["queueId": .string(queueId), "mediaType": mediaType.map(WireJSON.string) ?? nil]
        }
    }

    static let allObservationMetrics: Set<String> = [
        "oActiveUsers", "oMemberUsers", "oOnQueueUsers", "oOffQueueUsers", "oUserPresences", "oUserRoutingStatuses",
        "oAlerting", "oInteracting", "oWaiting", "oLongestWaiting", "oLongestInteracting",
    ]

    /// Groups with at least one metric, user metrics first, then each of the queue's media types.
    func observationGroups(
        queue: RoutingQueueRecord, metrics wanted: Set<String> = allObservationMetrics, details: Set<String> = [],
        mediaFilter: Set<String> = []
    ) -> [ObservationGroup] {
        var groups: [ObservationGroup] = []
        let members = queue.memberIds.compactMap { agent($0) }
        var userData: [WireJSON] = []
        func add(_ metric: String, _ count: Int, qualifier: String? = nil) {
            guard wanted.contains(metric) else { return }
            userData.append([
                "metric": .string(metric), "qualifier": qualifier.map(WireJSON.string) ?? nil,
                "stats": ["count": .int(count)],
            ])
        }
        let onQueue = members.filter { presence($0.presenceId)?.system == .onQueue }
        add("oMemberUsers", members.count)
        add("oActiveUsers", members.count)
        for (status, count) in Self.counted(onQueue.map(\.routingStatus)) {
            add("oOnQueueUsers", count, qualifier: status)
        }
        add("oOffQueueUsers", members.count - onQueue.count)
        for (presenceId, count) in Self.counted(members.map(\.presenceId)) {
            add("oUserPresences", count, qualifier: presenceId)
        }
        for (status, count) in Self.counted(members.map(\.routingStatus)) {
            add("oUserRoutingStatuses", count, qualifier: status)
        }
        if !userData.isEmpty { groups.append(ObservationGroup(mediaType: nil, data: userData)) }

        for media in queue.mediaTypes where mediaFilter.isEmpty || mediaFilter.contains(media) {
            let here = active.filter { $0.queueId == queue.id && $0.mediaType == media }
            var data: [WireJSON] = []
            for (metric, state) in [
                ("oAlerting", ActiveInteraction.State.alerting), ("oInteracting", .interacting), ("oWaiting", .waiting),
            ]
            where wanted.contains(metric) {
                let matching = here.filter { $0.state == state }
                let observations: WireJSON =
                    details.contains(metric)
                    ? .array(
                        matching.map {
                            [
                                "observationDate": .date($0.enteredQueue), "conversationId": .string($0.conversationId),
                                "sessionId": .string($0.conversationId), "routingPriority": 0,
                                "userId": $0.agentId.map(WireJSON.string) ?? nil, "direction": "inbound",
                            ]
                        })
                    : nil
                data.append([
                    "metric": .string(metric), "stats": ["count": .int(matching.count)], "observations": observations,
                ])
            }
            for (metric, state) in [
                ("oLongestWaiting", ActiveInteraction.State.waiting), ("oLongestInteracting", .interacting),
            ]
            where wanted.contains(metric) {
                // The platform reports the start of the longest as epoch milliseconds (OBSERVED).
                guard let oldest = here.filter({ $0.state == state }).map(\.enteredQueue).min() else { continue }
                data.append([
                    "metric": .string(metric),
                    "stats": ["count": 1, "calculatedMetricValue": .int(Int(oldest.timeIntervalSince1970 * 1000))],
                ])
            }
            if !data.isEmpty { groups.append(ObservationGroup(mediaType: media, data: data)) }
        }
        return groups
    }

    static func counted(_ values: [String]) -> [(String, Int)] {
        var counts: [String: Int] = [:]
        for value in values { counts[value, default: 0] += 1 }
        return counts.sorted { $0.key < $1.key }
    }
}
