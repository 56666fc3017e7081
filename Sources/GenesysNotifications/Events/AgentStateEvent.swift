import Foundation
import GenesysCloud

/// The body of `v2.detail.events.agent.<id>.state` (SDK `AgentStateEventTopicAgentStateEventNotification`):
/// what an agent is doing on a conversation now. Times are epoch milliseconds.
public struct AgentStateEvent: Codable, Sendable, Hashable {
    public var conversationId: String?
    public var sessionId: String?
    /// Epoch milliseconds; see ``sessionStartDate``.
    public var sessionStart: Int?
    /// Epoch milliseconds; see ``currentStateStartDate``.
    public var currentStateStart: Int?
    public var currentState: AgentState?
    public var userId: String?
    public var originatingDirection: DetailDirection?
    public var mediaType: DetailMediaType?
    public var queueId: String?
    public var requestedLanguageId: String?
    public var requestedSkillIds: [String]?
    /// Keys this model does not know, and known keys whose value could not be read.
    public var additionalFields: [String: JSONValue] = [:]

    public var sessionStartDate: Date? { sessionStart.map(EventDate.fromEpochMilliseconds) }
    public var currentStateStartDate: Date? { currentStateStart.map(EventDate.fromEpochMilliseconds) }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case conversationId, sessionId, sessionStart, currentStateStart, currentState, userId, originatingDirection
        case mediaType, queueId, requestedLanguageId, requestedSkillIds
    }
}

/// An agent's state on a conversation (`ALERT`, `INTERACT`, `WRAPUP`, `HOLD`, …, `TERMINATED`).
public struct AgentState: OpenEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let unknown: Self = "UNKNOWN"
    public static let alert: Self = "ALERT"
    public static let interact: Self = "INTERACT"
    public static let wrapup: Self = "WRAPUP"
    public static let hold: Self = "HOLD"
    public static let contacting: Self = "CONTACTING"
    public static let dialing: Self = "DIALING"
    public static let callback: Self = "CALLBACK"
    public static let parked: Self = "PARKED"
    public static let terminated: Self = "TERMINATED"
}

extension AgentStateEvent: TolerantFieldDecodable {
    static let fieldTable = FieldTable<CodingKeys>()

    mutating func decodeField(_ field: CodingKeys, from reader: inout FieldReader) throws(FieldReadError) {
        switch field {
        case .conversationId: conversationId = try reader.read()
        case .sessionId: sessionId = try reader.read()
        case .sessionStart: sessionStart = try reader.read()
        case .currentStateStart: currentStateStart = try reader.read()
        case .currentState: currentState = try reader.read()
        case .userId: userId = try reader.read()
        case .originatingDirection: originatingDirection = try reader.read()
        case .mediaType: mediaType = try reader.read()
        case .queueId: queueId = try reader.read()
        case .requestedLanguageId: requestedLanguageId = try reader.read()
        case .requestedSkillIds: requestedSkillIds = try reader.read()
        }
    }
}

extension AgentStateEvent {
    public init(from decoder: any Decoder) throws { try self.init(fieldsFrom: decoder) }

    public func encode(to encoder: any Encoder) throws {
        var fields = TolerantObjectWriter<CodingKeys>(encoder)
        try fields.write(conversationId, .conversationId)
        try fields.write(sessionId, .sessionId)
        try fields.write(sessionStart, .sessionStart)
        try fields.write(currentStateStart, .currentStateStart)
        try fields.write(currentState, .currentState)
        try fields.write(userId, .userId)
        try fields.write(originatingDirection, .originatingDirection)
        try fields.write(mediaType, .mediaType)
        try fields.write(queueId, .queueId)
        try fields.write(requestedLanguageId, .requestedLanguageId)
        try fields.write(requestedSkillIds, .requestedSkillIds)
        try fields.finish(additionalFields)
    }
}
