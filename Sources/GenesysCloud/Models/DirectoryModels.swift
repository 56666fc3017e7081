import Foundation

/// A page of a listing endpoint (`entities`, page numbers, and the links between pages).
public struct EntityListing<Entity: Codable & Sendable>: Codable, Sendable {
    public var entities: [Entity]?
    public var pageSize: Int?
    public var pageNumber: Int?
    public var total: Int?
    public var pageCount: Int?
    public var nextUri: String?
}

/// A reference to another object (`{"id": ..., "name": ...}`).
public struct EntityReference: Codable, Sendable, Hashable {
    public var id: String
    public var name: String?
    public var selfUri: String?
}

/// The system presences every organisation has. Spellings differ per surface: `OnQueue` in
/// `/presence/definitions`, `On Queue` in the legacy `/presencedefinitions` and in user expansions,
/// `ON_QUEUE` in events and analytics. ``normalised`` folds them into one form.
public struct SystemPresence: OpenEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Upper case with underscores, as events spell it (`ON_QUEUE`, `AVAILABLE`).
    public var normalised: String {
        // Events already spell it this way (`ON_QUEUE`): checking the bytes costs far less than
        // rebuilding the text character by character, and the pipeline asks for every event.
        if Self.isNormalised(rawValue) { return rawValue }
        var result = ""
        var previous: Character?
        for character in rawValue.trimmingCharacters(in: .whitespaces) {
            if character == " " || character == "-" || character == "_" {
                if !result.hasSuffix("_") { result.append("_") }
            } else {
                if let previous, previous.isLowercase, character.isUppercase { result.append("_") }
                result.append(contentsOf: character.uppercased())
            }
            previous = character
        }
        return result
    }

    /// Non-empty, only `A`–`Z` and single underscores between them.
    private static func isNormalised(_ text: String) -> Bool {
        var previous: UInt8 = UInt8(ascii: "_")
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): break
            case UInt8(ascii: "_") where previous != UInt8(ascii: "_"): break
            default: return false
            }
            previous = byte
        }
        return previous != UInt8(ascii: "_")
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.normalised == rhs.normalised }
    public func hash(into hasher: inout Hasher) { hasher.combine(normalised) }
}

/// An organisation presence (`GET /api/v2/presence/definitions`).
public struct PresenceDefinition: Codable, Sendable, Hashable {
    public var id: String
    public var name: String?
    public var type: String?
    public var languageLabels: [String: String]?
    public var systemPresence: SystemPresence?
    public var divisionId: String?
    public var deactivated: Bool?
}

struct PresenceDefinitionListing: Codable, Sendable {
    var entities: [PresenceDefinition]?
    var total: Int?
}

/// A routing queue.
public struct RoutingQueue: Codable, Sendable, Hashable {
    public var id: String
    public var name: String?
    public var description: String?
    public var division: EntityReference?
    public var memberCount: Int?
    public var userMemberCount: Int?
    public var joinedMemberCount: Int?
}

/// A user's routing status (`OFF_QUEUE`, `IDLE`, `INTERACTING`, `NOT_RESPONDING`, `COMMUNICATING`).
public struct RoutingStatusValue: OpenEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let offQueue: Self = "OFF_QUEUE"
    public static let idle: Self = "IDLE"
    public static let interacting: Self = "INTERACTING"
    public static let notResponding: Self = "NOT_RESPONDING"
    public static let communicating: Self = "COMMUNICATING"
}

public struct RoutingStatus: Codable, Sendable, Hashable {
    public var userId: String?
    public var status: RoutingStatusValue?
    public var startTime: Date?
}

/// The presence part of a user (`expand=presence`).
public struct UserPresence: Codable, Sendable, Hashable {
    public var source: String?
    public var primary: Bool?
    public var presenceDefinition: PresenceReference?
    public var message: String?
    public var modifiedDate: Date?

    public struct PresenceReference: Codable, Sendable, Hashable {
        public var id: String?
        public var systemPresence: SystemPresence?
    }
}

/// A user, with presence and routing status when expanded.
public struct User: Codable, Sendable, Hashable {
    public var id: String
    public var name: String?
    public var email: String?
    public var username: String?
    public var state: String?
    public var title: String?
    public var department: String?
    public var division: EntityReference?
    public var presence: UserPresence?
    public var routingStatus: RoutingStatus?
}

/// A member of a routing queue (`GET /routing/queues/{id}/members`).
public struct QueueMember: Codable, Sendable, Hashable {
    public var id: String
    public var name: String?
    public var user: User?
    public var ringNumber: Int?
    public var joined: Bool?
    public var memberBy: String?
    public var routingStatus: RoutingStatus?
}
