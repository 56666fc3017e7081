import Foundation
import GenesysCloud

extension ConversationEvent {
    /// One participant of a conversation: the customer, the queue (ACD) leg, an agent, an IVR…
    public struct Participant: Codable, Sendable, Hashable {
        public var id: String?
        public var connectedTime: Date?
        public var endTime: Date?
        public var userId: String?
        public var externalContactId: String?
        public var externalOrganizationId: String?
        public var name: String?
        public var queueId: String?
        public var groupId: String?
        public var teamId: String?
        public var purpose: ParticipantPurpose?
        public var consultParticipantId: String?
        public var address: String?
        public var wrapupRequired: Bool?
        public var wrapupExpected: Bool?
        public var wrapupPrompt: String?
        public var wrapupTimeoutMs: Int?
        public var wrapup: Wrapup?
        public var startAcwTime: Date?
        public var endAcwTime: Date?
        public var conversationRoutingData: RoutingData?
        public var alertingTimeoutMs: Int?
        public var monitoredParticipantId: String?
        public var coachedParticipantId: String?
        public var bargedParticipantId: String?
        public var mediaRoles: [String]?
        public var screenRecordingState: ScreenRecordingState?
        public var flaggedReason: String?
        /// Participant data set by flows and scripts.
        public var attributes: [String: String]?
        public var calls: [MediaSession]?
        public var callbacks: [MediaSession]?
        public var chats: [MediaSession]?
        public var cobrowsesessions: [MediaSession]?
        public var emails: [MediaSession]?
        public var messages: [MediaSession]?
        public var internalMessages: [MediaSession]?
        public var screenMonitorings: [MediaSession]?
        public var screenshares: [MediaSession]?
        public var socialExpressions: [MediaSession]?
        public var videos: [MediaSession]?
        /// Keys this model does not know (such as `workflow`), and known keys whose value could not be read.
        public var additionalFields: [String: JSONValue] = [:]

        enum CodingKeys: String, CodingKey, CaseIterable {
            case id, connectedTime, endTime, userId, externalContactId, externalOrganizationId, name, queueId
            case groupId, teamId, purpose, consultParticipantId, address, wrapupRequired, wrapupExpected
            case wrapupPrompt, wrapupTimeoutMs, wrapup, startAcwTime, endAcwTime, conversationRoutingData
            case alertingTimeoutMs, monitoredParticipantId, coachedParticipantId, bargedParticipantId, mediaRoles
            case screenRecordingState, flaggedReason, attributes, calls, callbacks, chats, cobrowsesessions, emails
            case messages, internalMessages, screenMonitorings, screenshares, socialExpressions, videos
        }
    }

    /// The routing a conversation asked for: queue, language, priority, skills.
    public struct RoutingData: Codable, Sendable, Hashable {
        public var queue: Reference?
        public var language: Reference?
        public var priority: Int?
        public var skills: [Reference]?
        public var skillExpressionId: String?
        /// Kept raw (agent scores of predictive routing).
        public var scoredAgents: [JSONValue]?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case queue, language, priority, skills, skillExpressionId, scoredAgents
        }
    }

    /// A reference to another entity (queue, skill, language).
    public struct Reference: Codable, Sendable, Hashable {
        public var id: String?
        public var name: String?
        public var selfUri: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case id, name, selfUri }
    }
}

extension ConversationEvent.Participant: TolerantFieldDecodable {
    static let fieldTable = FieldTable<CodingKeys>()

