import GenesysNotifications
import SwitchboardPipeline

/// Reads `pipeline:` onto ``Pipeline/Configuration``.
enum PipelineReading {
    static let windowRange = Duration.zero...Duration.seconds(86_400)
    static let lengthRange = Duration.seconds(1)...Duration.seconds(86_400)
    static let staleRange = Duration.seconds(1)...Duration.seconds(86_400)

    /// Metric names the platform's observation and aggregate messages are known to carry: a name
    /// close to one of these but not equal is taken for a typo. Others are accepted, since the
    /// platform adds metrics often.
    static let knownMetrics: [String] = [
        StatMetric.oWaiting, .oInteracting, .oAlerting, .oLongestWaiting, .oLongestInteracting, .oOnQueueUsers,
        .oOffQueueUsers, .oActiveUsers, .oMemberUsers, .oUserPresences, .oUserRoutingStatuses, .oServiceLevel,
        .nOffered, .nConnected, .nOverSla, .nTransferred, .tAbandon, .tAcd, .tAcw, .tAlert, .tAnswered, .tConnected,
        .tHandle, .tHeld, .tNotResponding, .tTalk, .tWait, .tAgentRoutingStatus, .tSystemPresence,
        .tOrganizationPresence,
    ].map(\.rawValue)

    static func read(_ section: SectionReader) -> Pipeline.Configuration {
        var configuration = Pipeline.Configuration()
        var deduplication = configuration.intake.deduplication
        if let window = section.value("deduplicationWindow")?.duration(in: windowRange) {
            deduplication.window = window
        }
        if let keys = section.value("deduplicationMaximumKeys")?.integer(in: 1...10_000_000) {
            deduplication.maximumKeys = keys
        }
        var filter = EventFilter.everything
        if let value = section.value("filter"), let text = value.text(describing: "a filter expression") {
            do {
                filter = EventFilter(expression: try FilterExpression(parsing: text))
            } catch {
                value.log.report(value.origin, value.path, "the filter expression cannot be read:\n\(error.annotated)")
            }
        }
        configuration.intake = Intake.Configuration(deduplication: deduplication, filter: filter)
        configuration.windows = windows(section.section("windows"), defaults: configuration.windows)
        if let stale = section.value("staleAfter")?.duration(in: staleRange) {
            configuration.freshness.staleAfter = seconds(stale)
        }
        return configuration
    }

    private static func windows(
        _ section: SectionReader, defaults: WindowedAggregator.Configuration
    ) -> WindowedAggregator.Configuration {
        var configuration = defaults
        let sliding: Bool
        let length: Double
        switch configuration.window {
        case .sliding(let seconds): (sliding, length) = (true, seconds)
        case .tumbling(let seconds): (sliding, length) = (false, seconds)
        }
        let kind = section.value("kind")?.choice(["sliding", "tumbling"]).map { $0 == "sliding" } ?? sliding
        let newLength = section.value("length")?.duration(in: lengthRange).map(seconds) ?? length
        configuration.window = kind ? .sliding(newLength) : .tumbling(newLength)
        if let threshold = section.value("outlierThreshold")?.number(in: 0.1...1_000) {
            configuration.threshold = threshold
        }
        if let samples = section.value("minimumSamples")?.integer(in: 2...100_000) {
            configuration.minimumSamples = samples
        }
        if let values = section.values("metrics") {
            var metrics: Set<String> = []
            for value in values {
                guard let name = value.text(describing: "a metric name, such as oWaiting") else { continue }
                if !knownMetrics.contains(name), let suggestion = Suggestion.closest(to: name, among: knownMetrics) {
                    value.log.report(
                        value.origin, value.path, "\(value.shown) is not a known metric; did you mean \(suggestion)?")
                    continue
                }
                metrics.insert(name)
            }
            configuration.metrics = metrics.isEmpty ? nil : metrics
        }
        return configuration
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
