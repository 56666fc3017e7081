/// A notification's correlation id as a small value to remember: the platform's ids are UUIDs,
/// kept as their 128 bits (either case of hex digit is the same id); an id of any other shape is
/// kept as its text. Comparing and hashing two words costs far less than hashing text, and
/// de-duplication does it for every event.
public enum CorrelationKey: Hashable, Sendable {
    case uuid(UInt64, UInt64)
    /// A correlation id of another shape, kept as is.
    case text(String)

    public init(_ id: String) {
        self = Self.uuidBits(id).map { .uuid($0.high, $0.low) } ?? .text(id)
    }

    /// 64 bits standing for the id: a UUID's two halves folded together (a random UUID's bits
    /// are random throughout), or an FNV-1a digest of any other id's text. Stable across
    /// processes.
    public var digest: UInt64 {
        switch self {
        case .uuid(let high, let low):
            return high ^ (low &* 0x9E37_79B9_7F4A_7C15)
        case .text(let text):
            return Self.fnv1a(text)
        }
    }

    /// FNV-1a, 64 bits, of `text`'s UTF-8: stable across processes, unlike `Hasher`, so a digest
    /// can be kept or compared between runs.
    public static func fnv1a(_ text: String) -> UInt64 {
        var digest: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { digest = (digest ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return digest
    }

    /// The 128 bits of `8-4-4-4-12` hex text, either case; nil for any other shape.
    static func uuidBits(_ text: String) -> (high: UInt64, low: UInt64)? {
        var text = text
        return text.withUTF8 { bytes -> (high: UInt64, low: UInt64)? in
            guard bytes.count == 36, bytes[8] == UInt8(ascii: "-"), bytes[13] == UInt8(ascii: "-"),
                bytes[18] == UInt8(ascii: "-"), bytes[23] == UInt8(ascii: "-")
            else { return nil }
            var words: (UInt64, UInt64) = (0, 0)
            var digits = 0
            for offset in 0..<36 where offset != 8 && offset != 13 && offset != 18 && offset != 23 {
                let byte = bytes[offset]
                let lowered = byte | 0x20
                let value: UInt8
                if byte &- UInt8(ascii: "0") < 10 {
                    value = byte &- UInt8(ascii: "0")
                } else if lowered &- UInt8(ascii: "a") < 6 {
                    value = lowered &- UInt8(ascii: "a") &+ 10
                } else {
                    return nil
                }
                if digits < 16 {
                    words.0 = words.0 << 4 | UInt64(value)
                } else {
                    words.1 = words.1 << 4 | UInt64(value)
                }
                digits += 1
            }
            return (words.0, words.1)
        }
    }
}
