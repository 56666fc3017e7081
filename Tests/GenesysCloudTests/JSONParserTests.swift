import Foundation
import Testing

@testable import GenesysCloud

@Suite("JSON: the one-pass parser and the JSONValue decoder")
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

    struct Model: Codable, Equatable {
        struct Inner: Codable, Equatable {
            var count: Int
            var ratio: Double?
            var tags: [String]
        }
        var id: String
        var flag: Bool
        var small: Int8
        var inners: [Inner]
        var byName: [String: Int]
        var optional: String?
        var missing: Int?
        var raw: JSONValue
        var nested: [[Int]]
    }

    static let modelText = #"""
        {"id":"x","flag":true,"small":-7,"inners":[{"count":3,"ratio":0.5,"tags":["a","b"]},{"count":4.0,"tags":[]}],
         "byName":{"one":1,"two":2},"optional":null,"raw":{"kept":[1,"two",null]},"nested":[[1],[2,3]],"extra":"ignored"}
        """#

    @Test("decodes a model exactly as JSONDecoder does")
    func decodesLikeJSONDecoder() throws {
        let value = try JSONValue(parsing: Self.modelText)
        let ours = try JSONValueDecoder().decode(Model.self, from: value)
        let theirs = try JSONDecoder().decode(Model.self, from: Data(Self.modelText.utf8))
        #expect(ours == theirs)
        #expect(ours.raw == .object(["kept": .array([.number(1), .string("two"), .null])]))
    }

    @Test("wrong types, missing keys and lossy numbers fail with the path to the field")
    func failures() throws {
        func failure(_ text: String) -> DecodingError? {
            do {
                _ = try JSONValueDecoder().decode(Model.Inner.self, from: try JSONValue(parsing: text))
                return nil
            } catch {
                return error as? DecodingError
            }
        }
        guard case .typeMismatch(_, let context)? = failure(#"{"count":"3","tags":[]}"#) else {
            Issue.record("a string for an Int is a type mismatch")
            return
        }
        #expect(context.codingPath.map(\.stringValue) == ["count"])
        guard case .keyNotFound(let key, _)? = failure(#"{"count":3}"#) else {
            Issue.record("a missing non-optional key is keyNotFound")
            return
        }
        #expect(key.stringValue == "tags")
        guard case .dataCorrupted? = failure(#"{"count":3.5,"tags":[]}"#) else {
            Issue.record("3.5 is not an Int")
            return
        }
        guard case .typeMismatch(_, let inArray)? = failure(#"{"count":1,"tags":["a",2]}"#) else {
            Issue.record("a number in an array of strings is a type mismatch")
            return
        }
        #expect(inArray.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue } == ["tags", "1"])
    }
}
