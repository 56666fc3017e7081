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

    enum CodingKeys: String, CodingKey {
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

extension ConversationDetailEvent {
    public init(from decoder: any Decoder) throws {
        var fields = try TolerantObjectReader<CodingKeys>(decoder)
        eventTime = fields.read(.eventTime)
        conversationId = fields.read(.conversationId)
        participantId = fields.read(.participantId)
        sessionId = fields.read(.sessionId)
        mediaType = fields.read(.mediaType)
        provider = fields.read(.provider)
        direction = fields.read(.direction)
        ani = fields.read(.ani)
        dnis = fields.read(.dnis)
        addressTo = fields.read(.addressTo)
        addressFrom = fields.read(.addressFrom)
        callbackUserName = fields.read(.callbackUserName)
        callbackNumbers = fields.read(.callbackNumbers)
        callbackScheduledTime = fields.read(.callbackScheduledTime)
        subject = fields.read(.subject)
        messageType = fields.read(.messageType)
        queueId = fields.read(.queueId)
        divisionId = fields.read(.divisionId)
        conversationExternalContactIds = fields.read(.conversationExternalContactIds)
        conversationExternalOrganizationIds = fields.read(.conversationExternalOrganizationIds)
        utilizationLabel = fields.read(.utilizationLabel)
        routingPriority = fields.read(.routingPriority)
        requestedRoutingSkillIds = fields.read(.requestedRoutingSkillIds)
        skillExpressionApplied = fields.read(.skillExpressionApplied)
        acdOutcome = fields.read(.acdOutcome)
        answeredUserId = fields.read(.answeredUserId)
        requestedRoutings = fields.read(.requestedRoutings)
        usedRouting = fields.read(.usedRouting)
        requestedSkillExpressionIds = fields.read(.requestedSkillExpressionIds)
        requestedLanguageId = fields.read(.requestedLanguageId)
        requestedRoutingUserIds = fields.read(.requestedRoutingUserIds)
        connectedDurationMs = fields.read(.connectedDurationMs)
        flowType = fields.read(.flowType)
        disconnectType = fields.read(.disconnectType)
        userId = fields.read(.userId)
        interactingDurationMs = fields.read(.interactingDurationMs)
        heldDurationMs = fields.read(.heldDurationMs)
        alertingDurationMs = fields.read(.alertingDurationMs)
        contactingDurationMs = fields.read(.contactingDurationMs)
        dialingDurationMs = fields.read(.dialingDurationMs)
        callbackDurationMs = fields.read(.callbackDurationMs)
        wrapupCode = fields.read(.wrapupCode)
        wrapupNotes = fields.read(.wrapupNotes)
        wrapupDurationMs = fields.read(.wrapupDurationMs)
        externalOrganizationId = fields.read(.externalOrganizationId)
        externalContactId = fields.read(.externalContactId)
        journeyContext = fields.read(.journeyContext)
        additionalFields = fields.additionalFields
    }

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
