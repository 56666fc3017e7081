import GenesysCloud

/// Timings of a channel session. Every knob is configurable so tests and `switchboard listen`
/// flags can make them short.
public struct SessionConfiguration: Sendable {
    /// No frame for this long → send `{"message":"ping"}`. The platform heartbeats about every
    /// 30 s; 45 s leaves room for one late heartbeat.
    public var heartbeatTimeout: Duration
    /// No answer to a ping for this long → the socket is dead: reconnect.
    public var pongTimeout: Duration
    /// A socket that has not opened after this long is abandoned.
    public var connectTimeout: Duration
    /// After `socket_closing`, the replacement socket must open within this (the platform closes
    /// the old one after about a minute).
    public var rotationTimeout: Duration
    /// Re-send the subscription list this long before the channel's 24-hour expiry.
    public var renewalMargin: Duration
    /// First reconnect waits up to this (full jitter), doubling each failure...
    public var reconnectBaseDelay: Duration
    /// ...up to this.
    public var reconnectMaxDelay: Duration
    /// How often the session checks its timers.
    public var tickInterval: Duration
    /// Correlation ids remembered to drop repeated frames (rotation overlap, duplicates).
    public var recentEventMemory: Int

    public init(
        heartbeatTimeout: Duration = .seconds(45),
        pongTimeout: Duration = .seconds(10),
        connectTimeout: Duration = .seconds(15),
        rotationTimeout: Duration = .seconds(45),
        renewalMargin: Duration = .seconds(3_600),
        reconnectBaseDelay: Duration = .seconds(1),
        reconnectMaxDelay: Duration = .seconds(60),
        tickInterval: Duration = .seconds(1),
        recentEventMemory: Int = 20_000
    ) {
        self.heartbeatTimeout = heartbeatTimeout
        self.pongTimeout = pongTimeout
        self.connectTimeout = connectTimeout
        self.rotationTimeout = rotationTimeout
        self.renewalMargin = renewalMargin
        self.reconnectBaseDelay = reconnectBaseDelay
        self.reconnectMaxDelay = reconnectMaxDelay
        self.tickInterval = tickInterval
        self.recentEventMemory = recentEventMemory
    }

    /// The capped exponential bound of the wait after `attempt` failures.
    func backoffBound(attempt: Int) -> Duration {
        RetryPolicy(baseDelay: reconnectBaseDelay, maxDelay: reconnectMaxDelay).backoffBound(afterAttempt: attempt)
    }
}
