import Foundation
import GenesysCloud

/// The body of `v2.users.<id>.conversationsummary` (SDK `UserConversationsEventUserConversationSummary`):
/// how many conversations of each media the user has, active and in after-call work.
public struct ConversationSummaryEvent: Codable, Sendable, Hashable {
    public var userId: String?
    public var call: MediaSummary?
    public var callback: MediaSummary?
    public var email: MediaSummary?
    public var message: MediaSummary?
    public var chat: MediaSummary?
    public var socialExpression: MediaSummary?
    public var video: MediaSummary?
    /// Keys this model does not know, and known keys whose value could not be read.
    public var additionalFields: [String: JSONValue] = [:]

    /// Active contact-centre conversations over every media.
    public var totalContactCenterActive: Int {
        allMedia.reduce(0) { $0 + ($1?.contactCenter?.active ?? 0) }
    }

    private var allMedia: [MediaSummary?] { [call, callback, email, message, chat, socialExpression, video] }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case userId, call, callback, email, message, chat, socialExpression, video
    }

    /// Counts for one media, split between contact-centre (ACD) and enterprise conversations.
    public struct MediaSummary: Codable, Sendable, Hashable {
        public var contactCenter: Counts?
        public var enterprise: Counts?

        enum CodingKeys: String, CodingKey, CaseIterable { case contactCenter, enterprise }
    }

    /// Conversations active, and in after-call work.
    public struct Counts: Codable, Sendable, Hashable {
        public var active: Int?
        public var acw: Int?

        enum CodingKeys: String, CodingKey, CaseIterable { case active, acw }
    }
}

extension ConversationSummaryEvent: TolerantFieldDecodable {
    static let fieldTable = FieldTable<CodingKeys>()

    mutating func decodeField(_ field: CodingKeys, from reader: inout FieldReader) throws(FieldReadError) {
        switch field {
        case .userId: userId = try reader.read()
        case .call: call = try reader.read()
        case .callback: callback = try reader.read()
        case .email: email = try reader.read()
        case .message: message = try reader.read()
        case .chat: chat = try reader.read()
        case .socialExpression: socialExpression = try reader.read()
        case .video: video = try reader.read()
        }
    }
}

extension ConversationSummaryEvent {
    public init(from decoder: any Decoder) throws { try self.init(fieldsFrom: decoder) }

    public func encode(to encoder: any Encoder) throws {
        var fields = TolerantObjectWriter<CodingKeys>(encoder)
        try fields.write(userId, .userId)
        try fields.write(call, .call)
        try fields.write(callback, .callback)
        try fields.write(email, .email)
        try fields.write(message, .message)
        try fields.write(chat, .chat)
        try fields.write(socialExpression, .socialExpression)
        try fields.write(video, .video)
        try fields.finish(additionalFields)
    }
}

extension ConversationSummaryEvent.MediaSummary: FieldDecodable {
    static let fieldTable = FieldTable<CodingKeys>()

    mutating func decodeField(_ field: CodingKeys, from reader: inout FieldReader) throws(FieldReadError) {
        switch field {
        case .contactCenter: contactCenter = try reader.read()
        case .enterprise: enterprise = try reader.read()
        }
    }
}

extension ConversationSummaryEvent.Counts: FieldDecodable {
    static let fieldTable = FieldTable<CodingKeys>()

    mutating func decodeField(_ field: CodingKeys, from reader: inout FieldReader) throws(FieldReadError) {
        switch field {
        case .active: active = try reader.read()
        case .acw: acw = try reader.read()
        }
    }
}
