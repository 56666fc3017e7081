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

        enum CodingKeys: String, CodingKey {
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
    }

    /// A reference to another entity (queue, skill, language).
    public struct Reference: Codable, Sendable, Hashable {
        public var id: String?
        public var name: String?
        public var selfUri: String?
    }
}

extension ConversationEvent.Participant {
    public init(from decoder: any Decoder) throws {
        var fields = try TolerantObjectReader<CodingKeys>(decoder)
        id = fields.read(.id)
        connectedTime = fields.read(.connectedTime)
        endTime = fields.read(.endTime)
        userId = fields.read(.userId)
        externalContactId = fields.read(.externalContactId)
        externalOrganizationId = fields.read(.externalOrganizationId)
        name = fields.read(.name)
        queueId = fields.read(.queueId)
        groupId = fields.read(.groupId)
        teamId = fields.read(.teamId)
        purpose = fields.read(.purpose)
        consultParticipantId = fields.read(.consultParticipantId)
        address = fields.read(.address)
        wrapupRequired = fields.read(.wrapupRequired)
        wrapupExpected = fields.read(.wrapupExpected)
        wrapupPrompt = fields.read(.wrapupPrompt)
        wrapupTimeoutMs = fields.read(.wrapupTimeoutMs)
        wrapup = fields.read(.wrapup)
        startAcwTime = fields.read(.startAcwTime)
        endAcwTime = fields.read(.endAcwTime)
        conversationRoutingData = fields.read(.conversationRoutingData)
        alertingTimeoutMs = fields.read(.alertingTimeoutMs)
        monitoredParticipantId = fields.read(.monitoredParticipantId)
        coachedParticipantId = fields.read(.coachedParticipantId)
        bargedParticipantId = fields.read(.bargedParticipantId)
        mediaRoles = fields.read(.mediaRoles)
        screenRecordingState = fields.read(.screenRecordingState)
        flaggedReason = fields.read(.flaggedReason)
        attributes = fields.read(.attributes)
        calls = fields.read(.calls)
        callbacks = fields.read(.callbacks)
        chats = fields.read(.chats)
        cobrowsesessions = fields.read(.cobrowsesessions)
        emails = fields.read(.emails)
        messages = fields.read(.messages)
        internalMessages = fields.read(.internalMessages)
        screenMonitorings = fields.read(.screenMonitorings)
        screenshares = fields.read(.screenshares)
        socialExpressions = fields.read(.socialExpressions)
        videos = fields.read(.videos)
        additionalFields = fields.additionalFields
    }

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
