import Foundation
import GenesysCloud

/// The body of `v2.users.<id>.presence` (SDK `PresenceEventUserPresence`).
///
/// Real example (reference §5.1, DC-PRES):
/// `{"source":"PURECLOUD","presenceDefinition":{"id":"6a3af858-…","systemPresence":"AVAILABLE"},"primary":true,"message":""}`.
public struct PresenceEvent: Codable, Sendable, Hashable {
    /// Where the presence was set (`PURECLOUD`, or an integration such as Teams).
    public var source: String?
    public var presenceDefinition: PresenceDefinitionReference?
    public var primary: Bool?
    /// The user's free-text status message.
    public var message: String?
    public var modifiedDate: Date?
    public var futurePresenceDefinition: PresenceDefinitionReference?
    /// Keys this model does not know, and known keys whose value could not be read.
    public var additionalFields: [String: JSONValue] = [:]

    /// The system presence behind the definition.
    public var systemPresence: SystemPresence? { presenceDefinition?.systemPresence }

    /// The system presence spelled as events spell it (`ON_QUEUE`), whatever the surface wrote
    /// (`OnQueue`, `On Queue`). Events writing `ON_QUEUE` for this topic is UNCONFIRMED (§5.1), so
    /// compare on this rather than on the raw text.
    public var normalisedSystemPresence: String? { systemPresence?.normalised }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case source, presenceDefinition, primary, message, modifiedDate, futurePresenceDefinition
    }
}

extension PresenceEvent: TolerantFieldDecodable {
    static let fieldTable = FieldTable<CodingKeys>()

    mutating func decodeField(_ field: CodingKeys, from reader: inout FieldReader) throws(FieldReadError) {
        switch field {
        case .source: source = try reader.read()
        case .presenceDefinition: presenceDefinition = try reader.read()
        case .primary: primary = try reader.read()
        case .message: message = try reader.read()
        case .modifiedDate: modifiedDate = try reader.read()
        case .futurePresenceDefinition: futurePresenceDefinition = try reader.read()
        }
    }
}

extension PresenceEvent {
    public init(from decoder: any Decoder) throws { try self.init(fieldsFrom: decoder) }

    public func encode(to encoder: any Encoder) throws {
        var fields = TolerantObjectWriter<CodingKeys>(encoder)
        try fields.write(source, .source)
        try fields.write(presenceDefinition, .presenceDefinition)
        try fields.write(primary, .primary)
        try fields.write(message, .message)
        try fields.write(modifiedDate, .modifiedDate)
        try fields.write(futurePresenceDefinition, .futurePresenceDefinition)
        try fields.finish(additionalFields)
    }
}

/// A presence definition as events reference it: its id and the system presence it maps to.
///
/// A small leaf: a wrong type inside it costs the whole reference (it becomes `nil` and its raw
/// JSON is kept in the parent's `additionalFields`).
public struct PresenceDefinitionReference: Codable, Sendable, Hashable {
    public var id: String?
    /// UPPER_SNAKE in events (`AVAILABLE`, `ON_QUEUE`); compares equal to `OnQueue` / `On Queue`.
    public var systemPresence: SystemPresence?

    enum CodingKeys: String, CodingKey, CaseIterable { case id, systemPresence }
}

extension PresenceDefinitionReference: FieldDecodable {
    static let fieldTable = FieldTable<CodingKeys>()

    mutating func decodeField(_ field: CodingKeys, from reader: inout FieldReader) throws(FieldReadError) {
        switch field {
        case .id: id = try reader.read()
        case .systemPresence: systemPresence = try reader.read()
        }
    }
}
