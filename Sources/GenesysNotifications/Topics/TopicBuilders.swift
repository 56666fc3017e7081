import Foundation

/// Typed constructors for the topics the use cases need. Ids are UUIDs, so these cannot fail.
extension Topic {
    public static func userPresence(_ userId: UUID) -> Topic { user(userId, "presence", .userPresence) }
    public static func userRoutingStatus(_ userId: UUID) -> Topic { user(userId, "routingStatus", .userRoutingStatus) }
    public static func userActivity(_ userId: UUID) -> Topic { user(userId, "activity", .userActivity) }
    public static func userConversationSummary(_ userId: UUID) -> Topic {
        user(userId, "conversationsummary", .userConversationSummary)
    }

    /// `v2.users.<id>.conversations`, or one media type of them (`calls`, `chats`, ...).
    public static func userConversations(_ userId: UUID, media: MediaSuffix? = nil) -> Topic {
        user(userId, media.map { "conversations.\($0.rawValue)" } ?? "conversations", .userConversations)
    }

    /// `v2.routing.queues.<id>.conversations`, or one media type of them.
    public static func queueConversations(_ queueId: UUID, media: MediaSuffix? = nil) -> Topic {
        let id = queueId.uuidString.lowercased()
        let suffix = media.map { "conversations.\($0.rawValue)" } ?? "conversations"
        return Topic(name: "v2.routing.queues.\(id).\(suffix)", family: .queueConversations, entityId: id)
    }

    public static func queueObservations(_ queueId: UUID) -> Topic {
        let id = queueId.uuidString.lowercased()
        return Topic(name: "v2.analytics.queues.\(id).observations", family: .queueObservations, entityId: id)
    }

    public static func userAggregates(_ userId: UUID) -> Topic {
        let id = userId.uuidString.lowercased()
        return Topic(name: "v2.analytics.users.\(id).aggregates", family: .userAggregates, entityId: id)
    }

    /// `v2.detail.events.conversation.<id>.<event>`: detail events are per conversation on a WebSocket.
    public static func conversationDetail(_ conversationId: UUID, _ event: DetailEvent) -> Topic {
        let id = conversationId.uuidString.lowercased()
        return Topic(
            name: "v2.detail.events.conversation.\(id).\(event.rawValue)", family: .conversationDetail, entityId: id)
    }

    private static func user(_ userId: UUID, _ suffix: String, _ family: TopicFamily) -> Topic {
        let id = userId.uuidString.lowercased()
        return Topic(name: "v2.users.\(id).\(suffix)", family: family, entityId: id)
    }

    public enum MediaSuffix: String, Sendable, CaseIterable {
        case calls, callbacks, chats, cobrowsesessions, emails, messages, screenshares, socialexpressions, videos
    }

    public enum DetailEvent: String, Sendable, CaseIterable {
        case acdStart = "acd.start", acdEnd = "acd.end", customerStart = "customer.start", customerEnd = "customer.end"
        case userStart = "user.start", userEnd = "user.end", acw, wrapup
        case flowStart = "flow.start", flowEnd = "flow.end", flowOutcome = "flow.outcome"
        case attributes, contact, outbound
        case voicemailStart = "voicemail.start", voicemailEnd = "voicemail.end"
    }
}

/// Combines topics that share a prefix into the platform's compact form
/// (`v2.users.<id>?presence&routingStatus`) and expands it back.
public enum TopicCombiner {
    /// Groups `topics` by prefix into combined strings no longer than `maximumLength`. A topic with
    /// nothing to share stays individual. Order follows the first appearance of each prefix.
    public static func combine(_ topics: [Topic], maximumLength: Int = Topic.maximumLength) -> [String] {
        var order: [String] = []
        var groups: [String: [Topic]] = [:]
        for topic in topics {
            if groups[topic.prefix] == nil { order.append(topic.prefix) }
            groups[topic.prefix, default: []].append(topic)
        }
        var result: [String] = []
        for prefix in order {
            let members = groups[prefix] ?? []
            if members.count == 1 {
                result.append(members[0].name)
                continue
            }
            var current: [String] = []
            func flush() {
                guard !current.isEmpty else { return }
                result.append(
                    current.count == 1 ? "\(prefix).\(current[0])" : "\(prefix)?\(current.joined(separator: "&"))")
                current = []
            }
            for member in members {
                let candidate = current + [member.suffix]
                if prefix.count + 1 + candidate.joined(separator: "&").count > maximumLength { flush() }
                current.append(member.suffix)
            }
            flush()
        }
        return result
    }

    /// The individual topic names a (possibly combined) topic stands for.
    public static func expand(_ topic: String) -> [String] {
        guard let mark = topic.firstIndex(of: "?") else { return [topic] }
        let prefix = topic[..<mark]
        return topic[topic.index(after: mark)...].split(separator: "&", omittingEmptySubsequences: false).map {
            "\(prefix).\($0)"
        }
    }
}

extension Topic {
    /// The topic of `family` for one user or queue, in the family's plain form (conversation
    /// topics for every media type). Nil for ``TopicFamily/conversationDetail``, whose topics name
    /// a conversation and an event type.
    public static func of(_ family: TopicFamily, id: UUID) -> Topic? {
        guard family != .conversationDetail, let shape = TopicFamily.shapes.first(where: { $0.family == family })
        else { return nil }
        return try? Topic(parsing: shape.pattern.replacingOccurrences(of: "{id}", with: id.uuidString.lowercased()))
    }
}
