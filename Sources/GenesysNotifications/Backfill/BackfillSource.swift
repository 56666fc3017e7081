import GenesysCloud

/// Where backfill snapshots come from: the REST API in production, a fake in tests.
protocol BackfillSource: Sendable {
    /// The users with these ids, presence and routing status expanded.
    func backfillUsers(ids: [String]) async throws -> [User]
    /// The current observations of these queues.
    func backfillQueueObservations(queueIds: [String], metrics: [String]) async throws
        -> QueueObservationQueryResponse
}

extension GenesysCloudClient: BackfillSource {
    func backfillUsers(ids: [String]) async throws -> [User] {
        try await users(withIds: ids, expand: ["presence", "routingStatus"], batchSize: ids.count)
    }

    func backfillQueueObservations(queueIds: [String], metrics: [String]) async throws
        -> QueueObservationQueryResponse
    {
        try await queueObservations(.queues(queueIds, metrics: metrics.isEmpty ? nil : metrics))
    }
}
