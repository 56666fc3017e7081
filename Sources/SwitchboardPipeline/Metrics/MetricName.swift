/// The pipeline's metrics: stable names, each with its type and dimensions (documented in
/// CONFIGURATION.md). The names follow Prometheus conventions, since that is where they usually
/// end up; the exporter itself belongs to the executable.
public enum MetricName: String, Sendable, Hashable, CaseIterable {
    /// Counter, `family`: events offered to the intake (backfill records included).
    case eventsReceived = "switchboard_events_received"
    /// Counter, `family`: events dropped as a copy of one already delivered.
    case eventsDeduplicated = "switchboard_events_deduplicated"
    /// Counter, `family`: events the filters turned away.
    case eventsFilteredOut = "switchboard_events_filtered_out"
    /// Counter, `family`: events let through to the views and sinks.
    case eventsDelivered = "switchboard_events_delivered"
    /// Timer, `family`: delay between when an event happened (its body's time) and its receipt.
    case eventLatency = "switchboard_event_latency"
    /// Counter, `kind` (an ``AuditEvent`` name such as `channel.rotated` or `gap`): health events.
    case healthEvents = "switchboard_health_events"
    /// Timer: length of each gap without a live socket.
    case gapDuration = "switchboard_gap_duration"
    /// Counter, `reason` (`startup`, `gap`): backfill records delivered.
    case backfillRecords = "switchboard_backfill_records"
    /// Counter: topics a backfill pass could not re-seed.
    case backfillFailedTopics = "switchboard_backfill_failed_topics"
    /// Gauge: agents on the agent board.
    case agentBoardAgents = "switchboard_agent_board_agents"
    /// Gauge: queues on the queue board.
    case queueBoardQueues = "switchboard_queue_board_queues"
    /// Gauge: series the statistics windows hold (one per queue, media type, metric and qualifier).
    case windowSeries = "switchboard_window_series"
    /// Gauge: samples the statistics windows hold, all series together.
    case windowSamples = "switchboard_window_samples"
    /// Gauge: events the de-duplication remembers now.
    case deduplicationKeys = "switchboard_deduplication_keys"
    /// Counter, `metric` (the series' metric, such as `oWaiting`): samples judged outliers.
    case outliers = "switchboard_outliers"
    /// Counter, `kind` (`negative`, `fractionalCount`, `badInterval`, `outOfOrder`,
    /// `waitingExceedsOffered`): inconsistencies found in queue statistics.
    case inconsistencies = "switchboard_inconsistencies"
    /// Counter, `kind` (`stale`, `fresh`): queues passing the staleness threshold, and coming back.
    case stalenessEvents = "switchboard_staleness_events"

    /// Counter, `reason` (a ``ReconnectCause``: `heartbeat`, `serverClosed`, `connectFailed`,
    /// `channelGone`, `networkError`): reconnections of notification sockets and channels.
    case reconnects = "switchboard_reconnects"
    /// Gauge: channels whose socket delivers events now.
    case channelsLive = "switchboard_channels_live"
    /// Gauge, `slot`: individual topics each channel carries.
    case channelTopics = "switchboard_channel_topics"
    /// Gauge, `slot`: seconds since each channel was created (channels last 24 hours unless
    /// renewed).
    case channelAge = "switchboard_channel_age_seconds"
    /// Gauge, `slot`: seconds since each channel's socket last proved alive (an event, heartbeat
    /// or pong); the platform's heartbeat comes every 30 seconds.
    case heartbeatAge = "switchboard_heartbeat_age_seconds"
    /// Counter, `sink`: deliveries offered to each sink's queue.
    case sinkOffered = "switchboard_sink_offered"
    /// Counter, `sink`: deliveries each sink accepted.
    case sinkDelivered = "switchboard_sink_delivered"
    /// Counter, `sink`: deliveries dropped by each sink queue's overflow policy (or the outbox's
    /// when full).
    case sinkDropped = "switchboard_sink_dropped"
    /// Counter, `sink`: deliveries given up after the last attempt or a permanent error (they go
    /// to the dead-letter file when one is configured).
    case sinkGivenUp = "switchboard_sink_given_up"
    /// Counter, `sink`: failed delivery attempts (of whole batches).
    case sinkFailedAttempts = "switchboard_sink_failed_attempts"
    /// Gauge, `sink`: deliveries waiting in each sink's queue (or in the outbox, for a durable sink).
    case sinkQueued = "switchboard_sink_queued"
    /// Timer, `sink`: from an event's receipt to its delivery by each sink.
    case sinkLag = "switchboard_sink_lag"

    /// What kind of metric it is.
    public enum Kind: Sendable, Hashable {
        case counter, gauge, timer
    }

    public var kind: Kind {
        switch self {
        case .eventLatency, .gapDuration, .sinkLag: .timer
        case .agentBoardAgents, .queueBoardQueues, .windowSeries, .windowSamples, .deduplicationKeys, .channelsLive,
            .channelTopics, .channelAge, .heartbeatAge, .sinkQueued:
            .gauge
        case .eventsReceived, .eventsDeduplicated, .eventsFilteredOut, .eventsDelivered, .healthEvents,
            .backfillRecords, .backfillFailedTopics, .outliers, .inconsistencies, .stalenessEvents, .reconnects,
            .sinkOffered, .sinkDelivered, .sinkDropped, .sinkGivenUp, .sinkFailedAttempts:
            .counter
        }
    }

    /// The dimension it is split by, if any.
    public var dimension: String? {
        switch self {
        case .eventsReceived, .eventsDeduplicated, .eventsFilteredOut, .eventsDelivered, .eventLatency: "family"
        case .healthEvents, .inconsistencies, .stalenessEvents: "kind"
        case .backfillRecords, .reconnects: "reason"
        case .outliers: "metric"
        case .channelTopics, .channelAge, .heartbeatAge: "slot"
        case .sinkOffered, .sinkDelivered, .sinkDropped, .sinkGivenUp, .sinkFailedAttempts, .sinkQueued, .sinkLag:
            "sink"
        case .gapDuration, .backfillFailedTopics, .agentBoardAgents, .queueBoardQueues, .windowSeries, .windowSamples,
            .deduplicationKeys, .channelsLive:
            nil
        }
    }
}
