/// Why some text is not JSON, and where.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Byte offset of the problem in the input.
    public let offset: Int
    public let reason: String

    public var description: String { "not JSON at byte \(offset): \(reason)" }
}

extension JSONValue {
    /// Parses JSON text (RFC 8259) straight into a value, in one pass over its UTF-8 bytes.
    ///
    /// Written for the notification stream's hot path: no Foundation object graph, no bridging,
    /// strings without escapes copied once. Numbers become `Double`, as everywhere in `JSONValue`;
    /// nesting deeper than 512 levels is refused rather than risking the stack.
    public init(parsing text: String) throws(JSONParseError) {
        var text = text
        let parsed: Result<JSONValue, JSONParseError> = text.withUTF8 { bytes in
            var parser = JSONByteParser(bytes)
            return Result { () throws(JSONParseError) in try parser.parseDocument() }
        }
        self = try parsed.get()
    }

    /// Parses the JSON that `range` of `text`'s UTF-8 holds (an envelope's body, say), as if
    /// nothing else were there.
    package init(parsing text: String, range: Range<Int>) throws(JSONParseError) {
        var text = text
        let parsed: Result<JSONValue, JSONParseError> = text.withUTF8 { bytes in
            var parser = JSONByteParser(bytes, range: range)
            return Result { () throws(JSONParseError) in try parser.parseDocument() }
        }
        self = try parsed.get()
    }

    /// Parses JSON from UTF-8 bytes; see ``init(parsing:)-(String)``.
    public init(parsing bytes: [UInt8]) throws(JSONParseError) {
        let parsed: Result<JSONValue, JSONParseError> = bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONByteParser(buffer)
            return Result { () throws(JSONParseError) in try parser.parseDocument() }
        }
        self = try parsed.get()
    }
}

