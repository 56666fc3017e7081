import Foundation
import GenesysCloud

/// Date parsing for event bodies, on the hot path of every notification.
///
/// Bodies carry ISO-8601 UTC times with milliseconds (`2024-12-30T09:46:54.839Z`). Those are read
/// by hand, which is much faster than a format style; anything else (an offset, no fraction)
/// goes to the general parser. Package-wide so pipeline records write times the same way.
package enum EventDate {
    package static func parse(_ text: String) -> Date? {
        fastParse(text) ?? GenesysJSON.parseDate(text)
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ`, rounded to the millisecond. A format style truncates instead, so a
    /// parsed `.123` (stored as `.12299…`) would come back as `.122` and break the round trip.
    package static func format(_ date: Date) -> String {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        guard milliseconds.isFinite, abs(milliseconds) < 1e17 else { return GenesysJSON.formatDate(date) }
        let total = Int(milliseconds)
        let days = total >= 0 ? total / 86_400_000 : -((-total + 86_399_999) / 86_400_000)
        let ofDay = total - days * 86_400_000
        let (year, month, day) = civilFromDays(days)
        guard (0...9_999).contains(year) else { return GenesysJSON.formatDate(date) }
        // Digits written by hand, straight into the string's storage: `String(format:)` goes
        // through Foundation's formatter, which cost more than the rest of a delivery.
        return String(unsafeUninitializedCapacity: 24) { bytes in
            func put(_ value: Int, _ width: Int, at offset: Int) {
                var value = value
                for index in stride(from: offset + width - 1, through: offset, by: -1) {
                    bytes[index] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
            }
            put(year, 4, at: 0)
            bytes[4] = UInt8(ascii: "-")
            put(month, 2, at: 5)
            bytes[7] = UInt8(ascii: "-")
            put(day, 2, at: 8)
            bytes[10] = UInt8(ascii: "T")
            put(ofDay / 3_600_000, 2, at: 11)
            bytes[13] = UInt8(ascii: ":")
            put(ofDay / 60_000 % 60, 2, at: 14)
            bytes[16] = UInt8(ascii: ":")
            put(ofDay / 1_000 % 60, 2, at: 17)
            bytes[19] = UInt8(ascii: ".")
            put(ofDay % 1_000, 3, at: 20)
            bytes[23] = UInt8(ascii: "Z")
            return 24
        }
    }

    /// `start/end`, as analytics writes an interval; nil unless both are dates.
    static func parseInterval(_ text: String) -> (start: Date, end: Date)? {
        var text = text
        let fast: (Date, Date)?? = text.withUTF8 { bytes in
            guard let slash = bytes.firstIndex(of: UInt8(ascii: "/")) else { return .some(nil) }
            guard let start = parse(UnsafeBufferPointer(rebasing: bytes[..<slash])),
                let end = parse(UnsafeBufferPointer(rebasing: bytes[(slash + 1)...]))
            else { return nil }
            return (start, end)
        }
        if let fast { return fast }
        // Not the usual shape: the general parser on each half.
        guard let slash = text.firstIndex(of: "/"), let start = parse(String(text[..<slash])),
            let end = parse(String(text[text.index(after: slash)...]))
        else { return nil }
        return (start, end)
    }

    /// Epoch milliseconds, as detail events write times.
    static func fromEpochMilliseconds(_ milliseconds: Int) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fraction]Z`, or `nil` for any other shape.
    static func fastParse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    /// The fast shape only, from the text's UTF-8 bytes.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        guard bytes.count >= 20, bytes[bytes.count - 1] == UInt8(ascii: "Z"), bytes[4] == UInt8(ascii: "-"),
            bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"),
            bytes[16] == UInt8(ascii: ":")
        else { return nil }
        func number(_ start: Int, _ length: Int) -> Int? {
            var value = 0
            for index in start..<(start + length) {
                let digit = Int(bytes[index]) - 48
                guard digit >= 0, digit <= 9 else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
            let minute = number(14, 2), let second = number(17, 2), (1...12).contains(month), (1...31).contains(day),
            hour < 24, minute < 60, second < 61
        else { return nil }
        var fraction = 0.0
        let end = bytes.count - 1
        if end > 19 {
            // Up to nanoseconds; a longer fraction goes to the general parser.
            guard bytes[19] == UInt8(ascii: "."), end > 20, end - 20 <= 9, let digits = number(20, end - 20) else {
                return nil
            }
            var divisor = 1.0
            for _ in 20..<end { divisor *= 10 }
            fraction = Double(digits) / divisor
        } else if end != 19 {
            return nil
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Double(days * 86_400 + hour * 3_600 + minute * 60 + second)
        return Date(timeIntervalSince1970: seconds + fraction)
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date of a day count since 1970-01-01 (the inverse of ``daysFromCivil(year:month:day:)``).
    private static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
