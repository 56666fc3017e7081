import Foundation

/// Observation and aggregate queries, answered from the organisation's current state and history.
extension EmulatorCore {
    struct Predicate: Decodable {
        var type: String?
        var dimension: String?
        var `operator`: String?
        var value: String?
    }
    struct Clause: Decodable {
        var type: String?
        var predicates: [Predicate]?
    }
    struct Filter: Decodable {
        var type: String?
        var clauses: [Clause]?
        var predicates: [Predicate]?

        var allPredicates: [Predicate] { (predicates ?? []) + (clauses ?? []).flatMap { $0.predicates ?? [] } }
        func values(of dimension: String) -> [String] {
            allPredicates.filter { $0.dimension == dimension }.compactMap(\.value)
        }
    }

    static let userObservationMetrics = [
        "oActiveUsers", "oMemberUsers", "oOnQueueUsers", "oOffQueueUsers", "oUserPresences", "oUserRoutingStatuses",
    ]
    static let conversationObservationMetrics = [
        "oAlerting", "oInteracting", "oWaiting", "oLongestWaiting", "oLongestInteracting",
    ]

    func queueObservations(_ request: EmulatorRequest) throws -> EmulatorResponse {
        struct Query: Decodable {
            var filter: Filter?
            var metrics: [String]?
            var detailMetrics: [String]?
        }
        let query = try decodeBody(Query.self, request)
        guard let filter = query.filter else { throw EmulatorFailure.badRequest("filter is required.") }
        for predicate in filter.allPredicates where predicate.dimension != nil {
            guard predicate.dimension == "queueId" || predicate.dimension == "mediaType" else {
                throw EmulatorFailure.badRequest(
                    "Invalid dimension '\(predicate.dimension ?? "")': queue observations filter on queueId and mediaType."
                )
            }
        }
        let queueIds = filter.values(of: "queueId").map { $0.lowercased() }
        guard !queueIds.isEmpty else { throw EmulatorFailure.badRequest("The filter must name at least one queueId.") }
        let known = Set(Self.userObservationMetrics + Self.conversationObservationMetrics)
        let wanted = query.metrics ?? Array(known)
        if let unknown = wanted.first(where: { !known.contains($0) }) {
            throw EmulatorFailure.badRequest(
                "Invalid metric '\(unknown)'. Valid metrics: \(known.sorted().joined(separator: ", ")).")
        }
        let wantedSet = Set(wanted)
        let details = Set(query.detailMetrics ?? [])
        let mediaFilter = Set(filter.values(of: "mediaType").map { $0.lowercased() })

        var results: [WireJSON] = []
        for queueId in queueIds {
            guard let queue = organization.queue(queueId) else { continue }
            for group in organization.observationGroups(
                queue: queue, metrics: wantedSet, details: details, mediaFilter: mediaFilter)
            {
                results.append(["group": group.json(queueId: queue.id), "data": .array(group.data)])
            }
        }
        var mappings: [(String, WireJSON)] = []
        for system in SystemPresenceKind.all {
            mappings.append(
                (system.eventName, .array(organization.presences.filter { $0.system == system }.map { .string($0.id) }))
            )
        }
        return .json(200, ["systemToOrganizationMappings": .object(mappings), "results": .array(results)])
    }

    // MARK: - Aggregates

    static let aggregateMetrics = Set(Organization.streamedAggregateMetrics)
    /// Valid platform metrics the emulator does not model: accepted, and absent from results as
    /// metrics without data are.
    static let unmodelledAggregateMetrics: Set<String> = [
        "nBlindTransferred", "nConsultTransferred", "nError", "nOutbound", "nOutboundAttempted",
        "nOutboundConnected", "nOutboundAbandoned", "nConversations", "tShortAbandon", "tTalkComplete", "tHeldComplete",
        "tIvr", "tFlowOut", "tConnected", "tContacting", "tDialing", "tVoicemail", "tMonitoring",
        "tFirstConnect", "tFirstDial", "tFirstEngagement", "tFirstResponse", "oServiceTarget", "oMediaCount",
    ]

