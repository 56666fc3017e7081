import Foundation
import GenesysCloud

/// The body of `v2.users.<id>.activity` (SDK `AgentActivityChangedTopicAgentActivity`): presence,
/// routing status, out-of-office and active queues in one message.
public struct ActivityEvent: Codable, Sendable, Hashable {
    /// The user id.
    public var id: String?
    public var routingStatus: RoutingStatusInfo?
    public var presence: Presence?
    public var outOfOffice: OutOfOffice?
    /// The queues the user is active on.
    public var activeQueueIds: [String]?
    public var dateActiveQueuesChanged: Date?
    /// Keys this model does not know, and known keys whose value could not be read.
    public var additionalFields: [String: JSONValue] = [:]

    /// The system presence behind the user's presence definition.
    public var systemPresence: SystemPresence? { presence?.presenceDefinition?.systemPresence }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, routingStatus, presence, outOfOffice, activeQueueIds, dateActiveQueuesChanged
    }

    /// The presence part of an activity message.
    public struct Presence: Codable, Sendable, Hashable {
        public var presenceDefinition: PresenceDefinitionReference?
        public var presenceMessage: String?
        public var modifiedDate: Date?
        public var additionalFields: [String: JSONValue] = [:]

        enum CodingKeys: String, CodingKey, CaseIterable { case presenceDefinition, presenceMessage, modifiedDate }
    }

    /// Whether the user is out of office, and since when.
    public struct OutOfOffice: Codable, Sendable, Hashable {
        public var active: Bool?
        public var modifiedDate: Date?
        public var additionalFields: [String: JSONValue] = [:]

        enum CodingKeys: String, CodingKey, CaseIterable { case active, modifiedDate }
    }
}

extension ActivityEvent: TolerantFieldDecodable {
    static let fieldTable = FieldTable<CodingKeys>()

    mutating func decodeField(_ field: CodingKeys, from reader: inout FieldReader) throws(FieldReadError) {
        switch field {
        case .id: id = try reader.read()
        case .routingStatus: routingStatus = try reader.read()
        case .presence: presence = try reader.read()
        case .outOfOffice: outOfOffice = try reader.read()
        case .activeQueueIds: activeQueueIds = try reader.read()
        case .dateActiveQueuesChanged: dateActiveQueuesChanged = try reader.read()
        }
    }
}

extension ActivityEvent {
    public init(from decoder: any Decoder) throws { try self.init(fieldsFrom: decoder) }

    public func encode(to encoder: any Encoder) throws {
        var fields = TolerantObjectWriter<CodingKeys>(encoder)
        try fields.write(id, .id)
        try fields.write(routingStatus, .routingStatus)
        try fields.write(presence, .presence)
        try fields.write(outOfOffice, .outOfOffice)
        try fields.write(activeQueueIds, .activeQueueIds)
        try fields.write(dateActiveQueuesChanged, .dateActiveQueuesChanged)
        try fields.finish(additionalFields)
    }
}

extension ActivityEvent.Presence: TolerantFieldDecodable {
    static let fieldTable = FieldTable<CodingKeys>()

    mutating func decodeField(_ field: CodingKeys, from reader: inout FieldReader) throws(FieldReadError) {
        switch field {
        case .presenceDefinition: presenceDefinition = try reader.read()
        case .presenceMessage: presenceMessage = try reader.read()
        case .modifiedDate: modifiedDate = try reader.read()
        }
    }
}

extension ActivityEvent.Presence {
    public init(from decoder: any Decoder) throws { try self.init(fieldsFrom: decoder) }

    public func encode(to encoder: any Encoder) throws {
        var fields = TolerantObjectWriter<CodingKeys>(encoder)
        try fields.write(presenceDefinition, .presenceDefinition)
        try fields.write(presenceMessage, .presenceMessage)
        try fields.write(modifiedDate, .modifiedDate)
        try fields.finish(additionalFields)
    }
}

extension ActivityEvent.OutOfOffice: TolerantFieldDecodable {
    static let fieldTable = FieldTable<CodingKeys>()

    mutating func decodeField(_ field: CodingKeys, from reader: inout FieldReader) throws(FieldReadError) {
        switch field {
        case .active: active = try reader.read()
        case .modifiedDate: modifiedDate = try reader.read()
        }
    }
}

extension ActivityEvent.OutOfOffice {
    public init(from decoder: any Decoder) throws { try self.init(fieldsFrom: decoder) }

    public func encode(to encoder: any Encoder) throws {
        var fields = TolerantObjectWriter<CodingKeys>(encoder)
        try fields.write(active, .active)
        try fields.write(modifiedDate, .modifiedDate)
        try fields.finish(additionalFields)
    }
}
