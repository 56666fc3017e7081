import Foundation
import GenesysNotifications

/// What the daemon watches: queues and users by id or by name pattern, and the topic families
/// to subscribe for each. Name patterns are resolved against the directory (REST) at start-up
/// and on a timer, so a queue created later with a matching name is picked up.
public struct WatchList: Sendable, Hashable {
    public var queueIds: [UUID]
    /// Glob patterns (`*` any run, `?` one character), case-insensitive: `Support*`, `*`.
    public var queueNames: [String]
    public var userIds: [UUID]
    public var userNames: [String]
    /// Families subscribed per watched user (user families) and per watched queue (queue
    /// families); ``TopicFamily/conversationDetail`` is per conversation and not watched here.
    public var families: [TopicFamily]

    public init(
        queueIds: [UUID] = [], queueNames: [String] = [], userIds: [UUID] = [], userNames: [String] = [],
        families: [TopicFamily] = WatchList.defaultFamilies
    ) {
        self.queueIds = queueIds
        self.queueNames = queueNames
        self.userIds = userIds
        self.userNames = userNames
        self.families = families
    }

    /// Presence, routing status and observations: what the wallboard and the boards need.
    public static let defaultFamilies: [TopicFamily] = [.userPresence, .userRoutingStatus, .queueObservations]

    /// Whether resolving needs the directory (any name pattern).
    public var hasPatterns: Bool { !queueNames.isEmpty || !userNames.isEmpty }
}

/// A watch list resolved against the directory: the ids watched, with their names.
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

    /// Resolves `list` against the directory's queues and users: explicit ids always (named
    /// when the directory knows them), plus every entry whose name matches a pattern.
    public init(_ list: WatchList, queues: [(id: String, name: String?)], users: [(id: String, name: String?)]) {
        func resolve(ids: [UUID], patterns: [String], directory: [(id: String, name: String?)]) -> (
            [String: String], [String]
        ) {
            let names = Dictionary(
                directory.map { ($0.id.lowercased(), $0.name) }, uniquingKeysWith: { first, _ in first })
            var watched: [String: String] = [:]
            for id in ids {
                let key = id.uuidString.lowercased()
                watched[key] = names[key].flatMap { $0 } ?? key
            }
            var unmatched: [String] = []
            for pattern in patterns {
                let glob = NamePattern(pattern)
                var matched = false
                for entry in directory {
                    guard let name = entry.name, glob.matches(name) else { continue }
                    watched[entry.id.lowercased()] = name
                    matched = true
                }
                if !matched { unmatched.append(pattern) }
            }
            return (watched, unmatched)
        }
        let (queueMap, unmatchedQueues) = resolve(ids: list.queueIds, patterns: list.queueNames, directory: queues)
        let (userMap, unmatchedUsers) = resolve(ids: list.userIds, patterns: list.userNames, directory: users)
        self.init(queues: queueMap, users: userMap, unmatchedPatterns: unmatchedQueues + unmatchedUsers)
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

/// A glob over names: `*` matches any run of characters, `?` exactly one; case-insensitive.
public struct NamePattern: Sendable, Hashable {
    private let pattern: [Character]

    public init(_ pattern: String) { self.pattern = Array(pattern.lowercased()) }

    public func matches(_ name: String) -> Bool {
        let text = Array(name.lowercased())
        // Iterative glob matching with backtracking to the last star: linear in practice.
        var p = 0
        var t = 0
        var star: Int?
        var resume = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "?" || pattern[p] == text[t] {
                p += 1
                t += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p
                resume = t
                p += 1
            } else if let star {
                p = star + 1
                resume += 1
                t = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
