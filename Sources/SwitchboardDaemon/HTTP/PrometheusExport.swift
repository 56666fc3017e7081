import CoreMetrics
import Prometheus
import SwitchboardPipeline

/// The daemon's metrics registry, exposed at `/metrics` in Prometheus' text format.
///
/// The daemon hands ``factory`` to the pipeline and sink metrics rather than bootstrapping the
/// process-wide metrics system, so several daemons (tests) can run in one process, each with
/// its own figures.
public struct PrometheusExport: Sendable {
    public let registry: PrometheusCollectorRegistry
    public let factory: PrometheusMetricsFactory

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Latencies here are milliseconds on a healthy machine; gaps are seconds to minutes.
        let latency: [Duration] = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
            .seconds(1), .milliseconds(2_500), .seconds(5), .seconds(10), .seconds(30),
        ]
        factory.durationHistogramBuckets = [
            MetricName.eventLatency.rawValue: latency,
            MetricName.sinkLag.rawValue: latency,
            MetricName.gapDuration.rawValue: [
                .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(5), .seconds(10), .seconds(30),
                .seconds(60), .seconds(300), .seconds(900),
            ],
        ]
        self.factory = factory
    }

    /// Every metric, in the text exposition format.
    public func text() -> [UInt8] { registry.emitToBuffer() }
}
