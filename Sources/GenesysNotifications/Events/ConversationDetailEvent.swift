import Foundation
import GenesysCloud

/// The body of `v2.detail.events.conversation.<id>.<type>` (`acd.start`, `acd.end`, `user.start`,
/// `user.end`, `customer.start`, `customer.end`, `acw`, `wrapup`, …).
///
/// One struct for every type: the SDK's per-type classes share their common fields and each adds a
/// few, so the union is modelled and a field a type does not send stays `nil`. The type itself comes
/// from the topic (see ``TypedEvent/conversationDetail(conversationId:type:_:)``). Named
/// `ConversationDetailEvent` because `Topic.DetailEvent` already names the topic suffixes.
///
/// Real payload (EventBridge copy, reference §5.11):
/// `{"eventTime":1649237444949,"conversationId":"2f7b…","participantId":"9fb2…","sessionId":"c03d…","mediaType":"CHAT","provider":"PureCloud Webchat v2","direction":"INBOUND",…}`.
public struct ConversationDetailEvent: Codable, Sendable, Hashable {
    // Common to every type.
    /// Epoch milliseconds; see ``eventDate``.
    public var eventTime: Int?
    public var conversationId: String?
    public var participantId: String?
    public var sessionId: String?
    public var mediaType: DetailMediaType?
    public var provider: String?
    public var direction: DetailDirection?
    public var ani: String?
    public var dnis: String?
    public var addressTo: String?
    public var addressFrom: String?
    public var callbackUserName: String?
    public var callbackNumbers: [String]?
    /// Epoch milliseconds.
    public var callbackScheduledTime: Int?
    public var subject: String?
    /// `SMS`, `WHATSAPP`, `WEBMESSAGING`… for message media.
    public var messageType: DetailMessageType?
    public var queueId: String?
    public var divisionId: String?
    public var conversationExternalContactIds: [String]?
    public var conversationExternalOrganizationIds: [String]?
    public var utilizationLabel: String?

    // acd.start and acd.end.
    public var routingPriority: Int?
    public var requestedRoutingSkillIds: [String]?
    public var skillExpressionApplied: Bool?
    public var acdOutcome: AcdOutcome?
    public var answeredUserId: String?
    public var requestedRoutings: [RoutingMethod]?
    public var usedRouting: RoutingMethod?
    public var requestedSkillExpressionIds: [String]?
    public var requestedLanguageId: String?
    public var requestedRoutingUserIds: [String]?
    public var connectedDurationMs: Int?
    public var flowType: String?

    // acd.end, user.end, customer.end.
    public var disconnectType: DetailDisconnectType?

    // user.*, acw.
    public var userId: String?
    public var interactingDurationMs: Int?
    public var heldDurationMs: Int?
    public var alertingDurationMs: Int?
    public var contactingDurationMs: Int?
    public var dialingDurationMs: Int?
    public var callbackDurationMs: Int?

    // acw and wrapup.
    public var wrapupCode: String?
    public var wrapupNotes: String?
    public var wrapupDurationMs: Int?

    // customer.*.
    public var externalOrganizationId: String?
    public var externalContactId: String?
    /// Kept raw (web journey context of `customer.start`).
    public var journeyContext: JSONValue?

    /// Keys this model does not know, and known keys whose value could not be read.
    public var additionalFields: [String: JSONValue] = [:]

    /// ``eventTime`` as a date.
    public var eventDate: Date? { eventTime.map(EventDate.fromEpochMilliseconds) }
    /// ``callbackScheduledTime`` as a date.
    public var callbackScheduledDate: Date? { callbackScheduledTime.map(EventDate.fromEpochMilliseconds) }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case eventTime, conversationId, participantId, sessionId, mediaType, provider, direction, ani, dnis
        case addressTo, addressFrom, callbackUserName, callbackNumbers, callbackScheduledTime, subject, messageType
        case queueId, divisionId, conversationExternalContactIds, conversationExternalOrganizationIds
        case utilizationLabel, routingPriority, requestedRoutingSkillIds, skillExpressionApplied, acdOutcome
        case answeredUserId, requestedRoutings, usedRouting, requestedSkillExpressionIds, requestedLanguageId
        case requestedRoutingUserIds, connectedDurationMs, flowType, disconnectType, userId, interactingDurationMs
        case heldDurationMs, alertingDurationMs, contactingDurationMs, dialingDurationMs, callbackDurationMs
        case wrapupCode, wrapupNotes, wrapupDurationMs, externalOrganizationId, externalContactId, journeyContext
    }
}

extension ConversationDetailEvent: TolerantFieldDecodable {
    static let fieldTable = FieldTable<CodingKeys>()

