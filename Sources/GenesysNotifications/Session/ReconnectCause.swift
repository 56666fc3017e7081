/// Why a session had to reconnect, in a handful of kinds: few enough to label a metric with
/// (``HealthChange``'s reasons are free text, with close codes and error details).
public enum ReconnectCause: String, Sendable, Hashable, CaseIterable {
    /// No frame for the heartbeat timeout and no pong after the ping.
    case heartbeat
    /// The server closed the socket (a close frame, or TLS closed without one).
    case serverClosed
    /// The socket did not open: the handshake was refused or timed out, or the replacement
    /// socket of a rotation did not open in time.
    case connectFailed
    /// The channel is gone (404, `no_longer_subscribed`, eviction, expiry) and was replaced.
    case channelGone
    /// The connection failed some other way (reset, unreachable host, a protocol error).
    case networkError

    /// The cause of a reconnection, or nil for a change that is not one (only
    /// ``HealthChange/reconnectScheduled(reason:retryIn:)`` and ``HealthChange/channelLost(reason:)``
    /// are). The reasons tested here are the session's own wording.
    public init?(_ change: HealthChange) {
        switch change {
        case .channelLost:
            self = .channelGone
        case .reconnectScheduled(let reason, _):
            if reason.hasPrefix("no heartbeat") {
                self = .heartbeat
            } else if reason.hasPrefix("closed") || reason.hasPrefix("TLS closed") {
                self = .serverClosed
            } else if reason == "handshake refused" || reason == "connect timeout" || reason.hasPrefix("replacement") {
                self = .connectFailed
            } else {
                self = .networkError
            }
        default:
            return nil
        }
    }
}
