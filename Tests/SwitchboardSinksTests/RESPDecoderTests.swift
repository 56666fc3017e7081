import NIOCore
import Testing

@testable import SwitchboardSinks

@Suite("RESP2 decoder")
struct RESPDecoderTests {
    /// Every whole reply in `wire`, fed `chunk` bytes at a time into one growing buffer, the way
    /// a channel delivers reads.
    static func decode(_ wire: String, chunk: Int = .max, limits: RESPDecoder.Limits = .init()) throws -> [RESPValue] {
        var decoder = RESPDecoder(limits: limits)
        var buffer = ByteBuffer()
        var replies: [RESPValue] = []
        var rest = Array(wire.utf8)[...]
        repeat {
            buffer.writeBytes(rest.prefix(chunk))
            rest = rest.dropFirst(chunk)
            while let reply = try decoder.decode(buffer: &buffer) { replies.append(reply) }
        } while !rest.isEmpty
        #expect(buffer.readableBytes == 0, "every byte of \(wire.debugDescription) should be consumed")
        return replies
    }

    static func protocolError(_ wire: String, limits: RESPDecoder.Limits = .init()) -> RESPProtocolError? {
        do {
            _ = try decode(wire, limits: limits)
            return nil
        } catch {
            return error as? RESPProtocolError
        }
    }

    @Test("each of the five RESP2 types decodes to its value")
    func everyType() throws {
        #expect(try Self.decode("+OK\r\n") == [.simpleString("OK")])
        #expect(try Self.decode("-ERR unknown command 'FOO'\r\n") == [.error("ERR unknown command 'FOO'")])
        #expect(try Self.decode(":1000\r\n:-42\r\n:0\r\n") == [.integer(1000), .integer(-42), .integer(0)])
        #expect(try Self.decode("$5\r\nhello\r\n") == [.bulkString("hello")])
        #expect(try Self.decode("$0\r\n\r\n") == [.bulkString("")])
        #expect(try Self.decode("*2\r\n$3\r\nfoo\r\n:7\r\n") == [.array([.bulkString("foo"), .integer(7)])])
        #expect(try Self.decode("*0\r\n") == [.array([])])
    }

    @Test("null bulk string and null array decode to nil payloads")
    func nulls() throws {
        #expect(try Self.decode("$-1\r\n*-1\r\n") == [.bulkString(nil), .array(nil)])
        #expect(try Self.decode("$-1\r\n")[0].isNull)
        #expect(try Self.decode("*-1\r\n")[0].isNull)
    }

    @Test("a bulk string may hold CRLF and any bytes: its length, not a terminator, bounds it")
    func binarySafeBulkString() throws {
        #expect(try Self.decode("$8\r\na\r\nb\r\n:1\r\n") == [.bulkString("a\r\nb\r\n:1")])
        #expect(try Self.decode("$4\r\nh\u{e9}!\r\n") == [.bulkString("h\u{e9}!")])
    }

    @Test("nested arrays with nulls inside decode to the same tree")
    func nestedArrays() throws {
        let wire = "*3\r\n*2\r\n$2\r\nid\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n$-1\r\n*1\r\n*0\r\n"
        let expected: RESPValue = .array([
            .array([.bulkString("id"), .array([.bulkString("f"), .bulkString("v")])]),
            .bulkString(nil),
            .array([.array([])]),
        ])
        #expect(try Self.decode(wire) == [expected])
    }

