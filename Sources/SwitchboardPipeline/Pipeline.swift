import Foundation
import GenesysNotifications

/// What the pipeline produces, in one ordered story: events that went through (with their flat
/// interaction record where they are conversations), and everything the stages noticed.
public enum PipelineOutput: Sendable {
    case event(PipelineEvent, record: RoutingInteractionRecord?)
    case presenceDelta(PresenceDelta)
    case window(WindowedAggregator.Report)
    case inconsistency(Inconsistency)
    case freshness(FreshnessEvent)
    case health(HealthEvent)
}

/// Every stage of the pipeline composed: the intake (de-duplication, decoding, filters), then the
/// agent board with presence deltas, the queue board, freshness, windows with outliers and
/// consistency checks, each fed the same decoded event in stream order.
///
/// A pure value: the stream's items and the time go in, outputs come out. ``PipelineStage`` runs
/// it over a live stream.
public struct Pipeline: Sendable {
    public struct Configuration: Sendable {
        public var intake: Intake.Configuration
        public var windows: WindowedAggregator.Configuration
        public var freshness: FreshnessTracker.Configuration
        /// Organisation presence names by definition id, for the agent board.
        public var presenceNames: [String: String]

        public init(
            intake: Intake.Configuration = .init(), windows: WindowedAggregator.Configuration = .init(),
            freshness: FreshnessTracker.Configuration = .init(), presenceNames: [String: String] = [:]
        ) {
            self.intake = intake
            self.windows = windows
            self.freshness = freshness
            self.presenceNames = presenceNames
        }
    }

    public private(set) var intake: Intake
    private var deltas: PresenceDeltas
    public private(set) var queues = QueueBoard()
    public private(set) var freshness: FreshnessTracker
    public private(set) var windows: WindowedAggregator
    private var consistency = ConsistencyChecker()

    public init(configuration: Configuration = Configuration()) {
        intake = Intake(configuration: configuration.intake)
        deltas = PresenceDeltas(board: AgentBoard(presenceNames: configuration.presenceNames))
        freshness = FreshnessTracker(configuration: configuration.freshness)
        windows = WindowedAggregator(configuration: configuration.windows)
    }

    public var agents: AgentBoard { deltas.board }

    /// How much the stages that remember past events keep: their memory grows with these.
    public struct Retained: Sendable, Hashable {
        public let windowSeries: Int
        public let windowSamples: Int
        public let deduplicationKeys: Int
    }

    public var retained: Retained {
        Retained(
            windowSeries: windows.seriesCount, windowSamples: windows.sampleCount,
            deduplicationKeys: intake.rememberedKeys)
    }

    /// One item of the notification stream through every stage. `now` runs the de-duplication
    /// window; event times come from the events themselves.
    public mutating func process(_ item: NotificationEvent, now: ContinuousClock.Instant) -> [PipelineOutput] {
        process(verdictOn: item, now: now).outputs
    }

    /// ``process(_:now:)``, also returning the intake's verdict (what metrics count).
    public mutating func process(verdictOn item: NotificationEvent, now: ContinuousClock.Instant) -> (
        verdict: Intake.Verdict, outputs: [PipelineOutput]
    ) {
        let verdict = intake.admit(item, now: now)
        guard let output = verdict.output else { return (verdict, []) }
        return (verdict, outputs(for: output))
    }

    private mutating func outputs(for output: IntakeOutput) -> [PipelineOutput] {
        switch output {
        case .health(let health):
            return [.health(health)]
        case .event(let event):
            var outputs: [PipelineOutput] = [.event(event, record: event.record)]
            outputs += deltas.apply(event).map(PipelineOutput.presenceDelta)
            queues.apply(event)
            if let fresh = freshness.record(event) { outputs.append(.freshness(fresh)) }
            outputs += windows.add(event).map(PipelineOutput.window)
            outputs += consistency.check(event).map(PipelineOutput.inconsistency)
            return outputs
        }
    }

    /// Queues that have gone stale by `now`: staleness is the absence of events, so it is checked
    /// on a timer rather than on arrival.
    public mutating func tick(at now: Date) -> [PipelineOutput] {
        freshness.check(now: now).map(PipelineOutput.freshness)
    }
}
