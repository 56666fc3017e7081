import Foundation
import GenesysNotifications

/// What the daemon subscribes to (`watch:` in the configuration file): queues and users by id or
/// by name pattern, and which topic families of each.
public struct WatchSettings: Sendable, Hashable {
    /// Queues or users: ids as given, and name patterns resolved through the directory.
    public struct Selection: Sendable, Hashable {
        /// Ids, without repeats, in the order written.
        public var ids: [UUID]
        /// Name patterns, matched against the directory's names when the daemon resolves them.
        public var names: [NamePattern]

        public init(ids: [UUID] = [], names: [NamePattern] = []) {
            self.ids = ids
            self.names = names
        }

        /// True when the selection names nothing.
        public var isEmpty: Bool { ids.isEmpty && names.isEmpty }
    }

    public var queues: Selection
    public var users: Selection
    /// Topic families subscribed for each watched queue or user (each family applies to the
    /// subject its topics name).
    public var families: [TopicFamily]
    /// How often name patterns are resolved again, so new queues and users are picked up.
    public var refresh: Duration

    /// Families watched for users when none are given.
    public static let defaultUserFamilies: [TopicFamily] = [.userPresence, .userRoutingStatus]
    /// Families watched for queues when none are given.
    public static let defaultQueueFamilies: [TopicFamily] = [.queueObservations, .queueConversations]
    /// The default of ``refresh``.
    public static let defaultRefresh = Duration.seconds(600)

    public init(
        queues: Selection = Selection(), users: Selection = Selection(), families: [TopicFamily]? = nil,
        refresh: Duration = WatchSettings.defaultRefresh
    ) {
        self.queues = queues
        self.users = users
        self.families = families ?? Self.defaultFamilies(queues: !queues.isEmpty, users: !users.isEmpty)
        self.refresh = refresh
    }

    /// The families watched when none are given: those of the subjects watched.
    public static func defaultFamilies(queues: Bool, users: Bool) -> [TopicFamily] {
        (users ? defaultUserFamilies : []) + (queues ? defaultQueueFamilies : [])
    }
}
