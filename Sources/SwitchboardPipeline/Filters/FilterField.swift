import GenesysCloud
import GenesysNotifications

/// A field a filter expression can test. Names are matched case-insensitively (`mediatype`).
///
/// An event carries only the fields that make sense for it (a presence event has no queue); a
/// comparison on a field the event does not carry is false, whatever the operator.
public enum FilterField: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The topic family (`queueConversations`, `userPresence`…; see `TopicFamily`).
    case family
    /// The topic name as received.
    case topic
    /// The queue: a conversation's current queue leg, an observation's group, a detail or agent
    /// state event's `queueId`, or the topic's queue.
    case queue
    /// The user: the topic's user on user topics, the current agent of a queue conversation,
    /// the `userId` of a detail event.
    case user
    /// The conversation id of conversation, detail and agent state events.
    case conversation
    /// `voice`, `chat`, `email`, `callback`, `message`… (detail events' `VOICE` compares equal).
    case mediaType
    /// A conversation's ``InteractionState`` (`waiting`, `alerting`, `connected`, `held`, `wrapup`, `ended`).
    case state
    /// A conversation's current queue wait in milliseconds (``RoutingInteractionRecord/waitMs``).
    case waitMs
    /// The routing status of routing status and activity events (`IDLE`, `OFF_QUEUE`…).
    case routingStatus
    /// The system presence of presence and activity events (`AVAILABLE`, `ON_QUEUE`; `OnQueue`
    /// and `On Queue` compare equal).
    case presence
    /// Whether the event is a backfill record.
    case backfill

    /// What values a field holds.
    public enum Kind: Sendable, Hashable {
        /// Compared case-insensitively with `==`, `!=`, `in`.
        case text
        /// Compared with every operator.
        case number
        /// `true` or `false`.
        case flag
    }

    public var kind: Kind {
        switch self {
        case .waitMs: .number
        case .backfill: .flag
        default: .text
        }
    }

    public var description: String { rawValue }

    /// The field named `name`, ignoring case.
    public init?(named name: String) {
        guard let field = Self.byLowercasedName[name.lowercased()] else { return nil }
        self = field
    }

    private static let byLowercasedName: [String: FilterField] = Dictionary(
        uniqueKeysWithValues: allCases.map { ($0.rawValue.lowercased(), $0) })

    /// The values a closed field accepts (`family`, `state`), in their written form; nil for
    /// open fields.
    var closedValues: [String]? {
        switch self {
        case .family: TopicFamily.allCases.map(\.rawValue)
        case .state: InteractionState.allCases.map(\.rawValue)
        default: nil
        }
    }

    /// A text value in the form comparisons use: lower case, presences folded to one spelling.
    func normalised(_ text: String) -> String {
        switch self {
        case .presence: SystemPresence(rawValue: text).normalised.lowercased()
        default: text.lowercased()
        }
    }
}
