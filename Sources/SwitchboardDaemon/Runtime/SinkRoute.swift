import Foundation
import Logging
import SwitchboardSinks
import Synchronization

/// One sink of the daemon with its queue (in memory, or durable through the outbox) and what it
/// receives. A slow or failing sink only fills its own queue: the overflow policy (or the
/// outbox's bound) decides, and every drop is counted.
public final class SinkRoute: Sendable {
    enum Queue: Sendable {
        case memory(SinkQueue)
        case durable(DurableSinkQueue)
        /// In memory while there is room; what does not fit goes to the outbox and is delivered
        /// from there (in its own order: a spilled delivery may arrive after later ones).
        case spilling(SinkQueue, DurableSinkQueue)
    }

    public let name: String
    public let selection: DeliverySelection
    let queue: Queue
    private let logger: Logger
    private let closeSink: @Sendable () async -> Void
    /// Deliveries for a durable queue not yet written: written together, one commit (one fsync)
    /// for up to ``durableBatch`` of them, at the latest ``durableFlushInterval`` after the first.
    private let unwritten = Mutex<[Delivery]>([])

    /// Deliveries written to the outbox in one transaction at most.
    static let durableBatch = 200
    /// The longest a delivery for a durable sink waits in memory before it is on disk. A commit
    /// each costs about 0.6 ms of fsync (1,700 a second at most); gathering bounds the cost and
    /// the window alike.
    static let durableFlushInterval: Duration = .milliseconds(20)

    /// A sink behind an in-memory ``SinkQueue``. `close` releases the sink's connections once
    /// its queue is drained (a web hook's HTTP client, a Redis connection).
    public convenience init(
        queue: SinkQueue, selection: DeliverySelection, logger: Logger = Logger(label: "switchboard.sink"),
        close: @escaping @Sendable () async -> Void = {}
    ) {
        self.init(name: queue.sink.name, queue: .memory(queue), selection: selection, logger: logger, close: close)
    }

    /// A durable sink: deliveries are written to the outbox in small transactions (within
    /// ``durableFlushInterval`` of their arrival) and delivered from there.
    public convenience init(
        queue: DurableSinkQueue, selection: DeliverySelection, logger: Logger = Logger(label: "switchboard.sink"),
        close: @escaping @Sendable () async -> Void = {}
    ) {
        self.init(name: queue.sink.name, queue: .durable(queue), selection: selection, logger: logger, close: close)
    }

    /// A sink behind an in-memory queue that spills to the outbox when full, so a slow sink
    /// neither blocks the pipeline nor loses deliveries.
    public convenience init(
        queue: SinkQueue, spillingTo outbox: DurableSinkQueue, selection: DeliverySelection,
        logger: Logger = Logger(label: "switchboard.sink"), close: @escaping @Sendable () async -> Void = {}
    ) {
        self.init(
            name: queue.sink.name, queue: .spilling(queue, outbox), selection: selection, logger: logger, close: close)
    }

    private init(
        name: String, queue: Queue, selection: DeliverySelection, logger: Logger,
        close: @escaping @Sendable () async -> Void
    ) {
        self.name = name
        self.selection = selection
        self.queue = queue
        self.logger = logger
        self.closeSink = close
    }

    /// Releases the sink's connections.
    func close() async { await closeSink() }

    /// Whether deliveries can wait in the outbox (a durable or spilling route).
    public var isDurable: Bool { durableQueue != nil }

    private var durableQueue: DurableSinkQueue? {
        switch queue {
        case .memory: nil
        case .durable(let queue), .spilling(_, let queue): queue
        }
    }

    /// Offers `delivery` to the queue. For a durable queue it is gathered with the next ones and
    /// written when ``durableBatch`` are waiting (here) or the flush interval passes (``run()``).
    func offer(_ delivery: Delivery) async {
        switch queue {
        case .memory(let queue):
            await queue.offer(delivery)
        case .spilling(let memory, _) where await memory.offerIfRoom(delivery):
            return
        case .durable, .spilling:
            let full = unwritten.withLock { unwritten -> [Delivery]? in
                unwritten.append(delivery)
                guard unwritten.count >= Self.durableBatch else { return nil }
                defer { unwritten = [] }
                return unwritten
            }
            if let full { await write(full) }
        }
    }

