/// Bytes from the server that are not RESP2, or that exceed the decoder's limits.
///
/// Each case names what was found, so a log line is enough to tell a wrong port (an HTTP or TLS
/// server answering) from a corrupt stream or a reply too large to accept.
public enum RESPProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The first byte of a value is none of `+ - : $ *`.
    case unknownTypeByte(UInt8)
    /// A `:` line whose text is not a 64-bit decimal integer.
    case invalidInteger(found: String)
    /// A `$` or `*` line whose length is not a decimal integer of at least -1.
    case invalidLength(type: String, found: String)
    /// A line end that is not CRLF: `found` is what stood where `\r\n` belongs.
    case missingCRLF(after: String, found: String)
    /// A header or simple-string line with no CRLF within the line limit.
    case lineTooLong(limit: Int)
    /// A bulk string longer than the decoder accepts.
    case bulkStringTooLong(length: Int64, limit: Int)
    /// An array with more elements than the decoder accepts.
    case arrayTooLong(count: Int64, limit: Int)
    /// Arrays nested deeper than the decoder accepts.
    case nestedTooDeep(limit: Int)

    public var description: String {
        let problem =
            switch self {
            case .unknownTypeByte(let byte):
                "expected a RESP type byte (+ - : $ *), found \(Self.show(byte))"
            case .invalidInteger(let found):
                "expected a decimal integer after ':', found \"\(found)\""
            case .invalidLength(let type, let found):
                "expected a \(type) length (-1 or more), found \"\(found)\""
            case .missingCRLF(let after, let found):
                "expected CRLF after \(after), found \(found)"
            case .lineTooLong(let limit):
                "no CRLF within \(limit) bytes of a line"
            case .bulkStringTooLong(let length, let limit):
                "bulk string of \(length) bytes exceeds the limit of \(limit) bytes"
            case .arrayTooLong(let count, let limit):
                "array of \(count) elements exceeds the limit of \(limit) elements"
            case .nestedTooDeep(let limit):
                "arrays nested deeper than \(limit) levels"
            }
        return "Redis protocol error: \(problem)"
    }

    /// A byte as hex, with its character when printable, e.g. `0x48 ('H')`.
    static func show(_ byte: UInt8) -> String {
        let hex = String(byte, radix: 16, uppercase: true)
        let padded = hex.count == 1 ? "0x0\(hex)" : "0x\(hex)"
        guard (0x20..<0x7F).contains(byte) else { return padded }
        return "\(padded) ('\(Character(Unicode.Scalar(byte)))')"
    }

    /// At most 32 bytes of `bytes` as text, control bytes escaped, so an error never floods a log.
    static func excerpt(_ bytes: some Collection<UInt8>) -> String {
        var text = ""
        for byte in bytes.prefix(32) {
            switch byte {
            case UInt8(ascii: "\r"): text += "\\r"
            case UInt8(ascii: "\n"): text += "\\n"
            case UInt8(ascii: "\""): text += "\\\""
            case 0x20..<0x7F: text.append(Character(Unicode.Scalar(byte)))
            default: text += "\\x" + String(byte, radix: 16, uppercase: true)
            }
        }
        return bytes.count > 32 ? text + "..." : text
    }
}
