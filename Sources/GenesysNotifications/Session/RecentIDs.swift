/// The last N correlation ids seen, to drop a notification delivered twice: across the overlap of
/// a make-before-break rotation, or when the service repeats a frame.
///
/// Every event is looked up, and twenty channels each remember thousands of ids, so an id is kept
/// as a 64-bit digest (``CorrelationKey/digest``): eight bytes instead of a heap-allocated string,
/// and two words to compare. Two different ids share a digest about once in 2⁶⁴: among 20,000
/// remembered ids, a wrongly dropped event is a one in 10¹¹ chance. Storage grows with the
/// ids actually seen, so a quiet channel costs little.
struct RecentIDs: Sendable {
    private let capacity: Int
    private var order: [UInt64] = []
    private var members: Set<UInt64> = []
    private var next = 0

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Records `id`; false when it was already among the recent ones.
    mutating func insert(_ id: String) -> Bool {
        let digest = CorrelationKey(id).digest
        guard members.insert(digest).inserted else { return false }
        if order.count < capacity {
            order.append(digest)
        } else {
            members.remove(order[next])
            order[next] = digest
            next = (next + 1) % capacity
        }
        return true
    }
}
