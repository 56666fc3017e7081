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

    enum CodingKeys: String, CodingKey {
        case source, presenceDefinition, primary, message, modifiedDate, futurePresenceDefinition
    }
}

extension PresenceEvent {
    public init(from decoder: any Decoder) throws {
        var fields = try TolerantObjectReader<CodingKeys>(decoder)
        source = fields.read(.source)
        presenceDefinition = fields.read(.presenceDefinition)
        primary = fields.read(.primary)
        message = fields.read(.message)
        modifiedDate = fields.read(.modifiedDate)
        futurePresenceDefinition = fields.read(.futurePresenceDefinition)
        additionalFields = fields.additionalFields
    }

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
}
