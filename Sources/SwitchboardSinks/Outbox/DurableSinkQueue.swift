import Foundation
import Logging

/// Runs one ``Sink`` behind an ``Outbox``: delivery at least once, across sink outages, restarts
/// and a killed process.
///
/// ``offer(_:)`` writes the delivery to the outbox and returns once it is on disk, so a crash
/// after it returns loses nothing. ``run()`` reads the sink's pending deliveries in order, hands
/// them to the sink in batches and deletes them from the outbox only after the sink returns: a
/// crash in between delivers the batch again on the next start, which receivers absorb by
/// de-duplicating on ``Delivery/key``. Because the outbox is read front first, whatever a previous
/// process left pending is delivered before anything offered since.
///
/// Failed batches are retried with the same capped exponential back-off and full jitter as
/// ``SinkQueue``, and a sink's ``RetryAfterSinkError`` is honoured the same way. A
/// ``PermanentSinkError``, or a batch that used up ``Configuration/maximumAttempts``, goes to
/// `onGiveUp` and is deleted from the outbox.
///
/// ```swift
/// let outbox = try Outbox(path: "/var/lib/switchboard/outbox.sqlite")
/// let queue = DurableSinkQueue(sink: webhook, outbox: outbox)
/// ```
public actor DurableSinkQueue {
    public struct Configuration: Sendable, Hashable {
        /// Deliveries handed to the sink at once at most.
        public var batchSize: Int
        /// The first pause after a failed batch; it doubles with each failure in a row.
        public var retryBase: Duration
        /// The longest pause between attempts.
        public var retryCap: Duration
        /// Attempts of one batch before it is given up; nil tries until it is delivered (the
        /// outbox then fills, and its policy decides).
        public var maximumAttempts: Int?
        /// The longest pause a sink may ask for; a longer one gives the batch up.
        public var maximumRetryAfter: Duration

        public init(
            batchSize: Int = 100, retryBase: Duration = .milliseconds(500), retryCap: Duration = .seconds(30),
            maximumAttempts: Int? = nil, maximumRetryAfter: Duration = .seconds(300)
        ) {
            self.batchSize = max(1, batchSize)
            self.retryBase = retryBase
            self.retryCap = max(retryBase, retryCap)
            self.maximumAttempts = maximumAttempts.map { max(1, $0) }
            self.maximumRetryAfter = max(.zero, maximumRetryAfter)
        }
    }

    /// What happened to the deliveries offered to this queue, and what the outbox holds.
    public typealias Counts = SinkCounts

    public nonisolated let sink: any Sink
    public nonisolated let outbox: Outbox
    /// The sink's deliveries are kept under this name in the outbox: it must stay the same
    /// across restarts for leftovers to be found.
    public nonisolated let outboxName: String
    public nonisolated let configuration: Configuration
    private var counts = Counts()
    private var finished = false
    private nonisolated let waitingForWork = Waiters()
    private let retryPauses: RetryPauses
    private let clock: QueueClock
    private let logger: Logger
    private let onGiveUp: @Sendable ([Delivery], any Error) -> Void
    private let metrics: SinkMetrics
    /// When the outbox's depth and drops were last sampled for the metrics (a count query, so at
    /// most once a second), and the drops already counted.
    private var sampledAt: Duration?
    private var droppedCounted = 0

    /// - Parameters:
    ///   - outboxName: The name the sink's deliveries are kept under; defaults to its ``Sink/name``.
    ///   - clock: Times the pauses between attempts; tests pass a clock they advance by hand.
    ///   - metrics: The queue's metrics; by default labelled with the sink's name, through the
    ///     process's metrics factory.
    ///   - onGiveUp: Receives every batch given up, with the reason. It runs on the queue, so it
    ///     should be quick.
    public init(
        sink: any Sink, outbox: Outbox, outboxName: String? = nil, configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "switchboard.sink"), clock: some Clock<Duration> = ContinuousClock(),
        metrics: SinkMetrics? = nil, onGiveUp: @escaping @Sendable ([Delivery], any Error) -> Void = { _, _ in }
    ) {
        self.init(
            sink: sink, outbox: outbox, outboxName: outboxName, configuration: configuration, logger: logger,
            jitter: { Double.random(in: 0...1) }, clock: clock, metrics: metrics, onGiveUp: onGiveUp)
    }

    init(
        sink: any Sink, outbox: Outbox, outboxName: String?, configuration: Configuration, logger: Logger,
        jitter: @escaping @Sendable () -> Double, clock: some Clock<Duration>, metrics: SinkMetrics? = nil,
        onGiveUp: @escaping @Sendable ([Delivery], any Error) -> Void
    ) {
        self.metrics = metrics ?? SinkMetrics(sink: sink.name)
        self.sink = sink
        self.outbox = outbox
        self.outboxName = outboxName ?? sink.name
        self.configuration = configuration
        self.retryPauses = RetryPauses(base: configuration.retryBase, cap: configuration.retryCap, jitter: jitter)
        self.clock = QueueClock(clock)
        self.logger = logger
        self.onGiveUp = onGiveUp
    }

    /// The counts now.
    /// - Throws: ``OutboxError`` when the outbox cannot be read for ``Counts/queued``.
    public var currentCounts: Counts {
        get throws(OutboxError) {
            var counts = counts
            counts.queued = try outbox.pendingCount(for: outboxName)
            counts.dropped = outbox.droppedCount(for: outboxName)
            return counts
        }
    }

    /// Stores `delivery` in the outbox; when this returns it is on disk and will be delivered,
    /// even if the process is killed now.
    /// - Throws: ``OutboxFullError`` when the outbox refuses it (see ``OutboxFullPolicy``), or
    ///   ``OutboxError`` when it cannot be written. Either way it is not stored.
    public func offer(_ delivery: Delivery) throws {
        try offer(contentsOf: [delivery])
    }

    /// Stores `deliveries`, all or none, in one transaction (one fsync for all of them).
    /// - Throws: as ``offer(_:)``.
    public func offer(contentsOf deliveries: [Delivery]) throws {
        guard !deliveries.isEmpty else { return }
        metrics.recordOffered(deliveries.count)
        do {
            try outbox.append(deliveries, for: outboxName)
        } catch {
            // Refused or not written: not stored, so dropped.
            metrics.recordDropped(deliveries.count)
            throw error
        }
        counts.offered += deliveries.count
        waitingForWork.resumeAll()
    }

    /// ``run()`` returns once the outbox has nothing pending for the sink. Offers are still
    /// accepted (and stored for the next run).
    public func finish() {
        finished = true
        waitingForWork.resumeAll()
    }

    /// Delivers what the outbox holds for the sink, oldest first, and then whatever is offered,
    /// until ``finish()`` has been called and nothing is pending, or until cancelled (what is
    /// pending then stays in the outbox for the next start).
    public func run() async {
        var failures = 0
        while !Task.isCancelled {
            let entries: [OutboxEntry]
            do {
                entries = try outbox.pending(for: outboxName, limit: configuration.batchSize)
            } catch {
                // A disk error is not the sink's fault, and giving up would lose deliveries: back off.
                failures += 1
                logger.error(
                    "outbox cannot be read; retrying", metadata: ["sink": "\(sink.name)", "error": "\(error)"])
                try? await clock.sleep(retryPauses.pause(afterFailures: failures))
                continue
            }
            sampleOutbox(idle: entries.isEmpty)
            if entries.isEmpty {
                if finished { return }
                await waitingForWork.wait()
                continue
            }
            let batch = entries.map(\.delivery)
            do {
                try await sink.deliver(batch)
                counts.delivered += batch.count
                metrics.recordDelivered(batch)
                failures = 0
                acknowledge(entries)
            } catch {
                counts.failedAttempts += 1
                metrics.recordFailedAttempt()
                failures += 1
                var error: any Error = error
                let asked = (error as? any RetryAfterSinkError)?.retryAfter
                if let asked, asked > configuration.maximumRetryAfter {
                    error = RetryAfterTooLongError(
                        sink: sink.name, retryAfter: asked, maximumRetryAfter: configuration.maximumRetryAfter,
                        underlying: error)
                }
                if error is any PermanentSinkError || failures >= (configuration.maximumAttempts ?? .max) {
                    logger.error(
                        "sink gave up a batch",
                        metadata: [
                            "sink": "\(sink.name)", "deliveries": "\(batch.count)", "attempts": "\(failures)",
                            "error": "\(error)",
                        ])
                    counts.givenUp += batch.count
                    metrics.recordGivenUp(batch.count)
                    failures = 0
                    acknowledge(entries)
                    onGiveUp(batch, error)
                    continue
                }
                let pause = max(retryPauses.pause(afterFailures: failures), asked ?? .zero)
                logger.warning(
                    "sink delivery failed; retrying",
                    metadata: [
                        "sink": "\(sink.name)", "attempt": "\(failures)", "retryInSeconds": "\(pause.seconds)",
                        "error": "\(error)",
                    ])
                try? await clock.sleep(pause)
            }
        }
    }

    /// Sets the depth gauge and counts the outbox's drops: at most once a second while busy, and
    /// whenever the queue goes idle (so an empty outbox reads 0).
    private func sampleOutbox(idle: Bool) {
        let now = clock.now()
        if !idle, let sampledAt, now - sampledAt < .seconds(1) { return }
        sampledAt = now
        if idle {
            metrics.recordQueued(0)
        } else if let pending = try? outbox.pendingCount(for: outboxName) {
            metrics.recordQueued(pending)
        }
        let dropped = outbox.droppedCount(for: outboxName)
        metrics.recordDropped(dropped - droppedCounted)
        droppedCounted = dropped
    }

    /// Deletes a finished batch from the outbox. When that fails the batch stays pending and is
    /// delivered again: at least once, never lost.
    private func acknowledge(_ entries: [OutboxEntry]) {
        do {
            try outbox.acknowledge(entries.map(\.seq), for: outboxName)
        } catch {
            logger.error(
                "outbox acknowledgement failed; the batch will be delivered again",
                metadata: ["sink": "\(sink.name)", "error": "\(error)"])
        }
    }
}
