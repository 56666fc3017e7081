import Foundation

/// Emulator test hooks: the organisation's state as the platform holds it right now, and changes
/// to it that publish nothing.
///
/// A client that missed events (the platform keeps no backlog) must converge on this state; the
/// REST answers (users with presence and routing status, the queue observation query) already come
/// from it. Changing state silently stands for a change whose events were all lost.
extension EmulatorCore {
    /// An agent's presence and routing status, values spelled as events spell them.
    public struct AgentTruth: Sendable, Hashable {
        public let id: String
        public let presenceDefinitionId: String
        /// `ON_QUEUE`, `AVAILABLE`, `BREAK`, ...
        public let systemPresence: String
        public let presenceModified: Date
        /// `OFF_QUEUE`, `IDLE`, `INTERACTING`, ...
        public let routingStatus: String
        public let routingStatusStart: Date
    }

    /// One observation group of a queue: the user metrics (no media type) or one media type's
    /// conversation metrics, as the observation query and the observations topic report them.
    public struct ObservationTruth: Sendable, Hashable {
        public let queueId: String
        public let mediaType: String?
        public let metrics: [Metric]

        public struct Metric: Sendable, Hashable {
            public let metric: String
            public let qualifier: String?
            /// Every statistic by name (`count`, `calculatedMetricValue`).
            public let stats: [String: Double]
        }
    }

    /// The agents with these ids (every agent when nil), in the organisation's order.
    public func agentTruth(ids: [String]? = nil) -> [AgentTruth] {
        let wanted = ids.map { Set($0.map { $0.lowercased() }) }
        return organization.agents.filter { wanted?.contains($0.id) ?? true }.map { agent in
            AgentTruth(
                id: agent.id, presenceDefinitionId: agent.presenceId,
                systemPresence: organization.presence(agent.presenceId)?.system.eventName ?? "OFFLINE",
                presenceModified: agent.presenceModified, routingStatus: agent.routingStatus,
                routingStatusStart: agent.routingStatusStart)
        }
    }

    /// The current observation groups of these queues, every metric of the topic.
    public func queueObservationTruth(queueIds: [String]) -> [ObservationTruth] {
        queueIds.compactMap { organization.queue($0) }.flatMap { queue in
            organization.observationGroups(queue: queue).map { group in
                ObservationTruth(
                    queueId: queue.id, mediaType: group.mediaType, metrics: group.data.compactMap(Self.metric))
            }
        }
    }

    /// Puts an agent in a system presence and/or routing status now, as the platform would record
    /// it, and publishes no event. False when no agent has that id.
    @discardableResult
    public func changeAgentSilently(
        _ id: String, presence: SystemPresenceKind? = nil, routingStatus: String? = nil
    ) -> Bool {
        let now = clock.now()
        return organization.modifyAgent(id) { agent in
            if let presence, agent.presenceId != presence.id {
                agent.presenceId = presence.id
                agent.presenceModified = now
            }
            if let routingStatus, agent.routingStatus != routingStatus {
                agent.routingStatus = routingStatus
                agent.routingStatusStart = now
            }
        }
    }

    private static func metric(_ entry: WireJSON) -> ObservationTruth.Metric? {
        guard case .object(let fields) = entry else { return nil }
        func field(_ name: String) -> WireJSON? { fields.first { $0.0 == name }?.1 }
        guard case .string(let metric)? = field("metric") else { return nil }
        let qualifier: String? = if case .string(let value)? = field("qualifier") { value } else { nil }
        var stats: [String: Double] = [:]
        if case .object(let pairs)? = field("stats") {
            for (name, value) in pairs {
                switch value {
                case .int(let number): stats[name] = Double(number)
                case .double(let number): stats[name] = number
                default: break
                }
            }
        }
        return ObservationTruth.Metric(metric: metric, qualifier: qualifier, stats: stats)
    }
}
