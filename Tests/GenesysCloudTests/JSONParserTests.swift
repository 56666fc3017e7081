import Foundation
import Testing

@testable import GenesysCloud

@Suite("JSON: the one-pass parser and the skipping scanner")
struct JSONParserTests {
    static let documents = [
        #"{"topicName":"v2.users.1.presence","version":"2","eventBody":{"source":"PURECLOUD","presenceDefinition":{"id":"6a3af858","systemPresence":"ON_QUEUE"},"primary":true,"message":""},"metadata":{"CorrelationId":"c-1"}}"#,
        #"  [1, -2, 3.25, -0.5e2, 1E3, 0, -0, 123456789012345678901234, 1.7976931348623157e308]  "#,
        #"{"nested":{"deeper":[[],[{}],{"a":[null,true,false]}]},"empty":"","unicode":"Zoë ✓ 日本"}"#,
        #"{"escapes":"quote \" slash \\ \/ \b\f\n\r\t tab","hex":"\u00e9\u4e2d\ud83d\ude00"}"#,
        "{\"spaced\" :\r\n\t{ \"k\" : [ 1 , 2 ] }\n}",
    ]

    @Test("parses what JSONSerialization parses, to the same values", arguments: documents)
    func agreesWithFoundation(_ text: String) throws {
        let reference = JSONValue(
            jsonObject: try JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed))
        #expect(try JSONValue(parsing: text) == reference)
        #expect(try JSONValue(parsing: Array(text.utf8)) == reference)
    }

    @Test("decodes escapes, surrogate pairs and a lone surrogate")
    func escapes() throws {
        #expect(try JSONValue(parsing: #""a\u0041\n\ud83d\ude00""#) == .string("aA\n😀"))
        #expect(try JSONValue(parsing: #""\ud83d!""#) == .string("\u{FFFD}!"))
        #expect(try JSONValue(parsing: #""plain ascii""#) == .string("plain ascii"))
    }

    @Test(
        "refuses what is not JSON, saying where",
        arguments: [
            ("", 0), ("{", 1), (#"{"a" 1}"#, 5), (#"{"a":1,}"#, 7), ("[1 2]", 3), (#""open"#, 5), ("tru", 0),
            ("01", 1), ("-", 1), ("1.", 2), ("1e", 2), (#""\x""#, 3), ("\"a\u{01}\"", 2), ("{} {}", 3),
            (#"{"a":nul}"#, 5),
        ])
    func refuses(_ text: String, _ offset: Int) {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
        do {
            _ = try JSONValue(parsing: text)
        } catch {
            #expect(error.offset == offset, "\(error)")
        }
    }

    @Test("refuses nesting deeper than 512 levels instead of exhausting the stack")
    func depth() throws {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: deep) }
        let fine = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(throws: Never.self) { try JSONValue(parsing: fine) }
    }

    /// Steps over `text` with the skipping scanner: where it stopped, or why it refused.
    static func skip(_ text: String) -> Result<Int, JSONParseError> {
        var text = text
        return text.withUTF8 { bytes in
            var parser = JSONByteParser(bytes)
            do throws(JSONParseError) {
                try parser.skipValue()
                parser.skipWhitespace()
                guard parser.index == bytes.count else { throw parser.failure("unexpected text after the value") }
                return .success(parser.index)
            } catch {
                return .failure(error)
            }
        }
    }

    @Test("stepping over a value accepts what parsing accepts", arguments: documents)
    func skipAgreesOnDocuments(_ text: String) {
        #expect((try? Self.skip(text).get()) == text.utf8.count)
    }

    @Test(
        "stepping over a value refuses broken JSON, as parsing does",
        arguments: [
            "", "{", #"{"a" 1}"#, #"{"a":1,}"#, "[1 2]", #""open"#, "tru", "01", "-", "1.", "1e", #""\x""#,
            "\"a\u{01}\"", "{} {}", #"{"a":nul}"#, #"{"a":[1,{"b":}]}"#, String(repeating: "[", count: 600),
        ])
    func skipRefuses(_ text: String) {
        #expect(throws: JSONParseError.self) { try Self.skip(text).get() }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
    }

    /// Quotes, backslashes and control characters at every offset of a long string, so each lands
    /// in every position of the scanner's eight-byte words and in the byte-wise tail.
    @Test("strings are read and stepped over alike wherever a special character falls")
    func specialCharactersAtEveryOffset() throws {
        for offset in 0..<40 {
            let before = String(repeating: "a", count: offset)
            let after = String(repeating: "b", count: 40 - offset)
            for (inner, expected) in [(#"\""#, "\""), (#"\\"#, "\\"), (#"\n"#, "\n"), ("é", "é"), ("", "")] {
                let text = "\"" + before + inner + after + "\""
                #expect(try JSONValue(parsing: text) == .string(before + expected + after), "\(offset) \(inner)")
                #expect((try? Self.skip(text).get()) == text.utf8.count, "\(offset) \(inner)")
            }
            let control = "\"" + before + "\u{01}" + after + "\""
            #expect(throws: JSONParseError.self) { try Self.skip(control).get() }
            do {
                _ = try JSONValue(parsing: control)
                Issue.record("a control character in a string is refused")
            } catch {
                #expect(error.offset == offset + 1, "the error names the control character's byte")
            }
            #expect(throws: JSONParseError.self) { try Self.skip("\"" + before + after).get() }
        }
    }
}
