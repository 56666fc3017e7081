import NIOCore
import Testing

@testable import SwitchboardSinks

@Suite("RESP2 command encoder")
struct RESPEncoderTests {
    @Test("a command is written as an array of bulk strings")
    func arrayOfBulkStrings() {
        let encoded = RESPEncoder.encode(command: ["SET", "key", "value"])
        #expect(String(buffer: encoded) == "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n")
    }

    @Test("bulk lengths count UTF-8 bytes, and arguments may hold CRLF and empty strings")
    func binarySafeArguments() {
        let encoded = RESPEncoder.encode(command: ["SET", "caf\u{e9}", "a\r\nb", ""])
        #expect(String(buffer: encoded) == "*4\r\n$3\r\nSET\r\n$5\r\ncaf\u{e9}\r\n$4\r\na\r\nb\r\n$0\r\n\r\n")
    }

    @Test("what the encoder writes, the decoder reads back as the same strings")
    func roundTrip() throws {
        let command = ["XADD", "stream", "MAXLEN", "~", "1000", "*", "field", "v\u{e4}lue with spaces\r\n"]
        var buffer = RESPEncoder.encode(command: command)
        RESPEncoder.encode(command: ["PING"], into: &buffer)
        var decoder = RESPDecoder()
        #expect(try decoder.decode(buffer: &buffer) == .array(command.map { .bulkString($0) }))
        #expect(try decoder.decode(buffer: &buffer) == .array([.bulkString("PING")]))
    }
}
