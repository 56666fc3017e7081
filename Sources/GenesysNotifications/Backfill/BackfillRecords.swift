import Foundation
import GenesysCloud

/// Turns REST answers into envelopes in the body shape of the live topic, so typed decoding and
/// every consumer treat them as they treat live events. Pure: tested without a network.
///
/// REST and events spell values differently (reference §6.4): system presences become upper
/// snake case (`OnQueue` and `On Queue` become `ON_QUEUE`), as do routing statuses; times are
/// written as events write them (ISO-8601 UTC with milliseconds).
enum BackfillRecords {
    /// One record per wanted presence, routing status and activity topic of each user answered.
    static func users(_ users: [User], plan: BackfillPlan, context: BackfillContext) -> [NotificationEnvelope] {
        var records: [NotificationEnvelope] = []
        for user in users {
            for topic in plan.topics(ofUser: user.id) {
                let body: JSONValue? =
                    switch topic.family {
                    case .userPresence: presence(user)
                    case .userRoutingStatus: routingStatus(user)
                    case .userActivity: activity(user)
                    default: nil
                    }
                if let body { records.append(envelope(topic, body, context)) }
            }
        }
        return records
    }

    /// One record per (queue, media type) result group of a wanted queue, as the topic sends
    /// one message per group.
    static func observations(
        _ response: QueueObservationQueryResponse, plan: BackfillPlan, context: BackfillContext
    ) -> [NotificationEnvelope] {
        (response.results ?? []).compactMap { result in
            guard let queueId = result.group?["queueId"], let topic = plan.observationTopic(ofQueue: queueId),
                let body = observation(result, at: context.snapshotAt)
            else { return nil }
            return envelope(topic, body, context)
        }
    }

    // MARK: - Bodies

    /// §5.1 `v2.users.{id}.presence`, from the user's presence expansion.
    static func presence(_ user: User) -> JSONValue? {
        guard let presence = user.presence, let definition = presence.presenceDefinition else { return nil }
        return object([
            ("source", presence.source.map(JSONValue.string)),
            ("presenceDefinition", presenceDefinition(definition)),
            ("primary", presence.primary.map(JSONValue.bool)),
            ("message", presence.message.map(JSONValue.string)),
            ("modifiedDate", presence.modifiedDate.map(date)),
        ])
    }

    /// §5.2 `v2.users.{id}.routingStatus`, from the user's routing status expansion.
    static func routingStatus(_ user: User) -> JSONValue? {
        guard let routing = user.routingStatus.flatMap(routingStatusInfo) else { return nil }
        return object([("id", .string(user.id)), ("routingStatus", routing)])
    }

    /// §5.3 `v2.users.{id}.activity`: its presence and routing status parts. The users endpoint
    /// does not give the active queues, so `activeQueueIds` is absent (as is `outOfOffice`).
    static func activity(_ user: User) -> JSONValue? {
        let routing = user.routingStatus.flatMap(routingStatusInfo)
        let presence = user.presence.flatMap { presence in
            presence.presenceDefinition.map { definition in
                object([
                    ("presenceDefinition", presenceDefinition(definition)),
                    ("presenceMessage", presence.message.map(JSONValue.string)),
                    ("modifiedDate", presence.modifiedDate.map(date)),
                ])
            }
        }
        guard routing != nil || presence != nil else { return nil }
        return object([("id", .string(user.id)), ("routingStatus", routing), ("presence", presence)])
    }

    /// §5.8 `v2.analytics.queues.{id}.observations`: one result group as a snapshot over the
    /// zero-length interval `at/at`. Detail observation lists are not part of the event.
    static func observation(_ result: QueueObservationQueryResponse.Result, at instant: Date) -> JSONValue? {
        guard let group = result.group, group["queueId"] != nil, let data = result.data, !data.isEmpty else {
            return nil
        }
        let stamp = EventDate.format(instant)
        let metrics: [JSONValue] = data.map { entry in
            object([
                ("metric", .string(entry.metric)), ("qualifier", entry.qualifier.map(JSONValue.string)),
                ("stats", entry.stats.map(stats)),
            ])
        }
        return object([
            ("group", .object(group.mapValues(JSONValue.string))),
            ("data", .array([object([("interval", .string("\(stamp)/\(stamp)")), ("metrics", .array(metrics))])])),
        ])
    }

    /// A value as events spell it: `OnQueue`, `On Queue` → `ON_QUEUE`; `OFF_QUEUE` stays.
    static func eventSpelling(_ value: String) -> String { SystemPresence(rawValue: value).normalised }

    // MARK: - Pieces

    static func envelope(_ topic: Topic, _ body: JSONValue, _ context: BackfillContext) -> NotificationEnvelope {
        NotificationEnvelope(
            topicName: topic.name, version: "2", eventBody: body, correlationId: nil,
            rawText: rawText(topic: topic.name, body: body, context: context), receivedAt: context.snapshotAt,
            origin: .backfill(context))
    }

    /// The envelope as a line of JSON, for consumers that keep `rawText` (JSON lines). It has no
    /// `CorrelationId` (the platform never sent it) and says where it came from in `metadata`.
    private static func rawText(topic: String, body: JSONValue, context: BackfillContext) -> String {
        struct Wire: Encodable {
            let topicName: String
            let version: String
            let eventBody: JSONValue
            let metadata: [String: String]
        }
        let reason = if case .gap = context.reason { "gap" } else { "startup" }
        let wire = Wire(
            topicName: topic, version: "2", eventBody: body,
            metadata: ["origin": "backfill", "reason": reason, "snapshotAt": EventDate.format(context.snapshotAt)])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(wire) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    private static func presenceDefinition(_ definition: UserPresence.PresenceReference) -> JSONValue {
        object([
            ("id", definition.id.map(JSONValue.string)),
            ("systemPresence", definition.systemPresence.map { .string($0.normalised) }),
        ])
    }

    private static func routingStatusInfo(_ routing: RoutingStatus) -> JSONValue? {
        guard routing.status != nil || routing.startTime != nil else { return nil }
        return object([
            ("status", routing.status.map { .string(eventSpelling($0.rawValue)) }),
            ("startTime", routing.startTime.map(date)),
        ])
    }

    private static func stats(_ summary: StatisticalSummary) -> JSONValue {
        let fields: [(String, Double?)] = [
            ("count", summary.count), ("sum", summary.sum), ("min", summary.min), ("max", summary.max),
            ("current", summary.current), ("ratio", summary.ratio), ("numerator", summary.numerator),
            ("denominator", summary.denominator), ("target", summary.target), ("countNegative", summary.countNegative),
            ("countPositive", summary.countPositive), ("p95", summary.p95), ("p99", summary.p99),
            ("calculatedMetricValue", summary.calculatedMetricValue),
        ]
        return object(fields.map { ($0.0, $0.1.map(JSONValue.number)) })
    }

    private static func date(_ date: Date) -> JSONValue { .string(EventDate.format(date)) }

    /// An object of the fields that have a value.
    private static func object(_ fields: [(String, JSONValue?)]) -> JSONValue {
        var result: [String: JSONValue] = [:]
        for (key, value) in fields { if let value { result[key] = value } }
        return .object(result)
    }
}
