import Foundation
import GenesysCloud

/// The body of `v2.users.<id>.conversations[.<media>]` and `v2.routing.queues.<id>.conversations[.<media>]`
/// (SDK `ConversationEventTopicConversation` / `QueueConversationEventTopicConversation`, the same shape):
/// a full snapshot of the conversation, sent on every change.
public struct ConversationEvent: Codable, Sendable, Hashable {
    /// The conversation id.
    public var id: String?
    public var maxParticipants: Int?
    public var participants: [Participant]?
    /// Kept raw: Switchboard does not read transfers yet.
    public var recentTransfers: [JSONValue]?
    public var recordingState: String?
    public var address: String?
    public var externalTag: String?
    public var utilizationLabelId: String?
    public var securePause: Bool?
    /// Keys this model does not know, and known keys whose value could not be read.
    public var additionalFields: [String: JSONValue] = [:]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, maxParticipants, participants, recentTransfers, recordingState, address, externalTag
        case utilizationLabelId, securePause
    }
}

extension ConversationEvent: TolerantFieldDecodable {
    static let fieldTable = FieldTable<CodingKeys>()

    mutating func decodeField(_ field: CodingKeys, from reader: inout FieldReader) throws(FieldReadError) {
        switch field {
        case .id: id = try reader.read()
        case .maxParticipants: maxParticipants = try reader.read()
        case .participants: participants = try reader.read()
        case .recentTransfers: recentTransfers = try reader.read()
        case .recordingState: recordingState = try reader.read()
        case .address: address = try reader.read()
        case .externalTag: externalTag = try reader.read()
        case .utilizationLabelId: utilizationLabelId = try reader.read()
        case .securePause: securePause = try reader.read()
        }
    }
}

extension ConversationEvent {
    public init(from decoder: any Decoder) throws { try self.init(fieldsFrom: decoder) }

    public func encode(to encoder: any Encoder) throws {
        var fields = TolerantObjectWriter<CodingKeys>(encoder)
        try fields.write(id, .id)
        try fields.write(maxParticipants, .maxParticipants)
        try fields.write(participants, .participants)
        try fields.write(recentTransfers, .recentTransfers)
        try fields.write(recordingState, .recordingState)
        try fields.write(address, .address)
        try fields.write(externalTag, .externalTag)
        try fields.write(utilizationLabelId, .utilizationLabelId)
        try fields.write(securePause, .securePause)
        try fields.finish(additionalFields)
    }
}
