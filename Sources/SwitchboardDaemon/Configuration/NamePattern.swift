/// A name pattern of the `watch` section (`Support*`, `Sales - ?`): `*` stands for any run of
/// characters, `?` for one; letters compare without case. Every other character stands for
/// itself.
public struct NamePattern: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written.
    public let pattern: String
    private let folded: [Character]

    public init(_ pattern: String) {
        self.pattern = pattern
        self.folded = Array(pattern.lowercased())
    }

    /// Whether a pattern without `*` or `?` matches only one name.
    public var isLiteral: Bool { !folded.contains("*") && !folded.contains("?") }

    public var description: String { pattern }

    /// Whether `name` matches the whole pattern.
    public func matches(_ name: String) -> Bool {
        let text = Array(name.lowercased())
        // Iterative glob matching with one backtracking point: linear in practice, never
        // exponential however many stars.
        var p = 0
        var t = 0
        var star: Int?
        var starText = 0
        while t < text.count {
            if p < folded.count, folded[p] == "?" || folded[p] == text[t] {
                p += 1
                t += 1
            } else if p < folded.count, folded[p] == "*" {
                star = p
                starText = t
                p += 1
            } else if let star {
                p = star + 1
                starText += 1
                t = starText
            } else {
                return false
            }
        }
        while p < folded.count, folded[p] == "*" { p += 1 }
        return p == folded.count
    }
}
