/// Names by id, read as the boards key their entries: ids lower case.
///
/// Directory ids come from REST in whatever case the caller kept them, while the boards
/// lower-case ids from events, so both sides are compared lower case.
struct NameDirectory {
    private let names: [String: String]

    init(_ names: [String: String]) {
        var lowered: [String: String] = [:]
        lowered.reserveCapacity(names.count)
        // Sorted, so that two spellings of one id resolve the same way every time.
        for (id, name) in names.sorted(by: { $0.key < $1.key }) where !name.isEmpty {
            lowered[id.lowercased()] = lowered[id.lowercased()] ?? name
        }
        self.names = lowered
    }

    /// The name of `id`, or the id itself when there is none.
    func name(of id: String) -> String { names[id.lowercased()] ?? id }
}
