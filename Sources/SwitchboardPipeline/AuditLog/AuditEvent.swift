import GenesysNotifications

/// What an audit record reports: one name per kind of health change, plus the records the
/// process writes itself (`sink.failed`, `shutdown`). The names are stable: scripts grep for them,
/// and the `switchboard_health_events` metric uses them as its `kind`.
public enum AuditEvent: String, Sendable, Hashable, Codable, CaseIterable {
    case channelSettingUp = "channel.settingUp"
    case channelSetupFailed = "channel.setupFailed"
    case channelConnected = "channel.connected"
    case channelHeartbeatLate = "channel.heartbeatLate"
    case channelRotating = "channel.rotating"
    case channelRotated = "channel.rotated"
    case channelRotationFailed = "channel.rotationFailed"
    case channelDisconnected = "channel.disconnected"
    case channelReconnectScheduled = "channel.reconnectScheduled"
    case channelLost = "channel.lost"
    case channelRenewed = "channel.renewed"
    case channelRenewalFailed = "channel.renewalFailed"
    case channelStopped = "channel.stopped"
    /// A slot lost its live socket: events published from now on are lost.
    case gapStarted = "gap.started"
    /// A slot has a live socket again.
    case gapEnded = "gap.ended"
    /// The interval a slot's topics had no live socket, with the topics it affected.
    case gap
    case topicsRejected = "topics.rejected"
    case topicsUnplaced = "topics.unplaced"
    case framesMalformed = "frames.malformed"
    /// One REST call of a backfill pass failed (retried or given up).
    case backfillFailed = "backfill.failed"
    /// A backfill pass finished.
    case backfill
    /// A sink could not deliver: what it dropped and what it still holds.
    case sinkFailed = "sink.failed"
    /// The process is stopping.
    case shutdown

    /// The name for a health event of this kind.
    public init(_ kind: HealthEvent.Kind) {
        switch kind {
        case .state(let change): self.init(change)
        case .gap: self = .gap
        case .topicsRejected: self = .topicsRejected
        case .topicsUnplaced: self = .topicsUnplaced
        case .malformedFrame: self = .framesMalformed
        case .backfillFailed: self = .backfillFailed
        case .backfilled: self = .backfill
        }
    }

    /// The name for a change of a channel session's state.
    public init(_ change: HealthChange) {
        switch change {
        case .settingUpChannel: self = .channelSettingUp
        case .channelSetupFailed: self = .channelSetupFailed
        case .connected: self = .channelConnected
        case .heartbeatLate: self = .channelHeartbeatLate
        case .rotating: self = .channelRotating
        case .rotated: self = .channelRotated
        case .rotationFailed: self = .channelRotationFailed
        case .disconnected: self = .channelDisconnected
        case .reconnectScheduled: self = .channelReconnectScheduled
        case .channelLost: self = .channelLost
        case .channelRenewed: self = .channelRenewed
        case .channelRenewalFailed: self = .channelRenewalFailed
        case .gapStarted: self = .gapStarted
        case .gapEnded: self = .gapEnded
        case .stopped: self = .channelStopped
        }
    }
}
