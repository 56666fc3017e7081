import Foundation

/// Durations as people write them in the file: `500ms`, `3s`, `5m`, `1h`, `1.5s`; a bare number
/// is seconds.
enum DurationText {
    static let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3_600)]

    static let hint = "write a number and a unit, such as 500ms, 3s, 5m or 1h (a bare number is seconds)"

    /// The duration, or nil when the text is not one.
    static func parse(_ text: String) -> Duration? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var number = Substring(trimmed)
        var scale = 1.0
        // "ms" before "m" and "s": the longest suffix that matches wins.
        for unit in units.sorted(by: { $0.suffix.count > $1.suffix.count }) where trimmed.hasSuffix(unit.suffix) {
            number = trimmed.dropLast(unit.suffix.count)
            scale = unit.seconds
            break
        }
        let digits = number.trimmingCharacters(in: .whitespaces)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            let value = Double(digits), value.isFinite
        else { return nil }
        let milliseconds = (value * scale * 1_000).rounded()
        guard milliseconds <= Double(Int64.max / 1_000_000) else { return nil }
        return .milliseconds(Int64(milliseconds))
    }

    /// The shortest exact spelling: `500ms`, `3s`, `5m`, `1h`, `90s`.
    static func format(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1_000 + duration.components.attoseconds / 1_000_000_000_000_000
        if milliseconds % 1_000 != 0 { return "\(milliseconds)ms" }
        let seconds = milliseconds / 1_000
        if seconds != 0, seconds % 3_600 == 0 { return "\(seconds / 3_600)h" }
        if seconds != 0, seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }
}
