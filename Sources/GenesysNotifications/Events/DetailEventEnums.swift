import GenesysCloud

/// The media of a detail or agent-state event, upper case (`VOICE`, `CHAT`…).
public struct DetailMediaType: OpenEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let unknown: Self = "UNKNOWN"
    public static let voice: Self = "VOICE"
    public static let chat: Self = "CHAT"
    public static let email: Self = "EMAIL"
    public static let callback: Self = "CALLBACK"
    public static let cobrowse: Self = "COBROWSE"
    public static let video: Self = "VIDEO"
    public static let screenshare: Self = "SCREENSHARE"
    public static let message: Self = "MESSAGE"
    public static let internalMessage: Self = "INTERNALMESSAGE"
    public static let screenMonitoring: Self = "SCREENMONITORING"
}

/// `INBOUND` or `OUTBOUND`, as detail events spell it.
public struct DetailDirection: OpenEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let unknown: Self = "UNKNOWN"
    public static let inbound: Self = "INBOUND"
    public static let outbound: Self = "OUTBOUND"
}

/// Why a segment ended, as detail events spell it (`ENDPOINT`, `CONSULT_TRANSFER`…).
public struct DetailDisconnectType: OpenEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let unknown: Self = "UNKNOWN"
    public static let endpoint: Self = "ENDPOINT"
    public static let client: Self = "CLIENT"
    public static let system: Self = "SYSTEM"
    public static let transfer: Self = "TRANSFER"
    public static let error: Self = "ERROR"
    public static let peer: Self = "PEER"
    public static let other: Self = "OTHER"
    public static let spam: Self = "SPAM"
    public static let timeout: Self = "TIMEOUT"
    public static let transportFailure: Self = "TRANSPORT_FAILURE"
    public static let conferenceTransfer: Self = "CONFERENCE_TRANSFER"
    public static let consultTransfer: Self = "CONSULT_TRANSFER"
    public static let forwardTransfer: Self = "FORWARD_TRANSFER"
    public static let noAnswerTransfer: Self = "NO_ANSWER_TRANSFER"
    public static let notAvailableTransfer: Self = "NOT_AVAILABLE_TRANSFER"
    public static let uncallable: Self = "UNCALLABLE"
    public static let inactivity: Self = "INACTIVITY"
    public static let sessionExpired: Self = "SESSION_EXPIRED"
    public static let takeover: Self = "TAKEOVER"
}

/// How a queue segment ended (`acd.end`).
public struct AcdOutcome: OpenEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let unknown: Self = "UNKNOWN"
    public static let abandon: Self = "ABANDON"
    public static let answered: Self = "ANSWERED"
    public static let flowOut: Self = "FLOW_OUT"
}

/// The channel of a message-media detail event (`SMS`, `WHATSAPP`, `WEBMESSAGING`…).
public struct DetailMessageType: OpenEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let unknown: Self = "UNKNOWN"
    public static let sms: Self = "SMS"
    public static let twitter: Self = "TWITTER"
    public static let facebook: Self = "FACEBOOK"
    public static let line: Self = "LINE"
    public static let whatsapp: Self = "WHATSAPP"
    public static let webMessaging: Self = "WEBMESSAGING"
    public static let open: Self = "OPEN"
    public static let instagram: Self = "INSTAGRAM"
    public static let apple: Self = "APPLE"
    public static let linkedIn: Self = "LINKEDIN"
}

/// A routing method of `acd.end` (`requestedRoutings`, `usedRouting`).
public struct RoutingMethod: OpenEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let unknown: Self = "UNKNOWN"
    public static let manual: Self = "MANUAL"
    public static let predictive: Self = "PREDICTIVE"
    public static let preferred: Self = "PREFERRED"
    public static let last: Self = "LAST"
    public static let bullseye: Self = "BULLSEYE"
    public static let standard: Self = "STANDARD"
    public static let other: Self = "OTHER"
    public static let conditional: Self = "CONDITIONAL"
    public static let vip: Self = "VIP"
}