/// A recursive-descent JSON parser over a buffer of UTF-8 bytes.
///
/// Package-wide so that readers of known shapes (the notification models) can walk the bytes
/// themselves, value by value, and build no tree for what they read into their own fields.
package struct JSONByteParser {
    @usableFromInline package let bytes: UnsafeBufferPointer<UInt8>
    /// The offset of the next byte to read.
    @usableFromInline package var index = 0
    @usableFromInline var depth = 0
    package static let maximumDepth = 512

    @inlinable
    package init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// A parser of `bytes[range]` only, as if nothing else were there.
    @inlinable
    package init(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) {
        self.bytes = UnsafeBufferPointer(rebasing: bytes[range])
    }

    /// The next byte that is not whitespace, without consuming it; nil at the end.
    @inlinable
    package mutating func peek() -> UInt8? {
        skipWhitespace()
        return index < bytes.count ? bytes[index] : nil
    }

    /// Consumes `byte` (after whitespace) when it is next.
    @inlinable
    package mutating func consume(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        index += 1
        return true
    }

    /// Steps over one value, checking it is well-formed JSON but building nothing.
    package mutating func skipValue() throws(JSONParseError) {
        skipWhitespace()
        guard index < bytes.count else { throw failure("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            try enter()
            defer { depth -= 1 }
            index += 1
            if consume(UInt8(ascii: "}")) { return }
            repeat {
                guard peek() == UInt8(ascii: "\"") else { throw failure("expected a string key") }
                try skipString()
                guard consume(UInt8(ascii: ":")) else { throw failure("expected ':'") }
                try skipValue()
            } while consume(UInt8(ascii: ","))
            guard consume(UInt8(ascii: "}")) else {
                throw failure(index < bytes.count ? "expected ',' or '}'" : "unterminated object")
            }
        case UInt8(ascii: "["):
            try enter()
            defer { depth -= 1 }
            index += 1
            if consume(UInt8(ascii: "]")) { return }
            repeat { try skipValue() } while consume(UInt8(ascii: ","))
            guard consume(UInt8(ascii: "]")) else {
                throw failure(index < bytes.count ? "expected ',' or ']'" : "unterminated array")
            }
        case UInt8(ascii: "\""): try skipString()
        default: _ = try parseValue()
        }
    }

    /// Steps over a string starting at its opening quote, checking its escapes, making no `String`.
    /// Returns whether the string has escapes (its bytes are then not its text).
    @discardableResult
    @inlinable
    package mutating func skipString() throws(JSONParseError) -> Bool {
        let start = index
        index = Self.plainRunEnd(bytes, from: index + 1)
        guard index < bytes.count else { throw failure("unterminated string") }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            index += 1
            return false
        case UInt8(ascii: "\\"):
            // Rare: let the full string parser check the escapes.
            index = start
            _ = try parseString()
            return true
        default: throw failure("control character in a string")
        }
    }

    /// The offset of the first byte from `start` on that ends a plain run of string text: a
    /// quote, a backslash or a control character (or the end). Eight bytes at a time: strings in
    /// event bodies are mostly ids and times, 24 to 36 bytes long.
    @inlinable
    package static func plainRunEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        if let base = bytes.baseAddress {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            while index + 8 <= bytes.count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                let quote = word ^ (ones &* 0x22)
                let backslash = word ^ (ones &* 0x5C)
                // A byte is zero in `x` exactly when (x - 1) borrows into its high bit while x's
                // own high bit is clear; bytes below 0x20 likewise against 0x20.
                let special =
                    ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)
                if special & highs != 0 { break }
                index += 8
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { return index }
            index += 1
        }
        return index
    }

    package mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard index == bytes.count else { throw failure("unexpected text after the value") }
        return value
    }

    @inlinable
    package func failure(_ reason: String) -> JSONParseError { JSONParseError(offset: index, reason: reason) }

    @inlinable
    package mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    package mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard index < bytes.count else { throw failure("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        default:
            throw failure("unexpected character")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw failure("unexpected end of input") }
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: count)
        for offset in 0..<count where bytes[index + offset] != expected[offset] {
            throw failure("unknown literal")
        }
        index += count
    }

    @inlinable
    package mutating func enter() throws(JSONParseError) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw failure("nested deeper than \(Self.maximumDepth) levels") }
    }

    @inlinable
    package mutating func leave() { depth -= 1 }

    private mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var object: [String: JSONValue] = [:]
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw failure("expected a string key")
            }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("expected ':'") }
            index += 1
            skipWhitespace()
            object[key] = try parseValue()
            skipWhitespace()
            guard index < bytes.count else { throw failure("unterminated object") }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                return .object(object)
            default: throw failure("expected ',' or '}'")
            }
        }
    }

    private mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var array: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(array)
        }
        while true {
            skipWhitespace()
            array.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else { throw failure("unterminated array") }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return .array(array)
            default: throw failure("expected ',' or ']'")
            }
        }
    }

    /// A string starting at the opening quote. Text without escapes is copied once; escapes are
    /// decoded into a byte buffer.
    @inlinable
    package mutating func parseString() throws(JSONParseError) -> String {
        index += 1
        let start = index
        index = Self.plainRunEnd(bytes, from: index)
        guard index < bytes.count else { throw failure("unterminated string") }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            index += 1
            return text
        case UInt8(ascii: "\\"): return try parseEscapedString(from: start)
        default: throw failure("control character in a string")
        }
    }

    @usableFromInline
    mutating func parseEscapedString(from start: Int) throws(JSONParseError) -> String {
        var output = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: output, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw failure("unterminated escape") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(escape)
                case UInt8(ascii: "b"): output.append(0x08)
                case UInt8(ascii: "f"): output.append(0x0C)
                case UInt8(ascii: "n"): output.append(0x0A)
                case UInt8(ascii: "r"): output.append(0x0D)
                case UInt8(ascii: "t"): output.append(0x09)
                case UInt8(ascii: "u"): appendUTF8(of: try parseUnicodeEscape(), to: &output)
                default: throw failure("unknown escape")
                }
            case 0..<0x20:
                throw failure("control character in a string")
            default:
                output.append(byte)
                index += 1
            }
        }
        throw failure("unterminated string")
    }

    /// The scalar of `\uXXXX` (the `\u` already read), joining a surrogate pair; a lone surrogate
    /// becomes U+FFFD, as lenient decoders do.
    private mutating func parseUnicodeEscape() throws(JSONParseError) -> Unicode.Scalar {
        let first = try parseHex4()
        if (0xD800...0xDBFF).contains(first), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
            bytes[index + 1] == UInt8(ascii: "u")
        {
            let saved = index
            index += 2
            let second = try parseHex4()
            if (0xDC00...0xDFFF).contains(second) {
                let value = 0x10000 + ((UInt32(first) - 0xD800) << 10) + (UInt32(second) - 0xDC00)
                return Unicode.Scalar(value) ?? "\u{FFFD}"
            }
            index = saved
        }
        return Unicode.Scalar(UInt32(first)) ?? "\u{FFFD}"
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt16 {
        guard index + 4 <= bytes.count else { throw failure("short \\u escape") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("bad hex digit in \\u escape")
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    private func appendUTF8(of scalar: Unicode.Scalar, to output: inout [UInt8]) {
        // Encoding a scalar as UTF-8 cannot fail; the optional is the codec's general signature.
        if let units = UTF8.encode(scalar) { output.append(contentsOf: units) }
    }

    /// A number per the JSON grammar. Integers of up to 15 digits are computed directly; anything
    /// else goes through `Double`'s own parser.
    @inlinable
    package mutating func parseNumber() throws(JSONParseError) -> Double {
        let start = index
        var negative = false
        if bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        guard index < bytes.count, isDigit(bytes[index]) else { throw failure("expected a digit") }
        var integer: Int64 = 0
        var digits = 0
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            digits = 1
        } else {
            while index < bytes.count, isDigit(bytes[index]) {
                integer = integer &* 10 &+ Int64(bytes[index] - UInt8(ascii: "0"))
                digits += 1
                index += 1
            }
        }
        var simple = digits <= 15
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            simple = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure("expected a digit after '.'") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            simple = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure("expected an exponent") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if simple { return negative ? -Double(integer) : Double(integer) }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text) else { throw JSONParseError(offset: start, reason: "number out of range") }
        return value
    }

    @usableFromInline
    func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }
}
