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
        var outputs: [PipelineOutput] = []
        let verdict = process(item, now: now, into: &outputs)
        return (verdict, outputs)
    }

    /// ``process(verdictOn:now:)`` appending the outputs to `outputs`: a run of events fills one
    /// array instead of making one for each event.
    public mutating func process(
        _ item: NotificationEvent, now: ContinuousClock.Instant, into outputs: inout [PipelineOutput]
    ) -> Intake.Verdict {
        let verdict = intake.admit(item, now: now)
        if let output = verdict.output { append(output, to: &outputs) }
        return verdict
    }

    private mutating func append(_ output: IntakeOutput, to outputs: inout [PipelineOutput]) {
        switch output {
        case .health(let health):
            outputs.append(.health(health))
        case .event(let event):
            outputs.append(.event(event, record: event.record))
            for delta in deltas.apply(event) { outputs.append(.presenceDelta(delta)) }
            queues.apply(event)
            if let fresh = freshness.record(event) { outputs.append(.freshness(fresh)) }
            for report in windows.add(event) { outputs.append(.window(report)) }
            for inconsistency in consistency.check(event) { outputs.append(.inconsistency(inconsistency)) }
        }
    }

    /// Queues that have gone stale by `now`: staleness is the absence of events, so it is checked
    /// on a timer rather than on arrival.
    public mutating func tick(at now: Date) -> [PipelineOutput] {
        freshness.check(now: now).map(PipelineOutput.freshness)
    }
}
