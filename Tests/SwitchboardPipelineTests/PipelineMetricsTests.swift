import Foundation
import GenesysNotifications
import MetricsTestKit
import SwitchboardPipeline
import Testing

/// Each test has its own `TestMetrics` factory, passed in rather than bootstrapped, so the tests
/// run in parallel without sharing the process-wide metrics system.
@Suite("Metrics: the pipeline through swift-metrics")
struct PipelineMetricsTests {
    typealias Fixtures = HealthFixtures

    static func family(_ family: String) -> [(String, String)] { [("family", family)] }

    @Test("every event counts as received, then as delivered, deduplicated or filtered out, by family")
    func intakeVerdicts() throws {
        let factory = TestMetrics()
        let metrics = PipelineMetrics(factory: factory)
        let stage = IntakeStage(
            configuration: .init(
                filter: EventFilter(expression: try FilterExpression(parsing: "family == userPresence"))))
        let presence = Frames.presence(Frames.onQueue, "ON_QUEUE", modified: "2026-11-18T11:06:39.880Z").envelope
        let routing = Frames.routing("IDLE", since: "2026-11-18T11:06:39.000Z").envelope
        // A topic outside the known families counts as `other`.
        let unknown = try #require(
            NotificationEnvelope(frame: #"{"topicName":"v2.flows.outcomes.x","version":"2","eventBody":{}}"#))
        for item: NotificationEvent in [
            .event(presence), .event(presence), .event(routing), .event(unknown),
            .health(Fixtures.health(.state(.connected))),
        ] {
            metrics.record(stage.verdict(on: item))
        }

        func total(_ name: MetricName, _ family: String) -> Int64 {
            factory.counterTotal(label: name.rawValue, dimensions: Self.family(family))
        }
        #expect(total(.eventsReceived, "userPresence") == 2)
        #expect(total(.eventsDelivered, "userPresence") == 1)
        #expect(total(.eventsDeduplicated, "userPresence") == 1)
        #expect(total(.eventsReceived, "userRoutingStatus") == 1)
        #expect(total(.eventsFilteredOut, "userRoutingStatus") == 1)
        #expect(total(.eventsReceived, "other") == 1)
        #expect(total(.eventsFilteredOut, "other") == 1)
        #expect(factory.counterTotal(label: MetricName.eventsDelivered.rawValue) == 1)
        #expect(
            factory.counterTotal(label: MetricName.healthEvents.rawValue, dimensions: [("kind", "channel.connected")])
                == 1)
        // The metrics agree with the intake's own counts.
        let counts = stage.counts
        #expect(Int64(counts.seen) == factory.counterTotal(label: MetricName.eventsReceived.rawValue))
        #expect(
            Int64(counts.droppedAsDuplicate) == factory.counterTotal(label: MetricName.eventsDeduplicated.rawValue))
        #expect(Int64(counts.filteredOut) == factory.counterTotal(label: MetricName.eventsFilteredOut.rawValue))
    }

    @Test("health events count by their audit name; gaps time their length; backfill counts records and failed topics")
    func healthKinds() throws {
        let factory = TestMetrics()
        let metrics = PipelineMetrics(factory: factory)
        for (health, _) in Fixtures.everyKind { metrics.record(health) }
        metrics.record(Fixtures.health(.state(.rotated)))

        for (_, event) in Fixtures.everyKind {
            let expected: Int64 = event == .channelRotated ? 2 : 1
            #expect(
                factory.counterTotal(label: MetricName.healthEvents.rawValue, dimensions: [("kind", event.rawValue)])
                    == expected, "\(event.rawValue)")
        }
        let gaps = try factory.expectTimer(MetricName.gapDuration.rawValue)
        #expect(gaps.values == [12_500_000_000])
        #expect(
            factory.counterTotal(label: MetricName.backfillRecords.rawValue, dimensions: [("reason", "gap")]) == 40)
        #expect(factory.counterTotal(label: MetricName.backfillFailedTopics.rawValue) == 2)
    }

    @Test("latency goes to the family's timer in nanoseconds; backfill records and timeless bodies record nothing")
    func latency() throws {
        let factory = TestMetrics()
        let metrics = PipelineMetrics(factory: factory)
        // Frames.start is 2026-11-18T11:06:40Z: the body says 120 ms earlier.
        metrics.recordLatency(of: Frames.presence(Frames.onQueue, "ON_QUEUE", modified: "2026-11-18T11:06:39.880Z"))
        metrics.recordLatency(
            of: Frames.presence(Frames.onQueue, "ON_QUEUE", modified: "2026-11-18T08:00:00.000Z", backfill: true))
        metrics.recordLatency(of: Frames.event("v2.users.\(Frames.user).presence", #"{"source":"PURECLOUD"}"#))
        let timer = try factory.expectTimer(MetricName.eventLatency.rawValue, Self.family("userPresence"))
        #expect(timer.values.count == 1)
        #expect(abs(Double(timer.values[0]) - 120_000_000) < 1_000)
        #expect(factory.timers.count == 1)
    }

    @Test("board sizes set gauges; outliers, inconsistencies and staleness count by metric or kind")
    func viewsAndChecks() throws {
        let factory = TestMetrics()
        let metrics = PipelineMetrics(factory: factory)

        var agents = AgentBoard()
        _ = agents.apply(Frames.presence(Frames.onQueue, "ON_QUEUE", modified: "2026-11-18T11:06:39.880Z"))
        var queues = QueueBoard()
        let instant = "2026-11-18T11:06:40.000Z"
        let snapshot = Frames.event(
            "v2.analytics.queues.\(Frames.queue).observations",
            #"{"group":{"queueId":"\#(Frames.queue)","mediaType":"voice"},"data":[{"interval":"\#(instant)/\#(instant)","metrics":[{"metric":"oWaiting","stats":{"count":3}}]}]}"#
        )
        _ = queues.apply(snapshot)
        metrics.observe(agents: agents, queues: queues)
        #expect(try factory.expectGauge(MetricName.agentBoardAgents.rawValue).lastValue == 1)
        #expect(try factory.expectGauge(MetricName.queueBoardQueues.rawValue).lastValue == 1)
        var pipeline = Pipeline()
        _ = pipeline.process(.event(snapshot.envelope), now: .now)
        _ = pipeline.process(.event(Frames.routing("IDLE", since: instant).envelope), now: .now)
        metrics.observe(pipeline.retained)
        #expect(try factory.expectGauge(MetricName.windowSeries.rawValue).lastValue == 1)
        #expect(try factory.expectGauge(MetricName.windowSamples.rawValue).lastValue == 1)
        #expect(try factory.expectGauge(MetricName.deduplicationKeys.rawValue).lastValue == 2)

        var windows = WindowedAggregator(configuration: .init(window: .sliding(600), threshold: 3.5, minimumSamples: 8))
        let key = SeriesKey(queueId: Frames.queue, mediaType: "voice", metric: "oWaiting")
        for (second, value) in [4.0, 5, 6, 5, 4, 6, 5, 5, 4, 6, 40].enumerated() {
            metrics.record(
                windows.add(MetricSample(key: key, value: value, at: Frames.start.addingTimeInterval(Double(second)))))
        }
        #expect(factory.counterTotal(label: MetricName.outliers.rawValue, dimensions: [("metric", "oWaiting")]) == 1)

        var checker = ConsistencyChecker()
        metrics.record(
            checker.check(
                Frames.event(
                    "v2.analytics.queues.\(Frames.queue).observations",
                    #"{"group":{"queueId":"\#(Frames.queue)","mediaType":"voice"},"data":[{"interval":"2026-11-18T11:30:00.000Z/2026-11-18T11:00:00.000Z","metrics":[{"metric":"tHandle","stats":{"count":2,"sum":-5}},{"metric":"nOffered","stats":{"count":2.5}}]}]}"#
                )))
        for kind in ["badInterval", "negative", "fractionalCount"] {
            #expect(
                factory.counterTotal(label: MetricName.inconsistencies.rawValue, dimensions: [("kind", kind)]) == 1,
                "\(kind)")
        }

        var tracker = FreshnessTracker()
        tracker.record(snapshot)
        for event in tracker.check(now: Frames.start.addingTimeInterval(31)) { metrics.record(event) }
        if let fresh = tracker.record(Frames.event(snapshot.envelope.topicName, "{}", at: 40)) { metrics.record(fresh) }
        #expect(factory.counterTotal(label: MetricName.stalenessEvents.rawValue, dimensions: [("kind", "stale")]) == 1)
        #expect(factory.counterTotal(label: MetricName.stalenessEvents.rawValue, dimensions: [("kind", "fresh")]) == 1)
    }

    @Test("each update's value fits its metric's type, and dimensions appear only on names that have one")
    func updatesFitTheirNames() throws {
        var updates = Fixtures.everyKind.flatMap { MetricUpdate.updates(for: $0.0) }
        updates += MetricUpdate.boardSizes(agents: 3, queues: 2)
        updates.append(MetricUpdate.update(for: LatencyMeasurement(family: .queueObservations, milliseconds: 5)))
        updates.append(MetricUpdate(.backfillFailedTopics, "ignored", .increment(1)))
        for update in updates {
            switch (update.name.kind, update.value) {
            case (.counter, .increment), (.gauge, .set), (.timer, .nanoseconds): break
            default: Issue.record("\(update.name) got \(update.value)")
            }
            #expect(update.dimensions.map(\.0) == (update.name.dimension.map { [$0] } ?? []), "\(update.name)")
        }
        #expect(Set(MetricName.allCases.map(\.rawValue)).count == MetricName.allCases.count)
        #expect(MetricName.allCases.allSatisfy { $0.rawValue.hasPrefix("switchboard_") })
    }
}

