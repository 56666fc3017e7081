/// Which REST calls re-seed which topics. A plain value, tested without a network.
///
/// Presence, routing status and activity topics of a user are all answered by one users call
/// (presence and routing status expanded), so a user's ids are asked once however many of its
/// topics there are. Observation topics are answered by the queue observation query. Every
/// other topic has no REST snapshot.
struct BackfillPlan: Sendable, Hashable {
    enum Request: Sendable, Hashable, CustomStringConvertible {
        /// `GET /api/v2/users?id=…&expand=presence,routingStatus`.
        case users([String])
        /// `POST /api/v2/analytics/queues/observations/query` filtered on these queues.
        case queueObservations([String])

        var description: String {
            switch self {
            case .users(let ids): "GET /api/v2/users (\(ids.count) user(s))"
            case .queueObservations(let ids):
                "POST /api/v2/analytics/queues/observations/query (\(ids.count) queue(s))"
            }
        }
    }

    /// The calls to make, users first.
    let requests: [Request]
    /// Topics a call re-seeds, in the order given.
    let backfillable: [Topic]
    /// Topics no call can re-seed, in the order given.
    let notBackfillable: [Topic]
    private let userTopics: [String: [Topic]]
    private let observationTopics: [String: Topic]

    init(topics: [Topic], usersPerRequest: Int = 100, queuesPerQuery: Int = 100) {
        var seen = Set<Topic>()
        var backfillable: [Topic] = []
        var notBackfillable: [Topic] = []
        var userIds: [String] = []
        var userTopics: [String: [Topic]] = [:]
        var queueIds: [String] = []
        var observationTopics: [String: Topic] = [:]
        for topic in topics where seen.insert(topic).inserted {
            guard topic.family.isBackfillable else {
                notBackfillable.append(topic)
                continue
            }
            backfillable.append(topic)
            if topic.family == .queueObservations {
                queueIds.append(topic.entityId)
                observationTopics[topic.entityId] = topic
            } else {
                if userTopics[topic.entityId] == nil { userIds.append(topic.entityId) }
                userTopics[topic.entityId, default: []].append(topic)
            }
        }
        self.backfillable = backfillable
        self.notBackfillable = notBackfillable
        self.userTopics = userTopics
        self.observationTopics = observationTopics
        self.requests =
            Self.batches(userIds, of: min(max(1, usersPerRequest), 100)).map(Request.users)
            + Self.batches(queueIds, of: max(1, queuesPerQuery)).map(Request.queueObservations)
    }

    /// The presence, routing status and activity topics of a user (id in any case).
    func topics(ofUser userId: String) -> [Topic] { userTopics[userId.lowercased()] ?? [] }

    /// The observations topic of a queue (id in any case).
    func observationTopic(ofQueue queueId: String) -> Topic? { observationTopics[queueId.lowercased()] }

    /// The topics that wait on `request`.
    func topics(of request: Request) -> [Topic] {
        switch request {
        case .users(let ids): ids.flatMap { topics(ofUser: $0) }
        case .queueObservations(let ids): ids.compactMap { observationTopic(ofQueue: $0) }
        }
    }

    private static func batches(_ ids: [String], of size: Int) -> [[String]] {
        stride(from: 0, to: ids.count, by: size).map { Array(ids[$0..<min(ids.count, $0 + size)]) }
    }
}

extension TopicFamily {
    /// Whether a REST snapshot can re-seed this topic after a gap: presence, routing status and
    /// activity (from the users endpoint) and queue observations (from the observation query).
    /// Conversations, conversation summaries, detail events, aggregates and the rest cannot.
    public var isBackfillable: Bool {
        switch self {
        case .userPresence, .userRoutingStatus, .userActivity, .queueObservations: true
        default: false
        }
    }
}
