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

/// Sizes as people write them: `100MB`, `512KiB`, `1GB`; a bare number is bytes. `KB`, `MB`,
/// `GB` and `TB` are powers of 1,000, `KiB`, `MiB`, `GiB` and `TiB` powers of 1,024; letters
/// ignore case.
enum ByteSizeText {
    static let units: [(suffix: String, bytes: Double)] = [
        ("kib", 1_024), ("mib", 1_048_576), ("gib", 1_073_741_824), ("tib", 1_099_511_627_776),
        ("kb", 1_000), ("mb", 1_000_000), ("gb", 1_000_000_000), ("tb", 1_000_000_000_000), ("b", 1),
    ]

    static let hint = "write a number and a unit, such as 100MB, 512KiB or 1GB (a bare number is bytes)"

    static func parse(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let lowered = trimmed.lowercased()
        var number = Substring(lowered)
        var scale = 1.0
        for unit in units where lowered.hasSuffix(unit.suffix) {
            number = lowered.dropLast(unit.suffix.count)
            scale = unit.bytes
            break
        }
        let digits = number.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            let value = Double(digits), value.isFinite
        else { return nil }
        let bytes = (value * scale).rounded()
        guard bytes < Double(Int.max) else { return nil }
        return Int(bytes)
    }
}
