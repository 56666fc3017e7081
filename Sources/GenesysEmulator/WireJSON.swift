import Foundation

/// JSON the emulator writes, with object keys kept in the order given, as the platform's
/// serialiser does.
public indirect enum WireJSON: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral,
    ExpressibleByFloatLiteral
{
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([WireJSON])
    case object([(String, WireJSON)])

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: WireJSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, WireJSON)...) { self = .object(elements) }
    public init(nilLiteral: ()) { self = .null }

    public static func == (lhs: WireJSON, rhs: WireJSON) -> Bool { lhs.serialized() == rhs.serialized() }
    public func hash(into hasher: inout Hasher) { hasher.combine(serialized()) }

    /// `.string(date)` in the platform's format: ISO-8601 UTC with milliseconds.
    public static func date(_ date: Date) -> WireJSON { .string(WireJSON.format(date)) }

    public static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// Drops keys whose value is `null`, as the platform omits absent fields.
    public var compacted: WireJSON {
        switch self {
        case .object(let pairs):
            .object(
                pairs.compactMap { key, value in
                    if case .null = value { return nil }
                    return (key, value.compacted)
                })
        case .array(let values): .array(values.map(\.compacted))
        default: self
        }
    }

    public func serialized() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    public var bytes: [UInt8] {
        var out: [UInt8] = []
        write(into: &out)
        return out
    }

    /// Writes UTF-8 bytes: appending to a byte array costs far less than growing a `String`
    /// piece by piece, and the emulator serialises every event it publishes.
    func write(into out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value): Self.writeInteger(value, into: &out)
        case .double(let value):
            if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
                Self.writeInteger(Int(value), into: &out)
            } else if value.isFinite {
                out.append(contentsOf: String(value).utf8)
            } else {
                out.append(contentsOf: "null".utf8)
            }
        case .string(let value): Self.writeString(value, into: &out)
        case .array(let values):
            out.append(UInt8(ascii: "["))
            for index in values.indices {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                values[index].write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            out.append(UInt8(ascii: "{"))
            for index in pairs.indices {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(pairs[index].0, into: &out)
                out.append(UInt8(ascii: ":"))
                pairs[index].1.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func writeInteger(_ value: Int, into out: inout [UInt8]) {
        // Up to 15 digits fit a small string: no allocation.
        out.append(contentsOf: String(value).utf8)
    }

    static func writeString(_ value: String, into out: inout [UInt8]) {
        var value = value
        value.withUTF8 { writeString(utf8: $0, into: &out) }
    }

    private static func writeString(utf8 bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most strings (ids, names, dates) need no escape: copied whole, from the string's own
        // contiguous bytes (its UTF-8 view's iterator cost more than the rest of the write).
        if !bytes.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }) {
            out.append(contentsOf: bytes)
            out.append(UInt8(ascii: "\""))
            return
        }
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\n"): out.append(contentsOf: #"\n"#.utf8)
            case UInt8(ascii: "\r"): out.append(contentsOf: #"\r"#.utf8)
            case UInt8(ascii: "\t"): out.append(contentsOf: #"\t"#.utf8)
            case ..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            default:
                // Multi-byte characters pass through as their UTF-8 bytes.
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
