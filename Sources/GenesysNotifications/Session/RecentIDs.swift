/// The last N correlation ids seen, to drop a notification delivered twice: across the overlap of
/// a make-before-break rotation, or when the service repeats a frame. Kept as
/// ``CorrelationKey``s: every event is looked up, and hashing the platform's UUIDs as two words
/// costs a fraction of hashing their text.
struct RecentIDs: Sendable {
    private var order: [CorrelationKey?]
    private var members: Set<CorrelationKey> = []
    private var next = 0

    init(capacity: Int) {
        order = Array(repeating: nil, count: max(1, capacity))
        members.reserveCapacity(max(1, capacity))
    }

    /// Records `id`; false when it was already among the recent ones.
    mutating func insert(_ id: String) -> Bool {
        let key = CorrelationKey(id)
        guard members.insert(key).inserted else { return false }
        if let evicted = order[next] { members.remove(evicted) }
        order[next] = key
        next = (next + 1) % order.count
        return true
    }
}
