/// A subscribed topic the event generator can feed, read from its name.
enum GeneratedTopic: Sendable, Equatable {
    case userPresence(userId: String)
    case userRoutingStatus(userId: String)
    case userActivity(userId: String)
    case userConversationSummary(userId: String)
    case userConversations(userId: String, mediaType: String?)
    case userStation(userId: String)
    case userOutOfOffice(userId: String)
    case queueConversations(queueId: String, mediaType: String?)
    case queueUsers(queueId: String)
    case queueObservations(queueId: String)
    case queueActivity(queueId: String)
    case userAggregates(userId: String)
    case agentState(userId: String)
    case conversationDetail(conversationId: String, event: String)

    /// Media-type suffixes of the conversation topics and the media type each names.
    static let mediaSuffixes: [String: String] = [
        "calls": "voice", "callbacks": "callback", "chats": "chat", "emails": "email", "messages": "message",
        "videos": "video", "cobrowsesessions": "cobrowse", "screenshares": "screenshare",
        "socialexpressions": "socialexpression",
    ]

    init?(_ topic: String) {
        let lower = topic.lowercased().split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        switch lower.count {
        case 4 where lower[0] == "v2" && lower[1] == "users":
            let id = lower[2]
            switch lower[3] {
            case "presence": self = .userPresence(userId: id)
            case "routingstatus": self = .userRoutingStatus(userId: id)
            case "activity": self = .userActivity(userId: id)
            case "conversationsummary": self = .userConversationSummary(userId: id)
            case "conversations": self = .userConversations(userId: id, mediaType: nil)
            case "station": self = .userStation(userId: id)
            case "outofoffice": self = .userOutOfOffice(userId: id)
            default: return nil
            }
        case 5 where lower[0] == "v2" && lower[1] == "users" && lower[3] == "conversations":
            guard let media = Self.mediaSuffixes[lower[4]] else { return nil }
            self = .userConversations(userId: lower[2], mediaType: media)
        case 5 where lower[0] == "v2" && lower[1] == "routing" && lower[2] == "queues":
            switch lower[4] {
            case "conversations": self = .queueConversations(queueId: lower[3], mediaType: nil)
            case "users": self = .queueUsers(queueId: lower[3])
            default: return nil
            }
        case 6 where lower[0] == "v2" && lower[1] == "routing" && lower[2] == "queues" && lower[4] == "conversations":
            guard let media = Self.mediaSuffixes[lower[5]] else { return nil }
            self = .queueConversations(queueId: lower[3], mediaType: media)
        case 5 where lower[0] == "v2" && lower[1] == "analytics":
            switch (lower[2], lower[4]) {
            case ("queues", "observations"): self = .queueObservations(queueId: lower[3])
            case ("queues", "activity"): self = .queueActivity(queueId: lower[3])
            case ("users", "aggregates"): self = .userAggregates(userId: lower[3])
            default: return nil
            }
        case 6
        where lower[0] == "v2" && lower[1] == "detail" && lower[2] == "events" && lower[3] == "agent"
            && lower[5] == "state":
            self = .agentState(userId: lower[4])
        case 6... where lower[0] == "v2" && lower[1] == "detail" && lower[2] == "events" && lower[3] == "conversation":
            self = .conversationDetail(conversationId: lower[4], event: lower[5...].joined(separator: "."))
        default:
            return nil
        }
    }
}
