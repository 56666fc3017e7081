import NIOCore

/// An incremental RESP2 decoder: feed it bytes as they arrive, take out whole replies.
///
/// `decode(buffer:)` returns `nil` until a whole reply has arrived, and never allocates more than
/// ``Limits`` allow, whatever a server sends. Elements of an array are taken out of the buffer as
/// each completes, so a large reply split over many reads is decoded once rather than re-parsed
/// from its start on every read.
public struct RESPDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = RESPValue

    /// Bounds that keep a faulty or hostile server from making us allocate without limit.
    public struct Limits: Sendable, Hashable {
        /// Redis itself refuses bulk strings above 512 MiB (`proto-max-bulk-len`).
        public var maxBulkStringLength: Int
        /// Redis refuses requests of more than 1,048,576 arguments; replies rarely come near it.
        public var maxArrayCount: Int
        /// Real replies nest a few levels (`XREAD`: 4); deeper means a broken stream.
        public var maxNestingDepth: Int
        /// Header and simple-string lines are short; this bounds the search for their CRLF.
        public var maxLineLength: Int

        public init(
            maxBulkStringLength: Int = 512 * 1024 * 1024,
            maxArrayCount: Int = 1_048_576,
            maxNestingDepth: Int = 32,
            maxLineLength: Int = 64 * 1024
        ) {
            self.maxBulkStringLength = maxBulkStringLength
            self.maxArrayCount = maxArrayCount
            self.maxNestingDepth = maxNestingDepth
            self.maxLineLength = maxLineLength
        }
    }

    public let limits: Limits
    /// Arrays whose elements are still arriving, outermost first.
    private var openArrays: [OpenArray] = []

    private struct OpenArray {
        var count: Int
        var elements: [RESPValue]
    }

    private enum Element {
        case value(RESPValue)
        case arrayHeader(count: Int)
    }

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// The next whole reply in `buffer`, or `nil` when more bytes are needed.
    ///
    /// Consumes the bytes of every element it completes, even when it returns `nil`.
    /// - Throws: ``RESPProtocolError`` when the bytes are not RESP2 or exceed ``limits``. The
    ///   stream cannot be trusted after that: close the connection.
    public mutating func decode(buffer: inout ByteBuffer) throws -> RESPValue? {
        while let element = try readElement(from: &buffer) {
            switch element {
            case .arrayHeader(let count):
                guard openArrays.count < limits.maxNestingDepth else {
                    throw RESPProtocolError.nestedTooDeep(limit: limits.maxNestingDepth)
                }
                var elements: [RESPValue] = []
                // The count is the server's word: reserve a little, grow as elements really arrive.
                elements.reserveCapacity(min(count, 1024))
                openArrays.append(OpenArray(count: count, elements: elements))
            case .value(let value):
                if let reply = attach(value) { return reply }
            }
        }
        return nil
    }

    /// Like `decode(buffer:)`, for the bytes left when the connection ends.
    ///
    /// - Throws: ``TruncatedReply`` when they hold part of a reply, so the waiting command can be
    ///   told that the connection ended mid-reply rather than that it merely closed.
    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> RESPValue? {
        if let reply = try decode(buffer: &buffer) { return reply }
        guard buffer.readableBytes == 0, openArrays.isEmpty else { throw TruncatedReply() }
        return nil
    }

    /// The connection ended in the middle of a reply.
    public struct TruncatedReply: Error, Hashable {}

    /// Adds `value` to the innermost open array, closing every array it completes; returns the
    /// top-level reply once it is whole.
    private mutating func attach(_ value: RESPValue) -> RESPValue? {
        var completed = value
        while let innermost = openArrays.indices.last {
            openArrays[innermost].elements.append(completed)
            guard openArrays[innermost].elements.count == openArrays[innermost].count else { return nil }
            completed = .array(openArrays.removeLast().elements)
        }
        return completed
    }

    private func readElement(from buffer: inout ByteBuffer) throws -> Element? {
        guard let type = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else { return nil }
        switch type {
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "$"), UInt8(ascii: "*"):
            break
        default:
            throw RESPProtocolError.unknownTypeByte(type)
        }
        guard let lineLength = try lineLength(in: buffer) else { return nil }
        let line = buffer.readableBytesView.dropFirst().prefix(lineLength)
        let headerLength = 1 + lineLength + 2
        switch type {
        case UInt8(ascii: "+"):
            buffer.moveReaderIndex(forwardBy: headerLength)
            return .value(.simpleString(String(decoding: line, as: UTF8.self)))
        case UInt8(ascii: "-"):
            buffer.moveReaderIndex(forwardBy: headerLength)
            return .value(.error(String(decoding: line, as: UTF8.self)))
        case UInt8(ascii: ":"):
            guard let value = Self.parseInteger(line) else {
                throw RESPProtocolError.invalidInteger(found: RESPProtocolError.excerpt(line))
            }
            buffer.moveReaderIndex(forwardBy: headerLength)
            return .value(.integer(value))
        case UInt8(ascii: "$"):
            return try readBulkString(from: &buffer, length: length(of: line, type: "bulk string"), headerLength)
        default:
            let count = try length(of: line, type: "array")
            guard count <= limits.maxArrayCount else {
                throw RESPProtocolError.arrayTooLong(count: count, limit: limits.maxArrayCount)
            }
            buffer.moveReaderIndex(forwardBy: headerLength)
            switch count {
            case -1: return .value(.array(nil))
            case 0: return .value(.array([]))
            default: return .arrayHeader(count: Int(count))
            }
        }
    }

    private func readBulkString(from buffer: inout ByteBuffer, length: Int64, _ headerLength: Int) throws -> Element? {
        if length == -1 {
            buffer.moveReaderIndex(forwardBy: headerLength)
            return .value(.bulkString(nil))
        }
        guard length <= limits.maxBulkStringLength else {
            throw RESPProtocolError.bulkStringTooLong(length: length, limit: limits.maxBulkStringLength)
        }
        let bodyLength = Int(length)
        guard buffer.readableBytes >= headerLength + bodyLength + 2 else { return nil }
        let endIndex = buffer.readerIndex + headerLength + bodyLength
        guard buffer.getInteger(at: endIndex, as: UInt8.self) == UInt8(ascii: "\r"),
            buffer.getInteger(at: endIndex + 1, as: UInt8.self) == UInt8(ascii: "\n")
        else {
            let found = buffer.getBytes(at: endIndex, length: 2) ?? []
            throw RESPProtocolError.missingCRLF(
                after: "a bulk string of \(bodyLength) bytes", found: "\"\(RESPProtocolError.excerpt(found))\"")
        }
        buffer.moveReaderIndex(forwardBy: headerLength)
        let body = buffer.readSlice(length: bodyLength)
        buffer.moveReaderIndex(forwardBy: 2)
        return .value(.bulkString(body))
    }

    /// The length of the line after the type byte, without its CRLF, or `nil` while the CRLF has
    /// not arrived.
    private func lineLength(in buffer: ByteBuffer) throws -> Int? {
        let afterType = buffer.readableBytesView.dropFirst()
        let searched = afterType.prefix(limits.maxLineLength + 1)
        guard let carriageReturn = searched.firstIndex(of: UInt8(ascii: "\r")) else {
            if searched.count > limits.maxLineLength {
                throw RESPProtocolError.lineTooLong(limit: limits.maxLineLength)
            }
            return nil
        }
        let length = afterType.distance(from: afterType.startIndex, to: carriageReturn)
        let next = afterType.index(after: carriageReturn)
        guard next < afterType.endIndex else { return nil }
        guard afterType[next] == UInt8(ascii: "\n") else {
            throw RESPProtocolError.missingCRLF(
                after: "a line", found: "CR then \(RESPProtocolError.show(afterType[next]))")
        }
        return length
    }

    private func length(of line: some Collection<UInt8>, type: String) throws -> Int64 {
        guard let length = Self.parseInteger(line), length >= -1 else {
            throw RESPProtocolError.invalidLength(type: type, found: RESPProtocolError.excerpt(line))
        }
        return length
    }

    /// Strict decimal: an optional `-` and at least one digit, within `Int64`.
    private static func parseInteger(_ bytes: some Collection<UInt8>) -> Int64? {
        var digits = bytes[...]
        let negative = digits.first == UInt8(ascii: "-")
        if negative { digits = digits.dropFirst() }
        guard !digits.isEmpty else { return nil }
        var value: Int64 = 0
        for byte in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            let digit = Int64(byte - UInt8(ascii: "0"))
            let (shifted, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowB) =
                negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            guard !overflowA, !overflowB else { return nil }
            value = next
        }
        return value
    }
}
