import Foundation
import Logging
import Synchronization

/// Runs one ``Sink`` behind its own bounded queue: producers ``offer(_:)`` deliveries, and
/// ``run()`` hands them to the sink in batches, in order, retrying failed batches with capped
/// exponential back-off and full jitter. A sink that says when to come back (a
/// ``RetryAfterSinkError``, an HTTP `Retry-After`) is not tried again sooner than that.
///
/// Nothing leaves unaccounted: every delivery is delivered, still queued, dropped by the overflow
/// policy, or given up after the last retry, and each of those is counted in ``counts``. A
/// ``PermanentSinkError`` gives the batch up at once. Given-up batches go to `onGiveUp` (a dead
/// letter file, the audit log).
public actor SinkQueue {
    public struct Configuration: Sendable, Hashable {
        /// Deliveries held at most.
        public var capacity: Int
        public var overflow: OverflowPolicy
        /// Deliveries handed to the sink at once at most.
        public var batchSize: Int
        /// How long a queued delivery may wait for a fuller batch; nil delivers as soon as anything
        /// is queued. When set, a batch goes once ``batchSize`` deliveries are queued or the
        /// oldest of them has waited this long, whichever is first; ``SinkQueue/finish()``
        /// delivers what is left at once. Fewer, larger batches suit a sink that pays per request
        /// (a web hook); the cost is up to this much added latency.
        public var batchAge: Duration?
        /// The first pause after a failed batch; it doubles with each failure in a row.
        public var retryBase: Duration
        /// The longest pause between attempts.
        public var retryCap: Duration
        /// Attempts of one batch before it is given up; nil tries until it is delivered (the
        /// queue then fills, and the overflow policy decides).
        public var maximumAttempts: Int?
        /// The longest pause a sink may ask for (``RetryAfterSinkError/retryAfter``). A receiver
        /// asking for more (an hour's `Retry-After`) would hold every later delivery that long,
        /// so the batch is given up instead, as a permanent failure.
        public var maximumRetryAfter: Duration

        public init(
            capacity: Int = 10_000, overflow: OverflowPolicy = .block, batchSize: Int = 100,
            batchAge: Duration? = nil, retryBase: Duration = .milliseconds(500), retryCap: Duration = .seconds(30),
            maximumAttempts: Int? = nil, maximumRetryAfter: Duration = .seconds(300)
        ) {
            self.capacity = max(1, capacity)
            self.overflow = overflow
            self.batchSize = max(1, batchSize)
            self.batchAge = batchAge.map { max(.zero, $0) }
            self.retryBase = retryBase
            self.retryCap = max(retryBase, retryCap)
            self.maximumAttempts = maximumAttempts.map { max(1, $0) }
            self.maximumRetryAfter = max(.zero, maximumRetryAfter)
        }
    }

    /// What happened to the deliveries offered so far.
    public typealias Counts = SinkCounts

    public nonisolated let sink: any Sink
    public nonisolated let configuration: Configuration
    private var buffer: DeliveryBuffer
    private var counts = Counts()
    /// Offered after ``finish()``, or by a producer cancelled while it waited for room.
    private var droppedUnqueued = 0
    private var finished = false
    /// Producers waiting for room (``OverflowPolicy/block``), and the runner waiting for work.
    /// Behind a lock of their own so a cancelled task can be woken from its cancellation handler.
    private nonisolated let waitingForRoom = Waiters()
    private nonisolated let waitingForWork = Waiters()
    private let onGiveUp: @Sendable ([Delivery], any Error) -> Void
    private let logger: Logger
    private let jitter: @Sendable () -> Double
    private let clock: QueueClock
    private let metrics: SinkMetrics
    /// When the oldest delivery not yet in a batch was queued, or earlier (never later): the
    /// start of ``Configuration/batchAge``'s wait. Per-delivery times would need a second queue
    /// kept in step with the buffer's drops; an earlier start only sends a batch sooner.
    private var gatheringSince: Duration?

    /// - Parameters:
    ///   - clock: Times ``Configuration/batchAge`` and the pauses between attempts; tests pass a
    ///     clock they advance by hand.
    ///   - metrics: The queue's metrics; by default labelled with the sink's name, through the
    ///     process's metrics factory.
    ///   - onGiveUp: Receives every batch given up, with the reason (``DeadLetterFile/recorder(sink:logger:)``
    ///     writes them to a file). It runs on the queue, so it should be quick.
    public init(
        sink: any Sink, configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "switchboard.sink"), clock: some Clock<Duration> = ContinuousClock(),
        metrics: SinkMetrics? = nil, onGiveUp: @escaping @Sendable ([Delivery], any Error) -> Void = { _, _ in }
    ) {
        self.init(
            sink: sink, configuration: configuration, logger: logger, jitter: { Double.random(in: 0...1) },
            clock: clock, metrics: metrics, onGiveUp: onGiveUp)
    }

    init(
        sink: any Sink, configuration: Configuration, logger: Logger, jitter: @escaping @Sendable () -> Double,
        clock: some Clock<Duration> = ContinuousClock(), metrics: SinkMetrics? = nil,
        onGiveUp: @escaping @Sendable ([Delivery], any Error) -> Void
    ) {
        self.metrics = metrics ?? SinkMetrics(sink: sink.name)
        self.sink = sink
        self.configuration = configuration
        self.buffer = DeliveryBuffer(capacity: configuration.capacity, policy: configuration.overflow)
        self.logger = logger
        self.jitter = jitter
        self.clock = QueueClock(clock)
        self.onGiveUp = onGiveUp
    }

    /// The counts now.
    public var currentCounts: Counts {
        var counts = counts
        counts.dropped = buffer.dropped + droppedUnqueued
        counts.queued = buffer.count
        return counts
    }

    /// Queues `delivery`. With ``OverflowPolicy/block`` and a full queue this waits for room;
    /// with the drop policies it never waits. After ``finish()`` the delivery is dropped and
    /// counted.
    public func offer(_ delivery: Delivery) async {
        counts.offered += 1
        metrics.recordOffered(1)
        while true {
            if finished || Task.isCancelled {
                droppedUnqueued += 1
                metrics.recordDropped(1)
                return
            }
            let offer = buffer.offer(delivery)
            switch offer {
            case .queued, .queuedDroppingOldest:
                if case .queuedDroppingOldest = offer { metrics.recordDropped(1) }
                metrics.recordQueued(buffer.count)
                if gatheringSince == nil { gatheringSince = clock.now() }
                // Waiting for a fuller batch, the runner only cares about the first delivery (to
                // start the wait) and a full batch: waking it for each one in between is waste.
                let gathering = buffer.count - buffer.inFlight
                if configuration.batchAge == nil || gathering == 1 || gathering >= configuration.batchSize {
                    waitingForWork.resumeAll()
                }
                return
            case .dropped:
                metrics.recordDropped(1)
                return
            case .full:
                await waitingForRoom.wait()
            }
        }
    }

    /// Queues `deliveries` in order, as ``offer(_:)`` would one by one, in one call to the
    /// queue: a producer with a batch in hand pays for one hand-off, not one a delivery.
    public func offer(contentsOf deliveries: some Sequence<Delivery>) async {
        for delivery in deliveries { await offer(delivery) }
    }

    /// Queues `delivery` when there is room, whatever the overflow policy, and says whether it
    /// did: a full queue neither waits nor drops (the caller keeps the delivery elsewhere, such
    /// as a durable outbox). Not queued, it is not counted as offered.
    public func offerIfRoom(_ delivery: Delivery) -> Bool {
        guard !finished, !buffer.isFull else { return false }
        counts.offered += 1
        metrics.recordOffered(1)
        if case .queuedDroppingOldest = buffer.offer(delivery) { metrics.recordDropped(1) }
        metrics.recordQueued(buffer.count)
        if gatheringSince == nil { gatheringSince = clock.now() }
        let gathering = buffer.count - buffer.inFlight
        if configuration.batchAge == nil || gathering == 1 || gathering >= configuration.batchSize {
            waitingForWork.resumeAll()
        }
        return true
    }

    /// No more deliveries will be offered: ``run()`` returns once the queue is empty.
    public func finish() {
        finished = true
        waitingForWork.resumeAll()
        waitingForRoom.resumeAll()
    }

    /// Delivers until ``finish()`` has been called and the queue is empty, or until cancelled
    /// (what is still queued then stays counted as queued).
    public func run() async {
        var failures = 0
        while !Task.isCancelled {
            if buffer.isEmpty {
                if finished { return }
                await waitingForWork.wait()
                continue
            }
            if let deadline = gatheringDeadline(), clock.now() < deadline {
                await waitForWorkOrTime(deadline)
                continue
            }
            let freshBatch = buffer.inFlight == 0
            let batch = buffer.nextBatch(configuration.batchSize)
            // Deliveries left behind keep the earlier start (their batch only goes sooner); with
            // none left, the next offer starts the wait.
            if freshBatch { gatheringSince = buffer.count > buffer.inFlight ? gatheringSince : nil }
            do {
                try await sink.deliver(batch)
                counts.delivered += batch.count
                metrics.recordDelivered(batch)
                failures = 0
                buffer.completeBatch()
                metrics.recordQueued(buffer.count)
                makeRoom()
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
                let permanent = error is any PermanentSinkError
                if permanent || failures >= (configuration.maximumAttempts ?? .max) {
                    logger.error(
                        "sink gave up a batch",
                        metadata: [
                            "sink": "\(sink.name)", "deliveries": "\(batch.count)", "attempts": "\(failures)",
                            "error": "\(error)",
                        ])
                    counts.givenUp += batch.count
                    metrics.recordGivenUp(batch.count)
                    failures = 0
                    buffer.completeBatch()
                    metrics.recordQueued(buffer.count)
                    makeRoom()
                    onGiveUp(batch, error)
                    continue
                }
                let pause = max(retryPause(afterFailures: failures), asked ?? .zero)
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

    /// When the batch being gathered is due, or nil when it is due now: no ``Configuration/batchAge``,
    /// a full batch, a failed batch waiting to be tried again, or a finished queue.
    private func gatheringDeadline() -> Duration? {
        guard let age = configuration.batchAge, !finished, buffer.inFlight == 0,
            buffer.count < configuration.batchSize
        else { return nil }
        let since = gatheringSince ?? clock.now()
        gatheringSince = since
        return since + age
    }

    /// Returns at `deadline`, or sooner when an offer or ``finish()`` wakes the runner.
    private func waitForWorkOrTime(_ deadline: Duration) async {
        let clock = self.clock
        let waiters = waitingForWork
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await clock.sleep(deadline - clock.now()) }
            group.addTask { await waiters.wait() }
            await group.next()
            group.cancelAll()
        }
    }

    /// Full jitter over the capped exponential bound.
    func retryPause(afterFailures failures: Int) -> Duration {
        RetryPauses(base: configuration.retryBase, cap: configuration.retryCap, jitter: jitter)
            .pause(afterFailures: failures)
    }

    private func makeRoom() {
        // Every waiter retries; those that find the queue full again wait again.
        if !buffer.isFull { waitingForRoom.resumeAll() }
    }
}
