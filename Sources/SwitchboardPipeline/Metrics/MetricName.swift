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
    /// Counter, `metric` (the series' metric, such as `oWaiting`): samples judged outliers.
    case outliers = "switchboard_outliers"
    /// Counter, `kind` (`negative`, `fractionalCount`, `badInterval`, `outOfOrder`,
    /// `waitingExceedsOffered`): inconsistencies found in queue statistics.
    case inconsistencies = "switchboard_inconsistencies"
    /// Counter, `kind` (`stale`, `fresh`): queues passing the staleness threshold, and coming back.
    case stalenessEvents = "switchboard_staleness_events"

    /// What kind of metric it is.
    public enum Kind: Sendable, Hashable {
        case counter, gauge, timer
    }

    public var kind: Kind {
        switch self {
        case .eventLatency, .gapDuration: .timer
        case .agentBoardAgents, .queueBoardQueues: .gauge
        case .eventsReceived, .eventsDeduplicated, .eventsFilteredOut, .eventsDelivered, .healthEvents,
            .backfillRecords, .backfillFailedTopics, .outliers, .inconsistencies, .stalenessEvents:
            .counter
        }
    }

    /// The dimension it is split by, if any.
    public var dimension: String? {
        switch self {
        case .eventsReceived, .eventsDeduplicated, .eventsFilteredOut, .eventsDelivered, .eventLatency: "family"
        case .healthEvents, .inconsistencies, .stalenessEvents: "kind"
        case .backfillRecords: "reason"
        case .outliers: "metric"
        case .gapDuration, .backfillFailedTopics, .agentBoardAgents, .queueBoardQueues: nil
        }
    }
}
