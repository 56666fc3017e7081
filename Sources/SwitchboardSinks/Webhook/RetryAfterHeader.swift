import Foundation

/// An HTTP `Retry-After` value (RFC 9110 §10.2.3): delay seconds, or an HTTP-date.
enum RetryAfterHeader {
    /// The pause `value` asks for, measured from `now`; a date in the past asks for none. Nil
    /// for a value that is neither form, which the queue's own back-off then covers.
    static func parse(_ value: String, now: Date) -> Duration? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            // Beyond Int64 is "a very long time": clamped, and the queue gives the batch up.
            return .seconds(Int64(text) ?? Int64.max / 1_000_000_000_000)
        }
        guard let date = httpDate(text) else { return nil }
        let seconds = date.timeIntervalSince(now)
        return seconds > 0 ? .milliseconds(Int64((seconds * 1000).rounded(.up))) : .zero
    }

    /// IMF-fixdate, and the obsolete RFC 850 and asctime forms that recipients must still accept.
    static func httpDate(_ text: String) -> Date? {
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            // Made per call: a formatter is not Sendable, and a Retry-After is rare.
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