    @Test("replies split at every byte boundary decode the same as whole")
    func oneByteAtATime() throws {
        let wire =
            "+OK\r\n-ERR x\r\n:-9223372036854775808\r\n$5\r\nhello\r\n$-1\r\n*-1\r\n"
            + "*2\r\n*1\r\n$3\r\nabc\r\n:12\r\n$0\r\n\r\n"
        let whole = try Self.decode(wire)
        #expect(whole.count == 8)
        #expect(whole[2] == .integer(.min))
        #expect(try Self.decode(wire, chunk: 1) == whole)
        for chunk in 2...7 { #expect(try Self.decode(wire, chunk: chunk) == whole, "chunk \(chunk)") }
    }

    @Test("an incomplete reply returns nil and waits for the rest")
    func needsMoreData() throws {
        var decoder = RESPDecoder()
        var buffer = ByteBuffer(string: "*2\r\n$3\r\nfoo\r\n$3\r\nba")
        #expect(try decoder.decode(buffer: &buffer) == nil)
        buffer.writeString("r\r\n")
        #expect(try decoder.decode(buffer: &buffer) == .array([.bulkString("foo"), .bulkString("bar")]))
        #expect(try decoder.decode(buffer: &buffer) == nil)
    }

    @Test("bytes of an unfinished reply left when the connection ends are reported as a truncated reply")
    func truncatedAtEnd() throws {
        var decoder = RESPDecoder()
        var buffer = ByteBuffer(string: "*2\r\n:1\r\n")
        #expect(throws: RESPDecoder.TruncatedReply()) { try decoder.decodeLast(buffer: &buffer, seenEOF: true) }
        var whole = ByteBuffer(string: ":1\r\n")
        var fresh = RESPDecoder()
        #expect(try fresh.decodeLast(buffer: &whole, seenEOF: true) == .integer(1))
        #expect(try fresh.decodeLast(buffer: &whole, seenEOF: true) == nil)
    }

    @Test("a byte that starts no RESP type is refused, naming the byte")
    func unknownType() {
        let error = Self.protocolError("HTTP/1.1 400 Bad Request\r\n")
        #expect(error == .unknownTypeByte(UInt8(ascii: "H")))
        #expect(error?.description == "Redis protocol error: expected a RESP type byte (+ - : $ *), found 0x48 ('H')")
        #expect(Self.protocolError("\u{16}\u{03}") == .unknownTypeByte(0x16))
    }

    @Test("malformed integers and lengths are refused, quoting what was found")
    func malformedNumbers() {
        #expect(Self.protocolError(":12a\r\n") == .invalidInteger(found: "12a"))
        #expect(Self.protocolError(":\r\n") == .invalidInteger(found: ""))
        #expect(Self.protocolError(":99999999999999999999\r\n") == .invalidInteger(found: "99999999999999999999"))
        #expect(Self.protocolError("$abc\r\n") == .invalidLength(type: "bulk string", found: "abc"))
        #expect(Self.protocolError("$-2\r\n") == .invalidLength(type: "bulk string", found: "-2"))
        #expect(Self.protocolError("*x\r\n") == .invalidLength(type: "array", found: "x"))
        #expect(
            Self.protocolError("$1x\r\n")?.description
                == "Redis protocol error: expected a bulk string length (-1 or more), found \"1x\"")
    }

    @Test("a line end other than CRLF is refused")
    func missingCRLF() {
        #expect(Self.protocolError("+OK\rX") == .missingCRLF(after: "a line", found: "CR then 0x58 ('X')"))
        #expect(
            Self.protocolError("$3\r\nfooXY") == .missingCRLF(after: "a bulk string of 3 bytes", found: "\"XY\""))
    }

    @Test("bulk strings, arrays, nesting and lines beyond the limits are refused before allocating")
    func limits() {
        let limits = RESPDecoder.Limits(
            maxBulkStringLength: 10, maxArrayCount: 3, maxNestingDepth: 2, maxLineLength: 16)
        #expect(Self.protocolError("$11\r\n", limits: limits) == .bulkStringTooLong(length: 11, limit: 10))
        #expect(Self.protocolError("*4\r\n", limits: limits) == .arrayTooLong(count: 4, limit: 3))
        #expect(Self.protocolError("*1\r\n*1\r\n*1\r\n", limits: limits) == .nestedTooDeep(limit: 2))
        #expect(Self.protocolError("+" + String(repeating: "a", count: 17), limits: limits) == .lineTooLong(limit: 16))
        #expect((try? Self.decode("$10\r\n0123456789\r\n*3\r\n:1\r\n:2\r\n:3\r\n", limits: limits))?.count == 2)
    }

    @Test("the default limits match Redis: 512 MiB bulk strings")
    func defaultLimits() {
        #expect(RESPDecoder.Limits().maxBulkStringLength == 512 * 1024 * 1024)
        #expect(Self.protocolError("$536870913\r\n") == .bulkStringTooLong(length: 536_870_913, limit: 536_870_912))
        #expect(Self.protocolError("*9223372036854775807\r\n") == .arrayTooLong(count: .max, limit: 1_048_576))
    }
}