    mutating func decodeField(_ field: CodingKeys, from reader: inout FieldReader) throws(FieldReadError) {
        switch field {
        case .id: id = try reader.read()
        case .connectedTime: connectedTime = try reader.read()
        case .endTime: endTime = try reader.read()
        case .userId: userId = try reader.read()
        case .externalContactId: externalContactId = try reader.read()
        case .externalOrganizationId: externalOrganizationId = try reader.read()
        case .name: name = try reader.read()
        case .queueId: queueId = try reader.read()
        case .groupId: groupId = try reader.read()
        case .teamId: teamId = try reader.read()
        case .purpose: purpose = try reader.read()
        case .consultParticipantId: consultParticipantId = try reader.read()
        case .address: address = try reader.read()
        case .wrapupRequired: wrapupRequired = try reader.read()
        case .wrapupExpected: wrapupExpected = try reader.read()
        case .wrapupPrompt: wrapupPrompt = try reader.read()
        case .wrapupTimeoutMs: wrapupTimeoutMs = try reader.read()
        case .wrapup: wrapup = try reader.read()
        case .startAcwTime: startAcwTime = try reader.read()
        case .endAcwTime: endAcwTime = try reader.read()
        case .conversationRoutingData: conversationRoutingData = try reader.read()
        case .alertingTimeoutMs: alertingTimeoutMs = try reader.read()
        case .monitoredParticipantId: monitoredParticipantId = try reader.read()
        case .coachedParticipantId: coachedParticipantId = try reader.read()
        case .bargedParticipantId: bargedParticipantId = try reader.read()
        case .mediaRoles: mediaRoles = try reader.read()
        case .screenRecordingState: screenRecordingState = try reader.read()
        case .flaggedReason: flaggedReason = try reader.read()
        case .attributes: attributes = try reader.read()
        case .calls: calls = try reader.read()
        case .callbacks: callbacks = try reader.read()
        case .chats: chats = try reader.read()
        case .cobrowsesessions: cobrowsesessions = try reader.read()
        case .emails: emails = try reader.read()
        case .messages: messages = try reader.read()
        case .internalMessages: internalMessages = try reader.read()
        case .screenMonitorings: screenMonitorings = try reader.read()
        case .screenshares: screenshares = try reader.read()
        case .socialExpressions: socialExpressions = try reader.read()
        case .videos: videos = try reader.read()
        }
    }
}

extension ConversationEvent.Participant {
    public init(from decoder: any Decoder) throws { try self.init(fieldsFrom: decoder) }

    public func encode(to encoder: any Encoder) throws {
        var fields = TolerantObjectWriter<CodingKeys>(encoder)
        try fields.write(id, .id)
        try fields.write(connectedTime, .connectedTime)
        try fields.write(endTime, .endTime)
        try fields.write(userId, .userId)
        try fields.write(externalContactId, .externalContactId)
        try fields.write(externalOrganizationId, .externalOrganizationId)
        try fields.write(name, .name)
        try fields.write(queueId, .queueId)
        try fields.write(groupId, .groupId)
        try fields.write(teamId, .teamId)
        try fields.write(purpose, .purpose)
        try fields.write(consultParticipantId, .consultParticipantId)
        try fields.write(address, .address)
        try fields.write(wrapupRequired, .wrapupRequired)
        try fields.write(wrapupExpected, .wrapupExpected)
        try fields.write(wrapupPrompt, .wrapupPrompt)
        try fields.write(wrapupTimeoutMs, .wrapupTimeoutMs)
        try fields.write(wrapup, .wrapup)
        try fields.write(startAcwTime, .startAcwTime)
        try fields.write(endAcwTime, .endAcwTime)
        try fields.write(conversationRoutingData, .conversationRoutingData)
        try fields.write(alertingTimeoutMs, .alertingTimeoutMs)
        try fields.write(monitoredParticipantId, .monitoredParticipantId)
        try fields.write(coachedParticipantId, .coachedParticipantId)
        try fields.write(bargedParticipantId, .bargedParticipantId)
        try fields.write(mediaRoles, .mediaRoles)
        try fields.write(screenRecordingState, .screenRecordingState)
        try fields.write(flaggedReason, .flaggedReason)
        try fields.write(attributes, .attributes)
        try fields.write(calls, .calls)
        try fields.write(callbacks, .callbacks)
        try fields.write(chats, .chats)
        try fields.write(cobrowsesessions, .cobrowsesessions)
        try fields.write(emails, .emails)
        try fields.write(messages, .messages)
        try fields.write(internalMessages, .internalMessages)
        try fields.write(screenMonitorings, .screenMonitorings)
        try fields.write(screenshares, .screenshares)
        try fields.write(socialExpressions, .socialExpressions)
        try fields.write(videos, .videos)
        try fields.finish(additionalFields)
    }
}

extension ConversationEvent.RoutingData: FieldDecodable {
    static let fieldTable = FieldTable<CodingKeys>()

    mutating func decodeField(_ field: CodingKeys, from reader: inout FieldReader) throws(FieldReadError) {
        switch field {
        case .queue: queue = try reader.read()
        case .language: language = try reader.read()
        case .priority: priority = try reader.read()
        case .skills: skills = try reader.read()
        case .skillExpressionId: skillExpressionId = try reader.read()
        case .scoredAgents: scoredAgents = try reader.read()
        }
    }
}

extension ConversationEvent.Reference: FieldDecodable {
    static let fieldTable = FieldTable<CodingKeys>()

    mutating func decodeField(_ field: CodingKeys, from reader: inout FieldReader) throws(FieldReadError) {
        switch field {
        case .id: id = try reader.read()
        case .name: name = try reader.read()
        case .selfUri: selfUri = try reader.read()
        }
    }
}
