import Foundation

/// Channels and subscriptions.
extension EmulatorCore {
    func createChannel(clientId: String) -> EmulatorResponse {
        let now = clock.now()
        purgeExpiredChannels()
        let owned = channels.values.filter { $0.clientId == clientId }
        if owned.count >= configuration.channelsPerClient {
            // The platform removes the channel with the oldest last-used date, channels without an
            // active connection first.
            let victim = owned.min { lhs, rhs in
                if lhs.connected != rhs.connected { return !lhs.connected }
                return lhs.lastUsed < rhs.lastUsed
            }
            if let victim { evictChannel(victim.id) }
        }
        let id =
            "streaming-\(Int.random(in: 0...9))-"
            + String((0..<26).map { _ in Self.channelAlphabet[Int.random(in: 0..<36)] })
        let lifetime = Double(configuration.channelLifetime.components.seconds)
        let record = ChannelRecord(
            id: id, clientId: clientId, created: now, expires: now.addingTimeInterval(lifetime), lastUsed: now)
        channels[id] = record
        return .json(200, channelJSON(record))
    }

    private static let channelAlphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")

    /// Removes a channel as the 20-channel rule does; its socket, if any, is told and closed.
    func evictChannel(_ id: String) {
        guard let record = channels.removeValue(forKey: id) else { return }
        socketOfEndedChannel(record, reason: .evicted)
    }

    func purgeExpiredChannels() {
        let now = clock.now()
        for (id, record) in channels where record.expires <= now {
            channels[id] = nil
            socketOfEndedChannel(record, reason: .expired)
        }
    }

    /// The live channel `id` of `clientId`, or nil when it never existed, expired or belongs to another client.
    func channelRecord(_ id: String, clientId: String) -> ChannelRecord? {
        guard let record = liveChannel(id) else { return nil }
        return record.clientId == clientId ? record : nil
    }

    /// The channel `id` if it exists and has not expired; an expired one is removed on the way.
    func liveChannel(_ id: String) -> ChannelRecord? {
        guard let record = channels[id] else { return nil }
        guard record.expires > clock.now() else {
            channels[id] = nil
            socketOfEndedChannel(record, reason: .expired)
            return nil
        }
        return record
    }

    func channelJSON(_ record: ChannelRecord) -> WireJSON {
        [
            "connectUri": .string("\(streamingBaseURL)/channels/\(record.id)"), "id": .string(record.id),
            "expires": .date(record.expires),
        ]
    }

    func listChannels(_ request: EmulatorRequest, clientId: String) -> EmulatorResponse {
        purgeExpiredChannels()
        // Each token sees its own channels by id; `oauthclient` shows them all. The emulator does not
        // tell tokens of one client apart, so both scopes list every channel of the client.
        let owned = channels.values.filter { $0.clientId == clientId }.sorted { $0.created < $1.created }
        return .json(200, ["entities": .array(owned.map(channelJSON))])
    }

    func subscriptions(_ request: EmulatorRequest, channelId: String, clientId: String) throws -> EmulatorResponse {
        guard var record = channelRecord(channelId, clientId: clientId) else {
            throw EmulatorFailure.notFound("Channel not found: it does not exist or has expired.")
        }
        let now = clock.now()
        record.lastUsed = now
        switch request.method {
        case "GET":
            channels[channelId] = record
            return .json(200, ["entities": .array(record.topics.map { topicJSON($0, channelId: channelId) })])
        case "DELETE":
            record.topics = []
            record.topicKeys = []
            channels[channelId] = record
            // The real status (200 or 204) is UNCONFIRMED; clients must accept either.
            return EmulatorResponse(status: 204)
        case "POST", "PUT":
            let ignoreErrors = request.queryValue("ignoreErrors")?.lowercased() == "true"
            struct Requested: Decodable { let id: String }
            let requested = try decodeBody([Requested].self, request)
            do {
                let judged = try judgeTopics(requested.map(\.id), ignoreErrors: ignoreErrors)
                try subscribe(&record, to: judged.accepted, replacing: request.method == "PUT")
                channels[channelId] = record
                let entities = record.topics.map { topicJSON($0, channelId: channelId) } + judged.rejected
                return .json(200, ["entities": .array(entities)])
            } catch {
                throw error.failure
            }
        default:
            throw EmulatorFailure(
                response: .platformError(
                    405, code: "method.not.allowed", message: "\(request.method) is not supported here"))
        }
    }