@Suite("Metrics: connection gauges and reconnect causes")
struct ConnectionMetricsTests {
    @Test("reconnections count by cause, beside the health event's own count")
    func reconnects() {
        let factory = TestMetrics()
        let metrics = PipelineMetrics(factory: factory)
        for change: HealthChange in [
            .reconnectScheduled(reason: "no heartbeat and no pong", retryIn: .seconds(1)),
            .reconnectScheduled(reason: "closed 1001", retryIn: .seconds(1)),
            .reconnectScheduled(reason: "closed 1006", retryIn: .seconds(2)), .channelLost(reason: "404"),
            .connected,
        ] {
            metrics.record(HealthFixtures.health(.state(change)))
        }
        func reconnects(_ reason: String) -> Int64 {
            factory.counterTotal(label: MetricName.reconnects.rawValue, dimensions: [("reason", reason)])
        }
        #expect(reconnects("heartbeat") == 1)
        #expect(reconnects("serverClosed") == 2)
        #expect(reconnects("channelGone") == 1)
        #expect(factory.counterTotal(label: MetricName.reconnects.rawValue) == 4)
    }

    @Test("channel gauges: live channels, and per slot topics, channel age and seconds since the last frame")
    func channelGauges() throws {
        let factory = TestMetrics()
        let metrics = PipelineMetrics(factory: factory)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let channels = [
            ChannelStatus(
                slot: 0, connection: .connected, topics: 1_000, channelReadyAt: now.addingTimeInterval(-7_200),
                lastFrameAt: now.addingTimeInterval(-12)),
            ChannelStatus(slot: 1, connection: .waitingToReconnect, topics: 240, gapSince: now),
        ]
        metrics.observe(channels: channels, at: now)
        func gauge(_ name: MetricName, _ slot: String? = nil) throws -> Double {
            try factory.expectGauge(name.rawValue, slot.map { [("slot", $0)] } ?? []).lastValue ?? -1
        }
        #expect(try gauge(.channelsLive) == 1)
        #expect(try gauge(.channelTopics, "0") == 1_000)
        #expect(try gauge(.channelTopics, "1") == 240)
        #expect(try gauge(.channelAge, "0") == 7_200)
        #expect(try gauge(.heartbeatAge, "0") == 12)
        #expect(try gauge(.channelAge, "1") == 0)
        // Slot 1 goes away: its gauges read 0 rather than keep the last values.
        metrics.observe(channels: [channels[0]], at: now.addingTimeInterval(1))
        #expect(try gauge(.channelTopics, "1") == 0)
        #expect(try gauge(.heartbeatAge, "0") == 13)
    }

    @Test("every metric name has the kind and dimension its documentation gives")
    func names() {
        let gauges: Set<MetricName> = [
            .agentBoardAgents, .queueBoardQueues, .windowSeries, .windowSamples, .deduplicationKeys, .channelsLive,
            .channelTopics, .channelAge, .heartbeatAge, .sinkQueued,
        ]
        let timers: Set<MetricName> = [.eventLatency, .gapDuration, .sinkLag]
        for name in MetricName.allCases {
            let kind: MetricName.Kind = gauges.contains(name) ? .gauge : timers.contains(name) ? .timer : .counter
            #expect(name.kind == kind, "\(name)")
            #expect(name.rawValue.hasPrefix("switchboard_"))
        }
        #expect(
            MetricName.allCases.filter { $0.rawValue.hasPrefix("switchboard_sink_") }.allSatisfy {
                $0.dimension == "sink"
            })
    }
}
