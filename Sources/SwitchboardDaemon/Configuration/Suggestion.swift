/// "Did you mean": the known name closest to a misspelt one, when it is close enough to be the
/// likely intent.
enum Suggestion {
    /// The candidate with the smallest edit distance to `word`, ignoring case, if that distance
    /// is small for the word's length (1 for short words, up to 3 for long ones) and no other
    /// candidate is as close.
    static func closest(to word: String, among candidates: [String]) -> String? {
        let target = Array(word.lowercased())
        let limit = max(1, min(3, target.count / 3))
        var best: (candidate: String, distance: Int)?
        var tied = false
        for candidate in candidates {
            let distance = editDistance(target, Array(candidate.lowercased()))
            guard distance <= limit else { continue }
            if let current = best, distance >= current.distance {
                if distance == current.distance, candidate != current.candidate { tied = true }
                continue
            }
            best = (candidate, distance)
            tied = false
        }
        return tied ? nil : best?.candidate
    }

    /// Levenshtein distance, with a swap of two neighbours counting as one edit (a common typo).
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previousPrevious[j - 2] + 1)
                }
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }

    /// `a, b or c`.
    static func list(_ names: [String], conjunction: String = "or") -> String {
        switch names.count {
        case 0: ""
        case 1: names[0]
        default: names.dropLast().joined(separator: ", ") + " \(conjunction) " + (names.last ?? "")
        }
    }
}
