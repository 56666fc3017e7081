/// Presence definitions, routing queues and users.
extension GenesysCloudClient {
    /// The organisation's presences, system and custom (`GET /api/v2/presence/definitions`).
    /// Needs `presence:presenceDefinition:view`.
    public func presenceDefinitions(includeDeactivated: Bool = false) async throws -> [PresenceDefinition] {
        let request = Request(
            method: "GET", path: "/api/v2/presence/definitions",
            query: [("deactivated", includeDeactivated ? "true" : "false")])
        return try await send(request, as: PresenceDefinitionListing.self).entities ?? []
    }

    /// One page of routing queues. Needs `routing:queue:view`.
    public func queues(pageNumber: Int = 1, pageSize: Int = 100, name: String? = nil, ids: [String] = []) async throws
        -> EntityListing<RoutingQueue>
    {
        var query = Self.paging(pageNumber, pageSize)
        if !ids.isEmpty { query.append(("id", ids.joined(separator: ","))) }
        if let name { query.append(("name", name)) }
        return try await send(Request(method: "GET", path: "/api/v2/routing/queues", query: query))
    }

    /// Every routing queue, walking all pages. `name` accepts `*` wildcards.
    public func allQueues(name: String? = nil, pageSize: Int = 100) async throws -> [RoutingQueue] {
        try await allPages { page in try await self.queues(pageNumber: page, pageSize: pageSize, name: name) }
    }

    /// One queue.
    public func queue(id: String) async throws -> RoutingQueue {
        try await send(Request(method: "GET", path: "/api/v2/routing/queues/\(Self.escaped(id))"))
    }

    /// One page of a queue's members, with routing status and presence expanded.
    public func queueMembers(queueId: String, pageNumber: Int = 1, pageSize: Int = 100) async throws
        -> EntityListing<QueueMember>
    {
        var query = Self.paging(pageNumber, min(pageSize, 100))
        query.append(("expand", "routingStatus,presence"))
        return try await send(
            Request(method: "GET", path: "/api/v2/routing/queues/\(Self.escaped(queueId))/members", query: query))
    }

    /// Every member of a queue. The members endpoint reports no total, so paging stops on a short
    /// page or when no next page is linked.
    public func allQueueMembers(queueId: String) async throws -> [QueueMember] {
        try await allPages { page in try await self.queueMembers(queueId: queueId, pageNumber: page) }
    }

    /// One page of users. `expand` takes `presence`, `routingStatus`, `conversationSummary`, ...
    ///
    /// `ids` go as one `id` parameter each (`id=a&id=b`), the way the official SDKs send array
    /// parameters of this endpoint.
    public func users(
        pageNumber: Int = 1, pageSize: Int = 100, ids: [String] = [], expand: [String] = ["presence", "routingStatus"]
    ) async throws -> EntityListing<User> {
        var query = Self.paging(pageNumber, pageSize)
        query += ids.map { ("id", $0) }
        if !expand.isEmpty { query.append(("expand", expand.joined(separator: ","))) }
        return try await send(Request(method: "GET", path: "/api/v2/users", query: query))
    }

    /// The users with these ids, `batchSize` ids a request (the endpoint pages at most 100), with
    /// presence and routing status expanded. Ids that name no active user are simply absent.
    public func users(
        withIds ids: [String], expand: [String] = ["presence", "routingStatus"], batchSize: Int = 100
    ) async throws -> [User] {
        let size = min(max(1, batchSize), 100)
        var result: [User] = []
        for start in stride(from: 0, to: ids.count, by: size) {
            let batch = Array(ids[start..<min(ids.count, start + size)])
            result += try await allPages { page in
                try await self.users(pageNumber: page, pageSize: batch.count, ids: batch, expand: expand)
            }
        }
        return result
    }

    /// Every active user, walking all pages.
    public func allUsers(expand: [String] = ["presence", "routingStatus"], pageSize: Int = 100) async throws -> [User] {
        try await allPages { page in try await self.users(pageNumber: page, pageSize: pageSize, expand: expand) }
    }

    /// One user.
    public func user(id: String, expand: [String] = ["presence", "routingStatus"]) async throws -> User {
        let query: [(name: String, value: String)] = expand.isEmpty ? [] : [("expand", expand.joined(separator: ","))]
        return try await send(Request(method: "GET", path: "/api/v2/users/\(Self.escaped(id))", query: query))
    }

    /// Walks a paged listing from page 1 until the last page.
    public func allPages<Entity>(
        maximumPages: Int = 10_000, _ fetch: (Int) async throws -> EntityListing<Entity>
    ) async throws -> [Entity] {
        var result: [Entity] = []
        var page = 1
        while page <= maximumPages {
            let listing = try await fetch(page)
            let entities = listing.entities ?? []
            result += entities
            if entities.isEmpty { break }
            if let pageCount = listing.pageCount {
                if page >= pageCount { break }
            } else if listing.nextUri == nil || (listing.pageSize.map { entities.count < $0 } ?? false) {
                break
            }
            page += 1
        }
        return result
    }

    private static func paging(_ pageNumber: Int, _ pageSize: Int) -> [(name: String, value: String)] {
        [("pageNumber", String(max(1, pageNumber))), ("pageSize", String(max(1, pageSize)))]
    }
}

/// Analytics queries used to seed and verify real-time state.
extension GenesysCloudClient {
    /// The queues' current observations (waiting, interacting, agents by status). Needs
    /// `analytics:queueObservation:view`.
    public func queueObservations(_ query: QueueObservationQuery) async throws -> QueueObservationQueryResponse {
        try await send(
            Request(
                method: "POST", path: "/api/v2/analytics/queues/observations/query", body: try Self.jsonBody(query),
                idempotent: true))
    }

    /// Conversation aggregates over an interval. Needs `analytics:conversationAggregate:view`.
    public func conversationAggregates(_ query: ConversationAggregationQuery) async throws
        -> ConversationAggregateQueryResponse
    {
        try await send(
            Request(
                method: "POST", path: "/api/v2/analytics/conversations/aggregates/query",
                body: try Self.jsonBody(query), idempotent: true))
    }
}
