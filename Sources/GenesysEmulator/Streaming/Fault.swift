import Foundation

/// Which open sockets (or channels) a fault applies to.
public enum ChannelSelector: Sendable, Hashable {
    /// Every live channel.
    case all
    /// One channel, by id.
    case channel(String)

    func matches(_ channelId: String) -> Bool {
        switch self {
        case .all: true
        case .channel(let id): id == channelId
        }
    }
}

/// A misbehaviour of the platform the emulator can be told to show, to exercise a client's
/// recovery paths. Inject one with ``EmulatorCore/inject(_:)``, `POST /emulator/faults`, or
/// `switchboard emulator --faults`.
public enum Fault: Sendable, Hashable {
    /// Drops the TCP connection of each selected socket without a close frame.
    case closeAbruptly(_ selector: ChannelSelector = .all)
    /// Makes the selected sockets silent: no heartbeats and no pongs (events still flow), as a
    /// half-dead connection looks to a client.
    case stopHeartbeats(_ selector: ChannelSelector = .all)
    /// Ends ``stopHeartbeats(_:)``.
    case resumeHeartbeats(_ selector: ChannelSelector = .all)
    /// Sends `v2.system.socket_closing`, keeps delivering, and closes the socket after
    /// `closeAfter` (the configured ``EmulatorConfiguration/socketClosingGrace`` when nil).
    case socketClosing(_ selector: ChannelSelector = .all, closeAfter: Duration? = nil)
    /// Ends the selected channels as the 21st-channel rule does: `no_longer_subscribed`, then close.
    case evict(_ selector: ChannelSelector = .all)
    /// Revokes every issued token.
    case expireTokens
    /// The next `requests` calls under `/api/v2` answer the normalised 429 with `Retry-After`.
    case rateLimitStorm(requests: Int, retryAfterSeconds: Int = 1)
    /// Sends `count` malformed frames, cycling through non-JSON text, JSON without `topicName`
    /// and a binary frame.
    case malformedFrames(_ selector: ChannelSelector = .all, count: Int = 3)
    /// Splits each of the next `count` events across several continuation frames.
    case fragmentFrames(_ selector: ChannelSelector = .all, count: Int = 1)
    /// Sends each of the next `count` events twice, with the same CorrelationId.
    case duplicateEvents(_ selector: ChannelSelector = .all, count: Int = 1)
    /// Delays every later outbound frame by `delay` (`.zero` restores normal speed).
    case slowSocket(_ selector: ChannelSelector = .all, delay: Duration)

    /// The channels the fault is aimed at, or nil for faults that are not about channels.
    public var selector: ChannelSelector? {
        switch self {
        case .closeAbruptly(let selector), .stopHeartbeats(let selector), .resumeHeartbeats(let selector),
            .socketClosing(let selector, _), .evict(let selector), .malformedFrames(let selector, _),
            .fragmentFrames(let selector, _), .duplicateEvents(let selector, _), .slowSocket(let selector, _):
            selector
        case .expireTokens, .rateLimitStorm: nil
        }
    }
}

/// A fault to inject a given time after the emulator starts listening.
public struct ScheduledFault: Sendable, Hashable {
    public var after: Duration
    public var fault: Fault

    public init(after: Duration, fault: Fault) {
        self.after = after
        self.fault = fault
    }
}