    /// Offers `deliveries` in order: one step for a memory queue; through ``offer(_:)`` one by
    /// one for the others, which gather or spill each.
    func offer(contentsOf deliveries: [Delivery]) async {
        switch queue {
        case .memory(let queue):
            await queue.offer(contentsOf: deliveries)
        case .durable, .spilling:
            for delivery in deliveries { await offer(delivery) }
        }
    }

    /// Writes gathered deliveries to the outbox in one transaction. Refused (the outbox is full)
    /// or not written, they are counted as dropped by the queue; the reason is logged.
    private func write(_ deliveries: [Delivery]) async {
        guard let queue = durableQueue, !deliveries.isEmpty else { return }
        do {
            try await queue.offer(contentsOf: deliveries)
        } catch {
            logger.error(
                "deliveries dropped: the outbox did not take them",
                metadata: ["sink": "\(name)", "deliveries": "\(deliveries.count)", "error": "\(error)"])
        }
    }

    /// Writes what is gathered for a durable queue now.
    private func flush() async {
        await write(
            unwritten.withLock { unwritten in
                defer { unwritten = [] }
                return unwritten
            })
    }

    /// Delivers until ``finish()`` and an empty queue, or cancellation; a durable route also
    /// writes what it gathered every flush interval.
    func run() async {
        switch queue {
        case .memory(let queue): await queue.run()
        case .durable(let queue):
            await withDiscardingTaskGroup { group in
                group.addTask { [self] in
                    while (try? await Task.sleep(for: Self.durableFlushInterval)) != nil { await flush() }
                }
                await queue.run()
                group.cancelAll()
            }
        case .spilling(let memory, let outbox):
            await withDiscardingTaskGroup { group in
                group.addTask { [self] in
                    while (try? await Task.sleep(for: Self.durableFlushInterval)) != nil { await flush() }
                }
                // Both drain to the end before the flusher stops.
                await withDiscardingTaskGroup { queues in
                    queues.addTask { await memory.run() }
                    queues.addTask { await outbox.run() }
                }
                group.cancelAll()
            }
        }
    }

    func finish() async {
        switch queue {
        case .memory(let queue): await queue.finish()
        case .durable(let queue):
            await flush()
            await queue.finish()
        case .spilling(let memory, let outbox):
            await memory.finish()
            await flush()
            await outbox.finish()
        }
    }

    /// Deliveries waiting in memory only (a memory queue, or a spilling route's memory part):
    /// what a process stopping now would lose. A durable route's gathered deliveries are written
    /// by ``finish()``.
    func heldInMemory() async -> Int {
        switch queue {
        case .memory(let queue), .spilling(let queue, _): await queue.currentCounts.queued
        case .durable: 0
        }
    }

    /// The queue's counts: offered, delivered, dropped, given up, failed attempts, queued.
    public func counts() async -> SinkCounts {
        var total = SinkCounts()
        switch queue {
        case .memory(let queue):
            total += await queue.currentCounts
        case .durable(let queue):
            total += await durableCounts(queue)
        case .spilling(let memory, let outbox):
            total += await memory.currentCounts
            total += await durableCounts(outbox)
        }
        return total
    }

    /// A durable queue's counts; deliveries gathered but not yet written count as offered and
    /// queued. An outbox that cannot be read counts as holding only those.
    private func durableCounts(_ queue: DurableSinkQueue) async -> SinkCounts {
        let gathered = unwritten.withLock { $0.count }
        var counts = (try? await queue.currentCounts) ?? SinkCounts()
        counts += SinkCounts(offered: gathered, queued: gathered)
        return counts
    }
}
