/// A change in a channel session's health, as the state machine reports it.
public enum HealthChange: Sendable, Hashable, CustomStringConvertible {
    case settingUpChannel
    case channelSetupFailed(reason: String, retryIn: Duration)
    case connected
    case heartbeatLate(silentFor: Duration)
    case rotating
    case rotated
    case rotationFailed(reason: String)
    case disconnected(reason: String)
    case reconnectScheduled(reason: String, retryIn: Duration)
    case channelLost(reason: String)
    case channelRenewed
    case channelRenewalFailed(reason: String)
    /// The session has no live socket: events published now are lost.
    case gapStarted
    /// A live socket is back after a gap of `duration`.
    case gapEnded(duration: Duration)
    case stopped

    public var description: String {
        switch self {
        case .settingUpChannel: "setting up channel"
        case .channelSetupFailed(let reason, let wait): "channel setup failed (\(reason)); retry in \(wait.readable)"
        case .connected: "connected"
        case .heartbeatLate(let silence): "heartbeat late (silent for \(silence.readable)); ping sent"
        case .rotating: "socket_closing received; opening the replacement socket"
        case .rotated: "rotated to the replacement socket"
        case .rotationFailed(let reason): "rotation failed: \(reason)"
        case .disconnected(let reason): "disconnected: \(reason)"
        case .reconnectScheduled(let reason, let wait): "reconnecting in \(wait.readable) (\(reason))"
        case .channelLost(let reason): "channel lost: \(reason); creating a new one"
        case .channelRenewed: "channel renewed"
        case .channelRenewalFailed(let reason): "channel renewal failed: \(reason)"
        case .gapStarted: "gap started: events published now are lost"
        case .gapEnded(let duration): "gap ended after \(duration.readable)"
        case .stopped: "stopped"
        }
    }
}

extension Duration {
    /// `1.417 s`, `250 ms`: durations as people read them in logs.
    var readable: String {
        seconds < 1 ? "\(Int((seconds * 1000).rounded())) ms" : String(format: "%.3f s", seconds)
    }
}
