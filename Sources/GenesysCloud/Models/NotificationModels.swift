import Foundation

/// A notification channel: the WebSocket address and its expiry.
///
/// The id is a capability (anyone holding it can read the stream), so `description` shortens it.
public struct Channel: Codable, Sendable, Hashable, CustomStringConvertible {
    public var id: String
    public var connectUri: String
    public var expires: Date?

    public init(id: String, connectUri: String, expires: Date?) {
        self.id = id
        self.connectUri = connectUri
        self.expires = expires
    }

    public var description: String { "channel \(id.redactedIdentifier)" }
}

/// An entry of `GET /notifications/channels`. Listing by OAuth client shows channels of other
/// tokens without their id, so every field is optional here.
public struct ChannelListingEntry: Codable, Sendable, Hashable {
    public var id: String?
    public var connectUri: String?
    public var expires: Date?
}

/// Which channels `GET /notifications/channels` lists.
public enum ChannelListingScope: String, Sendable {
    /// Channels created with the current token.
    case token
    /// Channels of every token of this OAuth client (ids of other tokens' channels are hidden).
    case oauthClient = "oauthclient"
}

/// One topic of a channel's subscription list, as sent and as answered.
public struct ChannelTopic: Codable, Sendable, Hashable {
    public var id: String
    public var state: State?
    public var rejectionReason: String?
    public var missingPermissions: [String]?
    public var selfUri: String?

    public init(id: String) { self.id = id }

    public struct State: OpenEnum {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let permitted: Self = "Permitted"
        public static let rejected: Self = "Rejected"
    }

    /// True unless the platform said the topic was rejected.
    public var isPermitted: Bool { state != .rejected }
}

struct ChannelTopicEntityListing: Codable, Sendable {
    var entities: [ChannelTopic]?
}

struct ChannelEntityListing: Codable, Sendable {
    var entities: [ChannelListingEntry]?
}

/// A topic the platform offers (`GET /notifications/availabletopics`).
public struct AvailableTopic: Codable, Sendable, Hashable {
    public var id: String
    public var description: String?
    public var requiresPermissions: [String]?
    public var enforced: Bool?
    public var visibility: String?
    public var transports: [String]?
    public var topicParameters: [String]?
    public var requiresCurrentUser: Bool?
    public var requiresCurrentUserOrPermission: Bool?
    public var schema: JSONValue?
}

struct AvailableTopicEntityListing: Codable, Sendable {
    var entities: [AvailableTopic]?
}

/// What `availabletopics` can expand.
public enum AvailableTopicExpansion: String, Sendable, CaseIterable {
    case description, enforced, schema, visibility, transports, publicApiTemplateUriPaths
    case requiresPermissions, permissionDetails, topicParameters
}
