import Foundation
import GenesysCloud

/// The body of the `v2.system.*` topics (`socket_closing`, `no_longer_subscribed.<id>`,
/// `token_revoked.<id>`; SDK `SystemMessageSystemMessage`). Sample payloads and exact triggers are
/// UNCONFIRMED (reference §4.1 item 5), so every field is optional and unknown ones are kept.
public struct SystemMessage: Codable, Sendable, Hashable {
    public var channelId: String?
    public var systemTopicType: SystemTopicType?
    public var correlationId: String?
    public var organizationId: String?
    public var userId: String?
    public var oauthClientId: String?
    public var oauthClientOrgId: String?
    public var reason: SystemMessageReason?
    public var message: String?
    public var data: [String: JSONValue]?
    /// Keys this model does not know, and known keys whose value could not be read.
    public var additionalFields: [String: JSONValue] = [:]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case channelId, systemTopicType, correlationId, organizationId, userId, oauthClientId, oauthClientOrgId
        case reason, message, data
    }
}

/// What kind of system message this is.
public struct SystemTopicType: OpenEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let noLongerSubscribed: Self = "no_longer_subscribed"
    public static let subscriptionChanged: Self = "subscription_changed"
    public static let tokenRevoked: Self = "token_revoked"
}

/// Why the platform sent a system message.
public struct SystemMessageReason: OpenEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let anotherChannelSubscribed: Self = "another_channel_subscribed"
    public static let userTokensRevoked: Self = "user_tokens_revoked"
}

extension SystemMessage: TolerantFieldDecodable {
    static let fieldTable = FieldTable<CodingKeys>()

    mutating func decodeField(_ field: CodingKeys, from reader: inout FieldReader) throws(FieldReadError) {
        switch field {
        case .channelId: channelId = try reader.read()
        case .systemTopicType: systemTopicType = try reader.read()
        case .correlationId: correlationId = try reader.read()
        case .organizationId: organizationId = try reader.read()
        case .userId: userId = try reader.read()
        case .oauthClientId: oauthClientId = try reader.read()
        case .oauthClientOrgId: oauthClientOrgId = try reader.read()
        case .reason: reason = try reader.read()
        case .message: message = try reader.read()
        case .data: data = try reader.read()
        }
    }
}

extension SystemMessage {
    public init(from decoder: any Decoder) throws { try self.init(fieldsFrom: decoder) }

    public func encode(to encoder: any Encoder) throws {
        var fields = TolerantObjectWriter<CodingKeys>(encoder)
        try fields.write(channelId, .channelId)
        try fields.write(systemTopicType, .systemTopicType)
        try fields.write(correlationId, .correlationId)
        try fields.write(organizationId, .organizationId)
        try fields.write(userId, .userId)
        try fields.write(oauthClientId, .oauthClientId)
        try fields.write(oauthClientOrgId, .oauthClientOrgId)
        try fields.write(reason, .reason)
        try fields.write(message, .message)
        try fields.write(data, .data)
        try fields.finish(additionalFields)
    }
}
