/// Keys in the order they were first seen, each with the instant it was seen, bounded in count.
///
/// Insertion order is time order (instants come from a monotonic clock), so forgetting what is
/// older than a cutoff, or the oldest when the bound is reached, always takes from the front.
/// Each key is in ``order`` once, so memory is proportional to ``count``; the set only answers
/// whether a key is remembered, since the instants are in ``order``.
struct FirstSeenMemory<Key: Hashable & Sendable>: Sendable {
    private var remembered: Set<Key> = []
    private var order: [(key: Key, at: ContinuousClock.Instant)] = []
    /// Index of the oldest live entry of ``order``; entries before it are already forgotten.
    private var head = 0

    var count: Int { remembered.count }

    /// Records `key` as first seen `at`, unless it is remembered already; returns whether it was new.
    mutating func insertIfNew(_ key: Key, at instant: ContinuousClock.Instant) -> Bool {
        guard remembered.insert(key).inserted else { return false }
        order.append((key, instant))
        return true
    }

    /// Forgets every key seen at or before `cutoff`; returns how many.
    @discardableResult
    mutating func forget(seenAtOrBefore cutoff: ContinuousClock.Instant) -> Int {
        var forgotten = 0
        while head < order.count, order[head].at <= cutoff {
            forgetOldest()
            forgotten += 1
        }
        compactIfWorthIt()
        return forgotten
    }

    /// Forgets the oldest keys until at most `limit` remain; returns how many.
    @discardableResult
    mutating func forget(downTo limit: Int) -> Int {
        var forgotten = 0
        while remembered.count > max(0, limit), head < order.count {
            forgetOldest()
            forgotten += 1
        }
        compactIfWorthIt()
        return forgotten
    }

    private mutating func forgetOldest() {
        remembered.remove(order[head].key)
        head += 1
    }

    /// Drops forgotten entries once they are most of the array: amortised O(1) per key.
    private mutating func compactIfWorthIt() {
        if head == order.count {
            order.removeAll(keepingCapacity: true)
            head = 0
            return
        }
        guard head >= 1_024, head * 2 >= order.count else { return }
        order.removeFirst(head)
        head = 0
    }
}
