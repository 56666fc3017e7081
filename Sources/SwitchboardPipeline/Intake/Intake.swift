import GenesysNotifications

/// The first stages of the pipeline as one value: de-duplication, then decoding, then filters.
///
/// Pure: time arrives with each event, and ``admit(_:now:)`` says what became of it. Health
/// events pass untouched. ``IntakeStage`` runs it over a stream.
public struct Intake: Sendable {
    /// What the intake drops.
    public struct Configuration: Sendable, Hashable {
        public var deduplication: Deduplicator.Configuration
        public var filter: EventFilter

        public init(deduplication: Deduplicator.Configuration = .init(), filter: EventFilter = .everything) {
            self.deduplication = deduplication
            self.filter = filter
        }
    }

    /// What the intake has done so far.
    public struct Counts: Sendable, Hashable {
        /// Events offered (health events not included).
        public var seen = 0
        /// Events let through.
        public var passed = 0
        /// Events dropped as a copy of one seen within the de-duplication window.
        public var droppedAsDuplicate = 0
        /// Events the filters turned away.
        public var filteredOut = 0
        /// Health events, all passed through.
        public var health = 0
        /// The de-duplicator's own counts (backfill records passed unchecked, keys forgotten early).
        public var deduplication = Deduplicator.Counts()

        public init() {}
    }

    /// What became of one item of the stream.
    public enum Verdict: Sendable {
        /// Goes on.
        case deliver(IntakeOutput)
        /// Dropped: a copy of an event already delivered.
        case duplicate(NotificationEnvelope)
        /// Dropped by the filters (decoded, since filters read the typed body).
        case filteredOut(PipelineEvent)

        /// What goes on, if anything.
        public var output: IntakeOutput? {
            if case .deliver(let output) = self { output } else { nil }
        }
    }

    public let filter: EventFilter
    private var deduplicator: Deduplicator
    private var counters = Counts()

    public init(configuration: Configuration = Configuration()) {
        self.filter = configuration.filter
        self.deduplicator = Deduplicator(configuration: configuration.deduplication)
    }

    /// Events the de-duplication remembers now.
    public var rememberedKeys: Int { deduplicator.rememberedKeys }

    public var counts: Counts {
        var counts = counters
        counts.deduplication = deduplicator.counts
        return counts
    }

    /// Runs one item of the notification stream through the stages. Duplicates are dropped
    /// before their body is decoded.
    public mutating func admit(_ item: NotificationEvent, now: ContinuousClock.Instant) -> Verdict {
        switch item {
        case .health(let health):
            counters.health += 1
            return .deliver(.health(health))
        case .event(let envelope):
            counters.seen += 1
            guard deduplicator.admit(envelope, now: now) == .pass else {
                counters.droppedAsDuplicate += 1
                return .duplicate(envelope)
            }
            let event = PipelineEvent(envelope)
            guard filter.admits(event) else {
                counters.filteredOut += 1
                return .filteredOut(event)
            }
            counters.passed += 1
            return .deliver(.event(event))
        }
    }
}

/// What leaves the intake: events, decoded once, and health changes, in arrival order.
public enum IntakeOutput: Sendable {
    case event(PipelineEvent)
    case health(HealthEvent)

    /// The event, if this is one.
    public var event: PipelineEvent? {
        if case .event(let event) = self { event } else { nil }
    }
}
