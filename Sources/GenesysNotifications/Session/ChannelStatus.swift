import Foundation

/// One channel of a ``NotificationClient`` as it stands: what readiness checks, wallboards and
/// metrics show about the connection. A snapshot, taken by ``NotificationClient/channels``.
public struct ChannelStatus: Sendable, Hashable {
    /// Where the channel's socket is in its life.
    public enum Connection: String, Sendable, Hashable, CaseIterable {
        /// Creating the channel and subscribing its topics, or waiting to try again.
        case settingUp
        /// Opening the socket (first time, or after a wait).
        case connecting
        /// A live socket delivers events.
        case connected
        /// `socket_closing` arrived: the replacement socket is opening while the old one delivers.
        case rotating
        /// The socket dropped; reconnecting after a back-off pause.
        case waitingToReconnect
        /// Stopped: sockets closed, subscriptions deleted.
        case stopped
    }

    /// The channel's slot in the plan (0 to 19).
    public let slot: Int
    /// The channel id, shortened (a full channel id grants its stream, so it never leaves the
    /// session).
    public var channel: String?
    public var connection: Connection
    /// Individual topics the channel carries.
    public var topics: Int
    /// When the current channel was created and subscribed.
    public var channelReadyAt: Date?
    /// When the platform says the current channel expires (renewed before then).
    public var expiresAt: Date?
    /// When the socket last proved alive (an event, heartbeat or pong; events count at most ten
    /// times a second).
    public var lastFrameAt: Date?
    /// When the current gap (no live socket) began; nil while events flow.
    public var gapSince: Date?
    /// Reconnections scheduled and channels replaced since the session started.
    public var reconnects: Int

    public init(
        slot: Int, channel: String? = nil, connection: Connection = .settingUp, topics: Int = 0,
        channelReadyAt: Date? = nil, expiresAt: Date? = nil, lastFrameAt: Date? = nil, gapSince: Date? = nil,
        reconnects: Int = 0
    ) {
        self.slot = slot
        self.channel = channel
        self.connection = connection
        self.topics = topics
        self.channelReadyAt = channelReadyAt
        self.expiresAt = expiresAt
        self.lastFrameAt = lastFrameAt
        self.gapSince = gapSince
        self.reconnects = reconnects
    }

    /// Events can arrive: the socket is open (a rotation keeps the old one delivering).
    public var isLive: Bool {
        switch connection {
        case .connected: true
        case .rotating: gapSince == nil
        case .settingUp, .connecting, .waitingToReconnect, .stopped: false
        }
    }

    /// Seconds since the socket last proved alive, at `now`.
    public func silence(at now: Date) -> TimeInterval? { lastFrameAt.map { max(0, now.timeIntervalSince($0)) } }

    /// Seconds since the current channel was created, at `now`.
    public func channelAge(at now: Date) -> TimeInterval? {
        channelReadyAt.map { max(0, now.timeIntervalSince($0)) }
    }
}

extension ChannelStatus.Connection {
    init(_ phase: SessionStateMachine.Phase) {
        switch phase {
        case .idle, .settingUpChannel, .waitingToSetUp: self = .settingUp
        case .connecting: self = .connecting
        case .connected: self = .connected
        case .rotating: self = .rotating
        case .waitingToConnect: self = .waitingToReconnect
        case .stopped: self = .stopped
        }
    }
}
