import Foundation
import GenesysCloud
import GenesysNotifications

/// A watch list resolved against the directory: the queues and users watched, with their names.
public struct ResolvedWatch: Sendable, Hashable {
    /// Watched queues: id (lowercase) → name (the id when the directory does not know it).
    public var queues: [String: String]
    /// Watched users: id (lowercase) → name.
    public var users: [String: String]
    /// Name patterns that matched nothing (worth a warning: a typo, or a queue not created yet).
    public var unmatchedPatterns: [String]

    public init(queues: [String: String] = [:], users: [String: String] = [:], unmatchedPatterns: [String] = []) {
        self.queues = queues
        self.users = users
        self.unmatchedPatterns = unmatchedPatterns
    }

    /// Resolves `watch` against the directory's queues and users: explicit ids always (named
    /// when the directory knows them), plus every entry whose name matches a pattern.
    public init(_ watch: WatchSettings, queues: [RoutingQueue], users: [User]) {
        let (queueMap, unmatchedQueues) = Self.resolve(watch.queues, directory: queues.map { ($0.id, $0.name) })
        let (userMap, unmatchedUsers) = Self.resolve(watch.users, directory: users.map { ($0.id, $0.name) })
        self.init(queues: queueMap, users: userMap, unmatchedPatterns: unmatchedQueues + unmatchedUsers)
    }

    /// Reads the directory (every queue, and every user when users are watched by name) and
    /// resolves `watch` against it. Without name patterns only the names are looked up.
    public static func fetch(_ watch: WatchSettings, api: GenesysCloudClient) async throws -> ResolvedWatch {
        let queues = watch.queues.isEmpty ? [] : try await api.allQueues()
        let users = watch.users.isEmpty ? [] : try await api.allUsers(expand: [])
        return ResolvedWatch(watch, queues: queues, users: users)
    }

    private static func resolve(_ selection: WatchSettings.Selection, directory: [(id: String, name: String?)]) -> (
        [String: String], [String]
    ) {
        let names = Dictionary(directory.map { ($0.id.lowercased(), $0.name) }, uniquingKeysWith: { first, _ in first })
        var watched: [String: String] = [:]
        for id in selection.ids {
            let key = id.uuidString.lowercased()
            watched[key] = names[key].flatMap { $0 } ?? key
        }
        var unmatched: [String] = []
        for pattern in selection.names {
            var matched = false
            for entry in directory {
                guard let name = entry.name, pattern.matches(name) else { continue }
                watched[entry.id.lowercased()] = name
                matched = true
            }
            if !matched { unmatched.append(pattern.pattern) }
        }
        return (watched, unmatched)
    }

    /// The topics to subscribe: each user family for each user, each queue family for each queue,
    /// sorted by name.
    public func topics(_ families: [TopicFamily]) -> [Topic] {
        var topics: [Topic] = []
        for family in Set(families) {
            let ids: Dictionary<String, String>.Keys
            switch family.subject {
            case .user: ids = users.keys
            case .queue: ids = queues.keys
            case .conversation: continue
            }
            topics += ids.compactMap { UUID(uuidString: $0).flatMap { Topic.of(family, id: $0) } }
        }
        return topics.sorted()
    }
}