    /// Judges requested topics (combined ones expanded). Without `ignoreErrors` the first bad topic
    /// refuses the whole request; with it, bad topics come back as `Rejected` entities.
    func judgeTopics(
        _ requested: [String], ignoreErrors: Bool
    ) throws(SubscriptionProblem) -> (accepted: [String], rejected: [WireJSON]) {
        var accepted: [String] = []
        var rejected: [WireJSON] = []
        for item in requested {
            for topic in TopicCatalog.expand(item.trimmingCharacters(in: .whitespaces)) {
                switch catalog.verdict(for: topic) {
                case .invalid(let reason):
                    guard ignoreErrors else { throw .invalidTopic(reason) }
                    rejected.append(rejectedJSON(topic, reason: reason, missing: []))
                case .valid(let canonical, let entry):
                    let missing = entry.requiredPermissions.filter { !hasPermission($0) }
                    if missing.isEmpty {
                        accepted.append(canonical)
                    } else if ignoreErrors {
                        rejected.append(rejectedJSON(canonical, reason: "Missing permissions", missing: missing))
                    } else {
                        throw .missingPermissions(topic: canonical, missing: missing)
                    }
                }
            }
        }
        return (accepted, rejected)
    }

    /// Adds (or with `replacing`, sets) a channel's topics, within the per-channel limit; a
    /// subscription keeps the channel alive for another lifetime.
    func subscribe(
        _ record: inout ChannelRecord, to accepted: [String], replacing: Bool
    ) throws(SubscriptionProblem) {
        var topics = replacing ? [] : record.topics
        var keys = replacing ? [] : record.topicKeys
        for topic in accepted where keys.insert(topic.lowercased()).inserted {
            topics.append(topic)
        }
        // Whether a combined topic counts once or per suffix toward the limit is UNCONFIRMED; the
        // emulator counts individual topics, the stricter reading.
        guard topics.count <= configuration.topicsPerChannel else {
            throw .tooManyTopics(limit: configuration.topicsPerChannel, count: topics.count)
        }
        record.topics = topics
        record.topicKeys = keys
        let now = clock.now()
        record.lastUsed = now
        // Resubscribing keeps a channel alive past its 24 hours (the platform's documented advice).
        record.expires = now.addingTimeInterval(Double(configuration.channelLifetime.components.seconds))
    }

    func hasPermission(_ permission: String) -> Bool {
        configuration.grantedPermissions?.contains(permission) ?? true
    }

    private func topicJSON(_ topic: String, channelId: String) -> WireJSON {
        [
            "id": .string(topic), "state": "Permitted",
            "selfUri": .string("/api/v2/notifications/channels/\(channelId)/subscriptions"),
        ]
    }

    private func rejectedJSON(_ topic: String, reason: String, missing: [String]) -> WireJSON {
        [
            "id": .string(topic), "state": "Rejected", "rejectionReason": .string(reason),
            "missingPermissions": missing.isEmpty ? nil : .array(missing.map(WireJSON.string)),
        ]
    }

    func availableTopics(_ request: EmulatorRequest) -> EmulatorResponse {
        let expand = Set(request.queryValues("expand"))
        let entities: [WireJSON] = catalog.entries.map { entry in
            [
                "id": .string(entry.pattern),
                "description": expand.contains("description") ? .string(entry.description) : nil,
                "requiresPermissions": expand.contains("requiresPermissions")
                    ? .array(entry.requiredPermissions.map(WireJSON.string)) : nil,
                "enforced": expand.contains("enforced") ? .bool(!entry.requiredPermissions.isEmpty) : nil,
                "visibility": expand.contains("visibility") ? "Public" : nil,
                "transports": expand.contains("transports") ? ["All"] : nil,
                "topicParameters": expand.contains("topicParameters") ? ["id"] : nil,
            ]
        }
        return .json(200, ["entities": .array(entities)])
    }

    // MARK: - For the streaming half and tests

    /// The individual topics subscribed on a channel, or nil when the channel is gone.
    public func subscribedTopics(channelId: String) -> [String]? {
        guard let record = channels[channelId], record.expires > clock.now() else { return nil }
        return record.topics
    }

    /// Ids of the live channels of every client.
    public func liveChannelIds() -> [String] {
        purgeExpiredChannels()
        return channels.values.sorted { $0.created < $1.created }.map(\.id)
    }
}

/// Why a subscription request was refused, for both the REST call and the socket-level subscribe.
enum SubscriptionProblem: Error {
    case invalidTopic(String)
    case missingPermissions(topic: String, missing: [String])
    case tooManyTopics(limit: Int, count: Int)

    var message: String {
        switch self {
        case .invalidTopic(let reason): "Invalid topic: \(reason)."
        case .missingPermissions(let topic, let missing):
            "Unable to subscribe to \(topic): missing permissions \(missing.joined(separator: ", "))."
        case .tooManyTopics(let limit, let count):
            "A channel may have at most \(limit) topics; this request would make \(count)."
        }
    }

    var failure: EmulatorFailure {
        switch self {
        case .invalidTopic: .badRequest(message)
        case .missingPermissions:
            EmulatorFailure(response: .platformError(403, code: "missing.permissions", message: message))
        case .tooManyTopics: .badRequest(message, code: "notification.subscription.limit.exceeded")
        }
    }
}
