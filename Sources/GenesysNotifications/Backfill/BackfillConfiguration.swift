import GenesysCloud

/// How the notification client re-seeds state from REST at start-up and after gaps.
///
/// The platform keeps no backlog: events published while a channel has no live socket are lost.
/// For topics that have a REST snapshot (presence, routing status, activity, queue observations)
/// the client reads the current state and emits it into the stream as envelopes marked
/// ``NotificationEnvelope/Origin/backfill(_:)``, in the live topic's body shape.
public struct BackfillConfiguration: Sendable {
    /// Backfill after every gap. Off: gaps are only reported.
    public var enabled: Bool
    /// Also backfill when a slot's channel first connects, so state is known before any live
    /// event. Needs ``enabled``.
    public var atStartup: Bool
    /// User ids per `GET /api/v2/users` (the endpoint pages at most 100).
    public var usersPerRequest: Int
    /// Queue ids per observation query.
    public var queuesPerQuery: Int
    /// Metrics asked of the observation query: those the observations topic carries.
    public var observationMetrics: [String]
    /// Attempts per REST call, the first included, on top of the REST client's own retries.
    public var maximumAttempts: Int
    /// The bound of the first wait between attempts (full jitter, doubling)...
    public var retryBaseDelay: Duration
    /// ...up to this.
    public var retryMaxDelay: Duration
    /// Live events of the topics being backfilled that are held back while a snapshot is fetched.
    /// When more arrive, the held ones are delivered at once, the snapshot being fetched is
    /// discarded (it could be older than what was just delivered) and the pass starts over.
    public var maximumHeldEvents: Int
    /// Start-overs allowed per pass; after that the pass gives up and reports its topics failed.
    public var maximumRestarts: Int

    /// The observation metrics of `v2.analytics.queues.{id}.observations`: the nine of the
    /// platform's query enum plus `oLongestWaiting` and `oLongestInteracting`. Drop the last two
    /// if an organisation's API refuses them.
    public static let observationTopicMetrics = [
        "oActiveUsers", "oAlerting", "oInteracting", "oMemberUsers", "oOffQueueUsers", "oOnQueueUsers",
        "oUserPresences", "oUserRoutingStatuses", "oWaiting", "oLongestWaiting", "oLongestInteracting",
    ]

    public init(
        enabled: Bool = true, atStartup: Bool = true, usersPerRequest: Int = 100, queuesPerQuery: Int = 100,
        observationMetrics: [String] = BackfillConfiguration.observationTopicMetrics, maximumAttempts: Int = 3,
        retryBaseDelay: Duration = .seconds(2), retryMaxDelay: Duration = .seconds(30),
        maximumHeldEvents: Int = 10_000, maximumRestarts: Int = 3
    ) {
        self.enabled = enabled
        self.atStartup = atStartup
        self.usersPerRequest = usersPerRequest
        self.queuesPerQuery = queuesPerQuery
        self.observationMetrics = observationMetrics
        self.maximumAttempts = maximumAttempts
        self.retryBaseDelay = retryBaseDelay
        self.retryMaxDelay = retryMaxDelay
        self.maximumHeldEvents = maximumHeldEvents
        self.maximumRestarts = maximumRestarts
    }

    /// A configuration that never backfills.
    public static let off = BackfillConfiguration(enabled: false, atStartup: false)

    /// The jittered wait after `attempt` failed attempts; `unitRandom` in `0..<1`.
    func retryDelay(afterAttempt attempt: Int, unitRandom: Double) -> Duration {
        RetryPolicy(baseDelay: retryBaseDelay, maxDelay: retryMaxDelay).backoffBound(afterAttempt: attempt)
            * min(max(unitRandom, 0), 1)
    }
}
