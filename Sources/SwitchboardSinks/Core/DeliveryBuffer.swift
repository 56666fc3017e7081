/// The queue in front of one sink, as a plain value: bounded, first in first out, with the
/// overflow policy applied and every drop counted. ``SinkQueue`` runs it.
struct DeliveryBuffer: Sendable {
    /// What happened to an offered delivery.
    enum Offer: Sendable, Equatable {
        case queued
        /// Queued, and the oldest delivery dropped to make room.
        case queuedDroppingOldest(Delivery)
        /// Not queued: the buffer is full and the policy drops the newest.
        case dropped
        /// Not queued: the buffer is full and the policy blocks; offer it again when there is room.
        case full
    }

    let capacity: Int
    let policy: OverflowPolicy
    private var items: [Delivery] = []
    private var head = 0
    /// How many deliveries at the front are being delivered now: those are never dropped.
    private(set) var inFlight = 0
    private(set) var dropped = 0

    init(capacity: Int, policy: OverflowPolicy) {
        self.capacity = max(1, capacity)
        self.policy = policy
    }

    var count: Int { items.count - head }
    var isEmpty: Bool { count == 0 }
    var isFull: Bool { count >= capacity }

    mutating func offer(_ delivery: Delivery) -> Offer {
        guard isFull else {
            items.append(delivery)
            return .queued
        }
        switch policy {
        case .block:
            return .full
        case .dropNewest:
            dropped += 1
            return .dropped
        case .dropOldest:
            // The oldest not being delivered; when every queued one is, the new one goes.
            let oldestIndex = head + inFlight
            guard oldestIndex < items.count else {
                dropped += 1
                return .dropped
            }
            let oldest = items.remove(at: oldestIndex)
            dropped += 1
            items.append(delivery)
            return .queuedDroppingOldest(oldest)
        }
    }

    /// The batch to deliver: the one in flight if there is one (it failed and is tried again),
    /// else up to `limit` deliveries from the front, which stay queued until ``completeBatch()``.
    mutating func nextBatch(_ limit: Int) -> [Delivery] {
        if inFlight == 0 { inFlight = min(count, max(1, limit)) }
        return Array(items[head..<(head + inFlight)])
    }

    /// The batch in flight is done with (delivered, or given up): it leaves the queue.
    mutating func completeBatch() {
        head += inFlight
        inFlight = 0
        compact()
    }

    /// Drops forgotten entries once they are most of the array: amortised O(1) per delivery.
    private mutating func compact() {
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1_024, head * 2 >= items.count {
            items.removeFirst(head)
            head = 0
        }
    }
}
