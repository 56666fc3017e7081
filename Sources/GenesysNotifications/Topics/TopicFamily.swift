import Foundation

/// The kinds of topic Switchboard understands, each with its shape on the wire.
public enum TopicFamily: String, Sendable, Hashable, CaseIterable {
    case userPresence
    case userRoutingStatus
    case userActivity
    case userConversationSummary
    case userConversations
    case userStation
    case userOutOfOffice
    case queueConversations
    case queueMembership
    case queueObservations
    case queueActivity
    case userAggregates
    case conversationDetail
    case agentState

    /// What the topic's id names.
    public enum Subject: Sendable, Hashable { case user, queue, conversation }

    public var subject: Subject {
        switch self {
        case .userPresence, .userRoutingStatus, .userActivity, .userConversationSummary, .userConversations,
            .userStation, .userOutOfOffice, .userAggregates, .agentState:
            .user
        case .queueConversations, .queueMembership, .queueObservations, .queueActivity: .queue
        case .conversationDetail: .conversation
        }
    }

    /// Media suffixes of the conversation topics (`v2.users.<id>.conversations.calls`, ...).
    public static let mediaSuffixes = [
        "calls", "callbacks", "chats", "cobrowsesessions", "emails", "messages", "screenshares", "socialexpressions",
        "videos",
    ]

    /// Detail event types of `v2.detail.events.conversation.<id>.<type>`.
    public static let detailEventTypes = [
        "acd.start", "acd.end", "customer.start", "customer.end", "user.start", "user.end", "acw", "wrapup",
        "flow.start", "flow.end", "flow.outcome", "attributes", "contact", "outbound", "voicemail.start",
        "voicemail.end",
    ]

    struct Shape: Sendable {
        let family: TopicFamily
        let pattern: String
        let segments: [String]

        init(_ family: TopicFamily, _ pattern: String) {
            self.family = family
            self.pattern = pattern
            self.segments = pattern.split(separator: ".").map(String.init)
        }

        enum Match {
            case matched(canonical: String, id: String)
            case badId(String)
            case noMatch
        }

        func match(_ parts: [String]) -> Match {
            guard parts.count == segments.count else { return .noMatch }
            var canonical: [String] = []
            var id = ""
            var badId: String?
            for (expected, actual) in zip(segments, parts) {
                if expected == "{id}" {
                    if TopicFamily.isUUID(actual) {
                        id = actual.lowercased()
                        canonical.append(id)
                    } else {
                        badId = actual
                    }
                } else if expected.caseInsensitiveCompare(actual) == .orderedSame {
                    canonical.append(expected)
                } else {
                    return .noMatch
                }
            }
            if let badId { return .badId(badId) }
            return .matched(canonical: canonical.joined(separator: "."), id: id)
        }
    }

    static let shapes: [Shape] = {
        var shapes = [
            Shape(.userPresence, "v2.users.{id}.presence"),
            Shape(.userRoutingStatus, "v2.users.{id}.routingStatus"),
            Shape(.userActivity, "v2.users.{id}.activity"),
            Shape(.userConversationSummary, "v2.users.{id}.conversationsummary"),
            Shape(.userConversations, "v2.users.{id}.conversations"),
            Shape(.userStation, "v2.users.{id}.station"),
            Shape(.userOutOfOffice, "v2.users.{id}.outofoffice"),
            Shape(.queueConversations, "v2.routing.queues.{id}.conversations"),
            Shape(.queueMembership, "v2.routing.queues.{id}.users"),
            Shape(.queueObservations, "v2.analytics.queues.{id}.observations"),
            Shape(.queueActivity, "v2.analytics.queues.{id}.activity"),
            Shape(.userAggregates, "v2.analytics.users.{id}.aggregates"),
            Shape(.agentState, "v2.detail.events.agent.{id}.state"),
        ]
        for media in mediaSuffixes {
            shapes.append(Shape(.userConversations, "v2.users.{id}.conversations.\(media)"))
            shapes.append(Shape(.queueConversations, "v2.routing.queues.{id}.conversations.\(media)"))
        }
        for event in detailEventTypes {
            shapes.append(Shape(.conversationDetail, "v2.detail.events.conversation.{id}.\(event)"))
        }
        return shapes
    }()

    static func isUUID(_ text: String) -> Bool { isUUID(text.utf8) }

    /// `8-4-4-4-12` ASCII hex digits, either case.
    static func isUUID<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        guard bytes.count == 36 else { return false }
        for (offset, byte) in bytes.enumerated() {
            switch offset {
            case 8, 13, 18, 23: guard byte == UInt8(ascii: "-") else { return false }
            default:
                let lowered = byte | 0x20
                guard (byte &- UInt8(ascii: "0")) < 10 || (lowered &- UInt8(ascii: "a")) < 6 else { return false }
            }
        }
        return true
    }
}
