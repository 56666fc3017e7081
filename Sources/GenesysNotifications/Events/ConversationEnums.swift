import GenesysCloud

/// What a participant is in a conversation (`customer`, `acd`, `agent`, …). Open: the platform
/// adds purposes without notice.
public struct ParticipantPurpose: OpenEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let customer: Self = "customer"
    public static let external: Self = "external"
    public static let acd: Self = "acd"
    public static let agent: Self = "agent"
    public static let user: Self = "user"
    public static let ivr: Self = "ivr"
    public static let workflow: Self = "workflow"
    public static let voicemail: Self = "voicemail"
    public static let station: Self = "station"
    public static let dialer: Self = "dialer"
    public static let api: Self = "api"
}

/// The state of one media session (SDK enum of `state` / `initialState`).
public struct MediaState: OpenEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let alerting: Self = "alerting"
    public static let dialing: Self = "dialing"
    public static let contacting: Self = "contacting"
    public static let offering: Self = "offering"
    public static let connected: Self = "connected"
    public static let disconnected: Self = "disconnected"
    public static let terminated: Self = "terminated"
    public static let scheduled: Self = "scheduled"
    public static let parked: Self = "parked"
    public static let uploading: Self = "uploading"
    public static let converting: Self = "converting"
    public static let transmitting: Self = "transmitting"
    public static let none: Self = "none"

    /// The session is over: nothing will happen on it any more.
    public var isTerminal: Bool { self == .disconnected || self == .terminated }
}

/// `inbound` or `outbound`, as conversation topics spell it (detail events use ``DetailDirection``).
public struct MediaDirection: OpenEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let inbound: Self = "inbound"
    public static let outbound: Self = "outbound"
}

/// Why a media session ended, as conversation topics spell it (`endpoint`, `transfer.consult`, …).
public struct DisconnectType: OpenEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let endpoint: Self = "endpoint"
    public static let client: Self = "client"
    public static let system: Self = "system"
    public static let timeout: Self = "timeout"
    public static let transfer: Self = "transfer"
    public static let transferConference: Self = "transfer.conference"
    public static let transferConsult: Self = "transfer.consult"
    public static let transferForward: Self = "transfer.forward"
    public static let transferNoAnswer: Self = "transfer.noanswer"
    public static let transferNotAvailable: Self = "transfer.notavailable"
    public static let transportFailure: Self = "transport.failure"
    public static let error: Self = "error"
    public static let peer: Self = "peer"
    public static let other: Self = "other"
    public static let spam: Self = "spam"
    public static let uncallable: Self = "uncallable"
}

/// Where a session's after-call work stands.
public struct AfterCallWorkState: OpenEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let unknown: Self = "unknown"
    public static let skipped: Self = "skipped"
    public static let pending: Self = "pending"
    public static let complete: Self = "complete"
    public static let notApplicable: Self = "notApplicable"
}

/// Whether a media session is being recorded (`none`, `active`, `paused`).
public struct RecordingState: OpenEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let none: Self = "none"
    public static let active: Self = "active"
    public static let paused: Self = "paused"
}

/// Where the screen recording of a participant stands.
public struct ScreenRecordingState: OpenEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let requested: Self = "requested"
    public static let active: Self = "active"
    public static let paused: Self = "paused"
    public static let stopped: Self = "stopped"
    public static let error: Self = "error"
    public static let timeout: Self = "timeout"
}
