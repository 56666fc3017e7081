import Foundation

/// The notification topics the emulator serves, and how it judges a requested topic.
///
/// Patterns use `{id}` for a UUID, as `availabletopics` writes them. Permissions follow the
/// platform's published enforcement for analytics topics; for the other topics the real
/// requirements are UNCONFIRMED, so the emulator requires none.
public struct TopicCatalog: Sendable {
    public struct Entry: Sendable, Hashable {
        public let pattern: String
        public let description: String
        public let requiredPermissions: [String]
    }

    public let entries: [Entry]

    public static let standard = TopicCatalog(
        entries: {
            let media = [
                "calls", "callbacks", "chats", "cobrowsesessions", "emails", "messages", "screenshares",
                "socialexpressions", "videos",
            ]
            var entries: [Entry] = [
                Entry(pattern: "v2.users.{id}.presence", description: "A user's presence", requiredPermissions: []),
                Entry(
                    pattern: "v2.users.{id}.routingStatus", description: "A user's routing status",
                    requiredPermissions: []),
                Entry(
                    pattern: "v2.users.{id}.activity",
                    description: "A user's presence, routing status and active queues", requiredPermissions: []),
                Entry(
                    pattern: "v2.users.{id}.conversationsummary", description: "Counts of a user's conversations",
                    requiredPermissions: []),
                Entry(
                    pattern: "v2.users.{id}.conversations", description: "A user's conversations",
                    requiredPermissions: []),
                Entry(pattern: "v2.users.{id}.station", description: "A user's station", requiredPermissions: []),
                Entry(
                    pattern: "v2.users.{id}.outofoffice", description: "A user's out-of-office", requiredPermissions: []
                ),
                Entry(
                    pattern: "v2.routing.queues.{id}.conversations", description: "A queue's conversations",
                    requiredPermissions: []),
                Entry(
                    pattern: "v2.routing.queues.{id}.users", description: "A queue's membership",
                    requiredPermissions: []),
                Entry(
                    pattern: "v2.analytics.queues.{id}.observations", description: "A queue's real-time observations",
                    requiredPermissions: ["analytics:queueObservation:view", "analytics:conversationAggregate:view"]),
                Entry(
                    pattern: "v2.analytics.queues.{id}.activity", description: "A queue's activity counts",
                    requiredPermissions: ["analytics:queueObservation:view"]),
                Entry(
                    pattern: "v2.analytics.users.{id}.aggregates", description: "A user's half-hour aggregates",
                    requiredPermissions: ["analytics:userAggregate:view", "analytics:conversationAggregate:view"]),
                Entry(
                    pattern: "v2.detail.events.agent.{id}.state", description: "An agent's conversation state",
                    requiredPermissions: []),
            ]
            for suffix in media {
                entries.append(
                    Entry(
                        pattern: "v2.users.{id}.conversations.\(suffix)", description: "A user's \(suffix)",
                        requiredPermissions: []))
                entries.append(
                    Entry(
                        pattern: "v2.routing.queues.{id}.conversations.\(suffix)", description: "A queue's \(suffix)",
                        requiredPermissions: []))
            }
            for event in [
                "acd.start", "acd.end", "customer.start", "customer.end", "user.start", "user.end", "acw", "wrapup",
                "flow.start", "flow.end", "flow.outcome", "attributes", "contact", "outbound", "voicemail.start",
                "voicemail.end",
            ] {
                entries.append(
                    Entry(
                        pattern: "v2.detail.events.conversation.{id}.\(event)", description: "Detail event \(event)",
                        requiredPermissions: []))
            }
            return entries
        }())

    /// What the catalogue makes of one requested topic.
    public enum Verdict: Sendable, Hashable {
        /// A known topic; `canonical` has the catalogue's spelling of each fixed part.
        case valid(canonical: String, entry: Entry)
        case invalid(reason: String)
    }

    /// Expands a combined topic (`prefix?a&b`) into its individual topics.
    public static func expand(_ topic: String) -> [String] {
        guard let mark = topic.firstIndex(of: "?") else { return [topic] }
        let prefix = topic[..<mark]
        return topic[topic.index(after: mark)...].split(separator: "&", omittingEmptySubsequences: false).map {
            "\(prefix).\($0)"
        }
    }

    /// Judges one individual topic. Topic names match case-insensitively, ids must be UUIDs.
    public func verdict(for topic: String) -> Verdict {
        let parts = topic.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        for entry in entries {
            let pattern = entry.pattern.split(separator: ".").map(String.init)
            guard pattern.count == parts.count else { continue }
            var canonical: [String] = []
            var matched = true
            var badId: String?
            for (expected, actual) in zip(pattern, parts) {
                if expected == "{id}" {
                    if Self.isUUID(actual) {
                        canonical.append(actual.lowercased())
                    } else {
                        badId = actual
                        canonical.append(actual)
                    }
                } else if expected.caseInsensitiveCompare(actual) == .orderedSame {
                    canonical.append(expected)
                } else {
                    matched = false
                    break
                }
            }
            guard matched else { continue }
            if let badId {
                return .invalid(reason: "'\(badId)' in topic '\(topic)' is not a valid id")
            }
            return .valid(canonical: canonical.joined(separator: "."), entry: entry)
        }
        return .invalid(reason: "'\(topic)' is not a valid topic")
    }

    static func isUUID(_ text: String) -> Bool {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        guard groups.map(\.count) == [8, 4, 4, 4, 12] else { return false }
        return groups.allSatisfy { $0.allSatisfy(\.isHexDigit) }
    }
}
