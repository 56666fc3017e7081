import Foundation
import GenesysCloud

/// Checks, before streaming, that what the topics name exists and that the OAuth client may
/// subscribe to them: the use-case-000 promise of "validate before you subscribe".
///
/// It asks the platform itself rather than guessing: users and queues by id, the observation
/// query for metrics and its permission, and a subscription with `ignoreErrors=true` on a
/// channel of this token for per-topic permissions (the subscriptions are removed afterwards).
public struct SubscriptionVerifier: Sendable {
    public let api: GenesysCloudClient

    public init(api: GenesysCloudClient) { self.api = api }

    /// What verification found.
    public struct Report: Sendable {
        public var passed: [String] = []
        public var problems: [Problem] = []
        public var isClean: Bool { problems.isEmpty }
    }

    /// One thing that would stop a topic from streaming, with what to do about it.
    public enum Problem: Sendable, Hashable, CustomStringConvertible {
        case unknownUser(String)
        case unknownQueue(String)
        case rejectedTopic(String, reason: String, missingPermissions: [String])
        case observationQueryRefused(status: Int, message: String)
        case channelBudget(inUse: Int, limit: Int)

        public var description: String {
            switch self {
            case .unknownUser(let id):
                "user \(id) does not exist (or is not active): remove its topics or fix the id"
            case .unknownQueue(let id):
                "queue \(id) does not exist (or is outside the OAuth client's divisions): remove its topics or fix the id"
            case .rejectedTopic(let topic, let reason, let missing):
                missing.isEmpty
                    ? "\(topic) was rejected: \(reason)"
                    : "\(topic) was rejected: missing \(missing.joined(separator: ", ")); add a role granting them to the OAuth client"
            case .observationQueryRefused(let status, let message):
                "the queue observation query was refused (HTTP \(status)): \(message)"
            case .channelBudget(let inUse, let limit):
                "the OAuth client already holds \(inUse) of its \(limit) channels: a new one would evict the least recently used; prune leaked channels or use another client"
            }
        }
    }

    /// Verifies `topics`; `metrics`, when given, are checked with the queue observation query.
    public func verify(_ topics: [Topic], metrics: [String]? = nil, channelLimit: Int = 20) async throws -> Report {
        var report = Report()
        _ = try await api.tokens.token()
        report.passed.append("credentials accepted")

        let userIds = Set(topics.filter { $0.family.subject == .user }.map(\.entityId))
        let queueIds = Set(topics.filter { $0.family.subject == .queue }.map(\.entityId))
        let foundUsers = try await existing(userIds) { ids in
            try await api.users(pageSize: ids.count, ids: ids, expand: []).entities?.map(\.id) ?? []
        }
        for id in userIds.subtracting(foundUsers).sorted() { report.problems.append(.unknownUser(id)) }
        if !userIds.isEmpty, foundUsers.count == userIds.count {
            report.passed.append("all \(userIds.count) users exist")
        }
        let foundQueues = try await existing(queueIds) { ids in
            try await api.queues(pageSize: ids.count, ids: ids).entities?.map(\.id) ?? []
        }
        for id in queueIds.subtracting(foundQueues).sorted() { report.problems.append(.unknownQueue(id)) }
        if !queueIds.isEmpty, foundQueues.count == queueIds.count {
            report.passed.append("all \(queueIds.count) queues exist")
        }

        if let queue = foundQueues.sorted().first,
            topics.contains(where: { $0.family == .queueObservations }) || metrics != nil
        {
            do {
                _ = try await api.queueObservations(.queues([queue], metrics: metrics))
                report.passed.append(
                    metrics.map { "metrics \($0.joined(separator: ", ")) exist" }
                        ?? "the observation query is permitted")
            } catch let error as GenesysCloudError {
                guard case .requestFailed(_, let status, let body) = error else { throw error }
                report.problems.append(.observationQueryRefused(status: status, message: body?.message ?? "\(error)"))
            }
        }

        let inUse = try await api.channels(scope: .oauthClient).count
        if inUse >= channelLimit { report.problems.append(.channelBudget(inUse: inUse, limit: channelLimit)) }
        report.passed.append("\(inUse) of \(channelLimit) channels of this OAuth client in use")

        let rejected = try await trialSubscription(topics)
        report.problems += rejected
        if rejected.isEmpty, !topics.isEmpty { report.passed.append("all \(topics.count) topics permitted") }
        return report
    }

    /// Subscribes `topics` with `ignoreErrors` on a channel of this token (reusing one when it
    /// exists, as each new channel counts toward the 20 for a day), then removes them again.
    private func trialSubscription(_ topics: [Topic]) async throws -> [Problem] {
        guard !topics.isEmpty else { return [] }
        let channelId: String
        if let reusable = try await api.channels(scope: .token).compactMap(\.id).first {
            channelId = reusable
        } else {
            channelId = try await api.createChannel().id
        }
        var problems: [Problem] = []
        // A channel takes at most 1,000 topics; check them a thousand at a time.
        for start in stride(from: 0, to: topics.count, by: 1_000) {
            let chunk = Array(topics[start..<min(topics.count, start + 1_000)])
            let results = try await api.replaceSubscriptions(
                channelId: channelId, topics: TopicCombiner.combine(chunk), ignoreErrors: true)
            problems += results.filter { !$0.isPermitted }.map {
                .rejectedTopic(
                    $0.id, reason: $0.rejectionReason ?? "rejected", missingPermissions: $0.missingPermissions ?? [])
            }
        }
        try await api.deleteSubscriptions(channelId: channelId)
        return problems
    }

    private func existing(_ ids: Set<String>, _ lookup: ([String]) async throws -> [String]) async throws -> Set<String>
    {
        var found = Set<String>()
        let sorted = ids.sorted()
        for start in stride(from: 0, to: sorted.count, by: 100) {
            found.formUnion(
                try await lookup(Array(sorted[start..<min(sorted.count, start + 100)])).map { $0.lowercased() })
        }
        return found
    }
}
