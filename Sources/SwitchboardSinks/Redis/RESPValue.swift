import NIOCore

/// One reply from a Redis server, in the RESP2 protocol's five types.
///
/// Bulk strings stay bytes (`ByteBuffer`) because Redis values are binary-safe; ``string`` reads
/// them as UTF-8 when that is what the caller stored.
public enum RESPValue: Sendable, Hashable {
    /// `+OK`: a short status line.
    case simpleString(String)
    /// `-ERR ...`: the server refused the command. The text starts with the error kind (`ERR`,
    /// `WRONGTYPE`, `EXECABORT`, ...).
    case error(String)
    /// `:42`.
    case integer(Int64)
    /// `$5 hello`; `nil` is the null bulk string (`$-1`), for example `GET` of a missing key.
    case bulkString(ByteBuffer?)
    /// `*2 ...`; `nil` is the null array (`*-1`), for example `EXEC` after a `WATCH`ed key changed.
    case array([RESPValue]?)

    /// A bulk string holding `text` as UTF-8.
    public static func bulkString(_ text: String) -> RESPValue {
        .bulkString(ByteBuffer(string: text))
    }

    /// The text of a simple or bulk string; `nil` for other types and for null.
    public var string: String? {
        switch self {
        case .simpleString(let text): text
        case .bulkString(let bytes?): String(buffer: bytes)
        default: nil
        }
    }

    /// An integer reply, or a bulk string holding a decimal integer (as `GET` of a counter does).
    public var int: Int? {
        switch self {
        case .integer(let value): Int(exactly: value)
        case .bulkString(let bytes?): Int(String(buffer: bytes))
        default: nil
        }
    }

    /// The elements of a non-null array.
    public var array: [RESPValue]? {
        if case .array(let elements?) = self { elements } else { nil }
    }

    /// Whether this is the null bulk string or the null array.
    public var isNull: Bool {
        switch self {
        case .bulkString(nil), .array(nil): true
        default: false
        }
    }
}

extension RESPValue: CustomStringConvertible {
    public var description: String {
        switch self {
        case .simpleString(let text): "+\(text)"
        case .error(let message): "-\(message)"
        case .integer(let value): ":\(value)"
        case .bulkString(nil): "(nil)"
        case .bulkString(let bytes?): "\"\(String(buffer: bytes))\""
        case .array(nil): "(nil array)"
        case .array(let elements?): "[\(elements.map(\.description).joined(separator: ", "))]"
        }
    }
}
