import Foundation

/// One value of the configuration, with where it came from, read as the type its setting needs.
///
/// Each reading returns nil after reporting a problem, so a section goes on to read its other
/// settings and every problem is found in one pass.
struct SettingValue {
    let text: String
    let origin: ValueOrigin
    let path: SettingPath
    let log: ProblemLog

    /// Reports `message` about this value and returns nil, for `guard ... else { return fail(...) }`.
    func fail<T>(_ message: String) -> T? {
        log.report(origin, path, message)
        return nil
    }

    var shown: String { quoted(text) }

    /// Non-empty text, surrounding spaces removed.
    func text(describing what: String = "a value") -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return fail("is empty: give \(what).") }
        return trimmed
    }

    func integer(in range: ClosedRange<Int>) -> Int? {
        let digits = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
        guard let value = Int(digits) else {
            return fail("\(shown) is not a whole number: write digits, such as \(range.lowerBound).")
        }
        guard range.contains(value) else {
            return fail("\(value) is out of range: use \(range.lowerBound) to \(range.upperBound).")
        }
        return value
    }

    func number(in range: ClosedRange<Double>) -> Double? {
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite else {
            return fail("\(shown) is not a number: write digits, such as \(Self.format(range.lowerBound)).")
        }
        guard range.contains(value) else {
            return fail(
                "\(Self.format(value)) is out of range: use \(Self.format(range.lowerBound)) to \(Self.format(range.upperBound))."
            )
        }
        return value
    }

    func boolean() -> Bool? {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: return fail("\(shown) is not true or false.")
        }
    }

    func duration(in range: ClosedRange<Duration>) -> Duration? {
        guard let value = DurationText.parse(text) else {
            return fail("\(shown) is not a duration: \(DurationText.hint).")
        }
        guard range.contains(value) else {
            return fail(
                "\(shown) is out of range: use \(DurationText.format(range.lowerBound)) to "
                    + "\(DurationText.format(range.upperBound)).")
        }
        return value
    }

    func byteSize(in range: ClosedRange<Int>) -> Int? {
        guard let value = ByteSizeText.parse(text) else { return fail("\(shown) is not a size: \(ByteSizeText.hint).") }
        guard range.contains(value) else {
            return fail("\(shown) is out of range: use \(range.lowerBound) to \(range.upperBound) bytes.")
        }
        return value
    }

    /// One of `options`, compared without case; the answer is spelt as in `options`.
    func choice(_ options: [String]) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let match = options.first(where: { $0.caseInsensitiveCompare(trimmed) == .orderedSame }) { return match }
        let message = "\(shown) is not one of \(options.joined(separator: ", "))"
        if let suggestion = Suggestion.closest(to: trimmed, among: options) {
            return fail(message + "; did you mean \(suggestion)?")
        }
        return fail(message + ".")
    }

    func choice<Choice: RawRepresentable & CaseIterable>(_: Choice.Type) -> Choice? where Choice.RawValue == String {
        choice(Choice.allCases.map(\.rawValue)).flatMap(Choice.init(rawValue:))
    }

    static func format(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
