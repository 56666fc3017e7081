/// The last N correlation ids seen, to drop a notification delivered twice: across the overlap of
/// a make-before-break rotation, or when the service repeats a frame.
struct RecentIDs: Sendable {
    private var order: [String?]
    private var members: Set<String> = []
    private var next = 0

    init(capacity: Int) {
        order = Array(repeating: nil, count: max(1, capacity))
        members.reserveCapacity(max(1, capacity))
    }

    /// Records `id`; false when it was already among the recent ones.
    mutating func insert(_ id: String) -> Bool {
        guard members.insert(id).inserted else { return false }
        if let evicted = order[next] { members.remove(evicted) }
        order[next] = id
        next = (next + 1) % order.count
        return true
    }
}
