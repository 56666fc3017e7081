import Foundation
import Logging
import SwitchboardSinks

/// One sink of the daemon with its queue (in memory, or durable through the outbox) and what it
/// receives. A slow or failing sink only fills its own queue: the overflow policy (or the
/// outbox's bound) decides, and every drop is counted.
public final class SinkRoute: Sendable {
    enum Queue: Sendable {
        case memory(SinkQueue)
        case durable(DurableSinkQueue)
    }

    public let name: String
    public let selection: DeliverySelection
    let queue: Queue
    private let logger: Logger
    private let closeSink: @Sendable () async -> Void

    /// A sink behind an in-memory ``SinkQueue``. `close` releases the sink's connections once
    /// its queue is drained (a web hook's HTTP client, a Redis connection).
    public init(
        queue: SinkQueue, selection: DeliverySelection, logger: Logger = Logger(label: "switchboard.sink"),
        close: @escaping @Sendable () async -> Void = {}
    ) {
        self.name = queue.sink.name
        self.selection = selection
        self.queue = .memory(queue)
        self.logger = logger
        self.closeSink = close
    }

    /// A durable sink: every delivery is on disk before it is offered on.
    public init(
        queue: DurableSinkQueue, selection: DeliverySelection, logger: Logger = Logger(label: "switchboard.sink"),
        close: @escaping @Sendable () async -> Void = {}
    ) {
        self.name = queue.sink.name
        self.selection = selection
        self.queue = .durable(queue)
        self.logger = logger
        self.closeSink = close
    }

    /// Releases the sink's connections.
    func close() async { await closeSink() }

    public var isDurable: Bool {
        if case .durable = queue { true } else { false }
    }

    /// Offers `delivery` to the queue. A durable queue that refuses it (the outbox is full, or
    /// cannot be written) has counted it as dropped; the reason is logged.
    func offer(_ delivery: Delivery) async {
        switch queue {
        case .memory(let queue):
            await queue.offer(delivery)
        case .durable(let queue):
            do {
                try await queue.offer(delivery)
            } catch {
                logger.error(
                    "delivery dropped: the outbox did not take it",
                    metadata: ["sink": "\(name)", "key": "\(delivery.key)", "error": "\(error)"])
            }
        }
    }

    /// Delivers until ``finish()`` and an empty queue, or cancellation.
    func run() async {
        switch queue {
        case .memory(let queue): await queue.run()
        case .durable(let queue): await queue.run()
        }
    }

    func finish() async {
        switch queue {
        case .memory(let queue): await queue.finish()
        case .durable(let queue): await queue.finish()
        }
    }

    /// The queue's counts: offered, delivered, dropped, given up, failed attempts, queued.
    public func counts() async -> RouteCounts {
        switch queue {
        case .memory(let queue):
            let counts = await queue.currentCounts
            return RouteCounts(
                offered: counts.offered, delivered: counts.delivered, dropped: counts.dropped,
                givenUp: counts.givenUp, failedAttempts: counts.failedAttempts, queued: counts.queued)
        case .durable(let queue):
            guard let counts = try? await queue.currentCounts else { return RouteCounts() }
            return RouteCounts(
                offered: counts.offered, delivered: counts.delivered, dropped: counts.dropped,
                givenUp: counts.givenUp, failedAttempts: counts.failedAttempts, queued: counts.queued)
        }
    }
}

/// What happened to a sink's deliveries so far.
public struct RouteCounts: Sendable, Hashable, Codable {
    public var offered = 0
    public var delivered = 0
    public var dropped = 0
    public var givenUp = 0
    public var failedAttempts = 0
    public var queued = 0

    public init(
        offered: Int = 0, delivered: Int = 0, dropped: Int = 0, givenUp: Int = 0, failedAttempts: Int = 0,
        queued: Int = 0
    ) {
        self.offered = offered
        self.delivered = delivered
        self.dropped = dropped
        self.givenUp = givenUp
        self.failedAttempts = failedAttempts
        self.queued = queued
    }
}
