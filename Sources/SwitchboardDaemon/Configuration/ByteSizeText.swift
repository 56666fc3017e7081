import Foundation

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