    func conversationAggregates(_ request: EmulatorRequest) throws -> EmulatorResponse {
        struct Query: Decodable {
            var interval: String?
            var granularity: String?
            var groupBy: [String]?
            var filter: Filter?
            var metrics: [String]?
        }
        let query = try decodeBody(Query.self, request)
        guard let interval = query.interval, let (start, end) = Self.parseInterval(interval), start < end else {
            throw EmulatorFailure.badRequest("interval must be an ISO-8601 interval 'start/end' with start before end.")
        }
        guard let metrics = query.metrics, !metrics.isEmpty else {
            throw EmulatorFailure.badRequest("metrics is required.")
        }
        if let unknown = metrics.first(where: {
            !Self.aggregateMetrics.contains($0) && !Self.unmodelledAggregateMetrics.contains($0)
        }) {
            throw EmulatorFailure.badRequest("Invalid metric '\(unknown)'.")
        }
        let step: TimeInterval?
        switch query.granularity {
        case nil: step = nil
        case "PT15M": step = 900
        case "PT30M": step = 1_800
        case "PT1H": step = 3_600
        case "P1D": step = 86_400
        case let other?:
            throw EmulatorFailure.badRequest(
                "Unsupported granularity '\(other)': the emulator serves PT15M, PT30M, PT1H and P1D.")
        }
        let groupBy = query.groupBy ?? []
        if let unsupported = groupBy.first(where: { $0 != "queueId" && $0 != "mediaType" }) {
            throw EmulatorFailure.badRequest(
                "Unsupported groupBy dimension '\(unsupported)': the emulator groups by queueId and mediaType.")
        }
        let queueFilter = Set((query.filter?.values(of: "queueId") ?? []).map { $0.lowercased() })
        let mediaFilter = Set((query.filter?.values(of: "mediaType") ?? []).map { $0.lowercased() })
        let records = (organization.history + organization.openOffers()).filter {
            $0.offered >= start && $0.offered < end && (queueFilter.isEmpty || queueFilter.contains($0.queueId))
                && (mediaFilter.isEmpty || mediaFilter.contains($0.mediaType))
        }

        var groups: [[String]: [CompletedInteraction]] = [:]
        for record in records {
            let key = groupBy.map { $0 == "queueId" ? record.queueId : record.mediaType }
            groups[key, default: []].append(record)
        }
        let results: [WireJSON] = groups.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { key, records in
            var buckets: [Date: [CompletedInteraction]] = [:]
            for record in records {
                let bucketStart =
                    step.map { step in
                        start.addingTimeInterval(
                            ((record.offered.timeIntervalSince(start)) / step).rounded(.down) * step)
                    } ?? start
                buckets[bucketStart, default: []].append(record)
            }
            let data: [WireJSON] = buckets.sorted { $0.key < $1.key }.map { bucketStart, records in
                let bucketEnd = step.map { min(end, bucketStart.addingTimeInterval($0)) } ?? end
                return [
                    "interval": .string("\(WireJSON.format(bucketStart))/\(WireJSON.format(bucketEnd))"),
                    "metrics": .array(metrics.compactMap { organization.aggregate($0, records) }),
                ]
            }
            return ["group": .object(zip(groupBy, key).map { ($0, .string($1)) }), "data": .array(data)]
        }
        return .json(200, ["results": .array(results)])
    }

    static func parseInterval(_ text: String) -> (Date, Date)? {
        let parts = text.split(separator: "/").map(String.init)
        guard parts.count == 2, let start = parseDate(parts[0]), let end = parseDate(parts[1]) else { return nil }
        return (start, end)
    }

    static func parseDate(_ text: String) -> Date? {
        (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
            ?? (try? Date(text, strategy: Date.ISO8601FormatStyle()))
    }
}
