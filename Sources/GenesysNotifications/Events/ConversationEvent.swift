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

    enum CodingKeys: String, CodingKey {
        case id, maxParticipants, participants, recentTransfers, recordingState, address, externalTag
        case utilizationLabelId, securePause
    }
}

extension ConversationEvent {
    public init(from decoder: any Decoder) throws {
        var fields = try TolerantObjectReader<CodingKeys>(decoder)
        id = fields.read(.id)
        maxParticipants = fields.read(.maxParticipants)
        participants = fields.read(.participants)
        recentTransfers = fields.read(.recentTransfers)
        recordingState = fields.read(.recordingState)
        address = fields.read(.address)
        externalTag = fields.read(.externalTag)
        utilizationLabelId = fields.read(.utilizationLabelId)
        securePause = fields.read(.securePause)
        additionalFields = fields.additionalFields
    }

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