    mutating func decodeField(_ field: CodingKeys, from reader: inout FieldReader) throws(FieldReadError) {
        switch field {
        case .eventTime: eventTime = try reader.read()
        case .conversationId: conversationId = try reader.read()
        case .participantId: participantId = try reader.read()
        case .sessionId: sessionId = try reader.read()
        case .mediaType: mediaType = try reader.read()
        case .provider: provider = try reader.read()
        case .direction: direction = try reader.read()
        case .ani: ani = try reader.read()
        case .dnis: dnis = try reader.read()
        case .addressTo: addressTo = try reader.read()
        case .addressFrom: addressFrom = try reader.read()
        case .callbackUserName: callbackUserName = try reader.read()
        case .callbackNumbers: callbackNumbers = try reader.read()
        case .callbackScheduledTime: callbackScheduledTime = try reader.read()
        case .subject: subject = try reader.read()
        case .messageType: messageType = try reader.read()
        case .queueId: queueId = try reader.read()
        case .divisionId: divisionId = try reader.read()
        case .conversationExternalContactIds: conversationExternalContactIds = try reader.read()
        case .conversationExternalOrganizationIds: conversationExternalOrganizationIds = try reader.read()
        case .utilizationLabel: utilizationLabel = try reader.read()
        case .routingPriority: routingPriority = try reader.read()
        case .requestedRoutingSkillIds: requestedRoutingSkillIds = try reader.read()
        case .skillExpressionApplied: skillExpressionApplied = try reader.read()
        case .acdOutcome: acdOutcome = try reader.read()
        case .answeredUserId: answeredUserId = try reader.read()
        case .requestedRoutings: requestedRoutings = try reader.read()
        case .usedRouting: usedRouting = try reader.read()
        case .requestedSkillExpressionIds: requestedSkillExpressionIds = try reader.read()
        case .requestedLanguageId: requestedLanguageId = try reader.read()
        case .requestedRoutingUserIds: requestedRoutingUserIds = try reader.read()
        case .connectedDurationMs: connectedDurationMs = try reader.read()
        case .flowType: flowType = try reader.read()
        case .disconnectType: disconnectType = try reader.read()
        case .userId: userId = try reader.read()
        case .interactingDurationMs: interactingDurationMs = try reader.read()
        case .heldDurationMs: heldDurationMs = try reader.read()
        case .alertingDurationMs: alertingDurationMs = try reader.read()
        case .contactingDurationMs: contactingDurationMs = try reader.read()
        case .dialingDurationMs: dialingDurationMs = try reader.read()
        case .callbackDurationMs: callbackDurationMs = try reader.read()
        case .wrapupCode: wrapupCode = try reader.read()
        case .wrapupNotes: wrapupNotes = try reader.read()
        case .wrapupDurationMs: wrapupDurationMs = try reader.read()
        case .externalOrganizationId: externalOrganizationId = try reader.read()
        case .externalContactId: externalContactId = try reader.read()
        case .journeyContext: journeyContext = try reader.read()
        }
    }
}

extension ConversationDetailEvent {
    public init(from decoder: any Decoder) throws { try self.init(fieldsFrom: decoder) }

    public func encode(to encoder: any Encoder) throws {
        var fields = TolerantObjectWriter<CodingKeys>(encoder)
        try fields.write(eventTime, .eventTime)
        try fields.write(conversationId, .conversationId)
        try fields.write(participantId, .participantId)
        try fields.write(sessionId, .sessionId)
        try fields.write(mediaType, .mediaType)
        try fields.write(provider, .provider)
        try fields.write(direction, .direction)
        try fields.write(ani, .ani)
        try fields.write(dnis, .dnis)
        try fields.write(addressTo, .addressTo)
        try fields.write(addressFrom, .addressFrom)
        try fields.write(callbackUserName, .callbackUserName)
        try fields.write(callbackNumbers, .callbackNumbers)
        try fields.write(callbackScheduledTime, .callbackScheduledTime)
        try fields.write(subject, .subject)
        try fields.write(messageType, .messageType)
        try fields.write(queueId, .queueId)
        try fields.write(divisionId, .divisionId)
        try fields.write(conversationExternalContactIds, .conversationExternalContactIds)
        try fields.write(conversationExternalOrganizationIds, .conversationExternalOrganizationIds)
        try fields.write(utilizationLabel, .utilizationLabel)
        try fields.write(routingPriority, .routingPriority)
        try fields.write(requestedRoutingSkillIds, .requestedRoutingSkillIds)
        try fields.write(skillExpressionApplied, .skillExpressionApplied)
        try fields.write(acdOutcome, .acdOutcome)
        try fields.write(answeredUserId, .answeredUserId)
        try fields.write(requestedRoutings, .requestedRoutings)
        try fields.write(usedRouting, .usedRouting)
        try fields.write(requestedSkillExpressionIds, .requestedSkillExpressionIds)
        try fields.write(requestedLanguageId, .requestedLanguageId)
        try fields.write(requestedRoutingUserIds, .requestedRoutingUserIds)
        try fields.write(connectedDurationMs, .connectedDurationMs)
        try fields.write(flowType, .flowType)
        try fields.write(disconnectType, .disconnectType)
        try fields.write(userId, .userId)
        try fields.write(interactingDurationMs, .interactingDurationMs)
        try fields.write(heldDurationMs, .heldDurationMs)
        try fields.write(alertingDurationMs, .alertingDurationMs)
        try fields.write(contactingDurationMs, .contactingDurationMs)
        try fields.write(dialingDurationMs, .dialingDurationMs)
        try fields.write(callbackDurationMs, .callbackDurationMs)
        try fields.write(wrapupCode, .wrapupCode)
        try fields.write(wrapupNotes, .wrapupNotes)
        try fields.write(wrapupDurationMs, .wrapupDurationMs)
        try fields.write(externalOrganizationId, .externalOrganizationId)
        try fields.write(externalContactId, .externalContactId)
        try fields.write(journeyContext, .journeyContext)
        try fields.finish(additionalFields)
    }
}
