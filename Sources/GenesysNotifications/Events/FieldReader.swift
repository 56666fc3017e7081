import Foundation
import GenesysCloud

/// Why a value could not be read as the type its field wants.
enum FieldReadError: Error {
    /// The value has another JSON type (or, for a date, is text that is not a date). A tolerant
    /// model keeps it raw in `additionalFields`; a strict leaf fails as a whole.
    case mismatch
    /// The text is not JSON.
    case malformed(JSONParseError)
}

/// An event model read field by field, straight from the frame's bytes.
///
/// This is the notification hot path: no parsed tree is built for what a model names, known
/// keys are matched as bytes (no `String` made for them), and only what the model does not know
/// is parsed into ``JSONValue``. The same reading backs the models' `Decodable` conformance, so
/// there is one definition of how a body is read.
///
/// Two tolerance policies exist, chosen by conformance:
/// - ``TolerantFieldDecodable`` (the event bodies and their main parts): a missing key or `null`
///   gives `nil`; a value of another type gives `nil` and is kept raw in `additionalFields` under
///   its own key; unknown keys are kept there too. Only a body that is not an object fails.
/// - plain ``FieldDecodable`` (small leaves such as a queue reference, mirroring the SDK's strict
///   models): unknown keys are ignored and a value of another type fails the whole leaf, which
///   the parent then keeps raw.
protocol FieldDecodable {
    associatedtype Field: CodingKey, CaseIterable, RawRepresentable<String>
    /// The model with every field absent.
    init()
    /// Reads the value of `field` into the model.
    mutating func decodeField(_ field: Field, from reader: inout FieldReader) throws(FieldReadError)
    /// Whether unknown keys and unreadable values are kept (tolerant) or not (strict).
    static var keepsEveryField: Bool { get }
    /// Keeps `value` under `key`: a key the model does not name, or a value it could not read.
    mutating func keep(_ value: JSONValue, for key: String)
    /// The model's keys, matched as bytes.
    static var fieldTable: FieldTable<Field> { get }
}

extension FieldDecodable {
    static var keepsEveryField: Bool { false }
    mutating func keep(_ value: JSONValue, for key: String) {}
}

/// A model that keeps every key it does not know, and every value it cannot read, in
/// ``additionalFields``, so re-encoding writes the body back as the platform sent it.
protocol TolerantFieldDecodable: FieldDecodable {
    var additionalFields: [String: JSONValue] { get set }
}

extension TolerantFieldDecodable {
    static var keepsEveryField: Bool { true }
    mutating func keep(_ value: JSONValue, for key: String) { additionalFields[key] = value }
}

extension FieldDecodable where Self: Decodable {
    /// `Decodable` through the field reader: the decoder's value is written back to JSON and read
    /// as a body is. Off the hot path (bodies are read from the frame directly); it keeps one
    /// definition of each model's reading for `JSONDecoder` users.
    init(fieldsFrom decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer().decode(JSONValue.self)
        let data = try JSONEncoder().encode(value)
        do throws(FieldReadError) {
            self = try FieldReader.read(Self.self, from: [UInt8](data))
        } catch .mismatch {
            throw DecodingError.typeMismatch(
                Self.self,
                .init(codingPath: decoder.codingPath, debugDescription: "Expected an object for \(Self.self)."))
        } catch .malformed(let error) {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(error)"))
        }
    }
}

/// The keys of one model, looked up from the bytes of a JSON key without making a `String`.
typealias FieldTable<Field: CaseIterable & RawRepresentable<String> & Sendable> = ByteKeyTable<Field>

extension ByteKeyTable where Value: CaseIterable & RawRepresentable<String> {
    init() { self.init(Value.allCases.map { ($0.rawValue, $0) }) }
}

/// Values found by the UTF-8 bytes of their name, without making a `String` of the bytes.
struct ByteKeyTable<Value: Sendable>: Sendable {
    /// Per name length, the names of that length and their value.
    private let byLength: [[(bytes: [UInt8], value: Value)]]

    init(_ entries: [(name: String, value: Value)]) {
        var byLength: [[(bytes: [UInt8], value: Value)]] = []
        for (name, value) in entries {
            let bytes = Array(name.utf8)
            while byLength.count <= bytes.count { byLength.append([]) }
            byLength[bytes.count].append((bytes, value))
        }
        self.byLength = byLength
    }

    func value(_ name: UnsafeBufferPointer<UInt8>) -> Value? {
        guard name.count < byLength.count else { return nil }
        for candidate in byLength[name.count] where candidate.bytes.withUnsafeBufferPointer({ $0.elementsEqual(name) })
        {
            return candidate.value
        }
        return nil
    }
}

/// Reads JSON bytes value by value into the types event models use.
struct FieldReader {
    private var parser: JSONByteParser

    private init(_ parser: JSONByteParser) { self.parser = parser }

    /// Reads a whole model from `bytes[range]` (all of `bytes` when `range` is nil).
    static func read<Model: FieldDecodable>(
        _ type: Model.Type, from bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>? = nil
    ) throws(FieldReadError) -> Model {
        var reader = FieldReader(range.map { JSONByteParser(bytes, range: $0) } ?? JSONByteParser(bytes))
        let model: Model = try reader.readModel()
        guard reader.parser.peek() == nil else {
            throw .malformed(reader.parser.failure("unexpected text after the value"))
        }
        return model
    }

    static func read<Model: FieldDecodable>(_ type: Model.Type, from bytes: [UInt8]) throws(FieldReadError) -> Model {
        try bytes.withUnsafeBufferPointer { buffer throws(FieldReadError) in try read(type, from: buffer) }
    }

    // MARK: - Objects

    /// A model from the object here; `null` gives nil.
    mutating func read<Model: FieldDecodable>() throws(FieldReadError) -> Model? {
        if try readNull() { return nil }
        return try readModel()
    }

    private mutating func readModel<Model: FieldDecodable>() throws(FieldReadError) -> Model {
        guard parser.consume(UInt8(ascii: "{")) else { throw .mismatch }
        try parse { (parser: inout JSONByteParser) throws(JSONParseError) in try parser.enter() }
        defer { parser.leave() }
        var model = Model()
        if parser.consume(UInt8(ascii: "}")) { return model }
        repeat {
            guard parser.peek() == UInt8(ascii: "\"") else { throw .malformed(parser.failure("expected a string key")) }
            let (keyRange, escaped) = try skipKey()
            guard parser.consume(UInt8(ascii: ":")) else { throw .malformed(parser.failure("expected ':'")) }
            _ = parser.peek()
            let valueStart = parser.index
            let field = self.field(of: Model.self, keyRange, escaped: escaped)
            do throws(FieldReadError) {
                if let field {
                    try model.decodeField(field, from: &self)
                } else if Model.keepsEveryField {
                    model.keep(try readAny(), for: key(keyRange))
                } else {
                    try parse { (parser: inout JSONByteParser) throws(JSONParseError) in try parser.skipValue() }
                }
            } catch .mismatch {
                guard Model.keepsEveryField else { throw .mismatch }
                parser.index = valueStart
                model.keep(try readAny(), for: key(keyRange))
            }
        } while parser.consume(UInt8(ascii: ","))
        guard parser.consume(UInt8(ascii: "}")) else { throw .malformed(parser.failure("expected ',' or '}'")) }
        return model
    }

    /// An array of models; `null` gives nil, and an element that is not a model fails the array.
    mutating func read<Model: FieldDecodable>() throws(FieldReadError) -> [Model]? {
        try readArray { (reader: inout FieldReader) throws(FieldReadError) in try reader.readModel() }
    }

    // MARK: - Primitives

    mutating func read() throws(FieldReadError) -> String? {
        if try readNull() { return nil }
        return try readString()
    }

    mutating func read() throws(FieldReadError) -> Bool? {
        switch parser.peek() {
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            guard case .bool(let value) = try readAny() else { throw .mismatch }
            return value
        case UInt8(ascii: "n"):
            _ = try readNull()
            return nil
        default: throw .mismatch
        }
    }

    mutating func read() throws(FieldReadError) -> Double? {
        if try readNull() { return nil }
        return try readNumber()
    }

    /// An integer from an integral number in range, as `JSONDecoder` reads one.
    mutating func read() throws(FieldReadError) -> Int? {
        if try readNull() { return nil }
        guard let value = Int(exactly: try readNumber()) else { throw .mismatch }
        return value
    }

    /// A date from its ISO-8601 text; other text is a mismatch (and kept raw by a tolerant model).
    mutating func read() throws(FieldReadError) -> Date? {
        if try readNull() { return nil }
        guard parser.peek() == UInt8(ascii: "\"") else { throw .mismatch }
        // The usual shape straight from the bytes: no string is made for a time.
        let start = parser.index
        let (text, escaped) = try skipKey()
        if !escaped, let date = EventDate.parse(UnsafeBufferPointer(rebasing: parser.bytes[text])) { return date }
        parser.index = start
        guard let date = EventDate.parse(try readString()) else { throw .mismatch }
        return date
    }

    /// An open enum from its text.
    mutating func read<Value: OpenEnum>() throws(FieldReadError) -> Value? {
        guard let text: String = try read() else { return nil }
        return Value(rawValue: text)
    }

    /// An open enum whose usual values are in `known`: those are shared, not made again from
    /// the bytes (metric names arrive a dozen times in every observation).
    mutating func read<Value: OpenEnum>(known: ByteKeyTable<Value>) throws(FieldReadError) -> Value? {
        if try readNull() { return nil }
        guard parser.peek() == UInt8(ascii: "\"") else { throw .mismatch }
        let start = parser.index
        let (range, escaped) = try skipKey()
        if !escaped, let value = known.value(UnsafeBufferPointer(rebasing: parser.bytes[range])) { return value }
        parser.index = start
        return Value(rawValue: try readString())
    }

    /// Any value, kept as parsed; `null` gives nil, as an optional `JSONValue` field decodes.
    mutating func read() throws(FieldReadError) -> JSONValue? {
        let value = try readAny()
        if case .null = value { return nil }
        return value
    }

    mutating func read<Value: OpenEnum>() throws(FieldReadError) -> [Value]? {
        try readArray { (reader: inout FieldReader) throws(FieldReadError) in Value(rawValue: try reader.readString()) }
    }

    mutating func read() throws(FieldReadError) -> [String: JSONValue]? {
        try readMap { (reader: inout FieldReader) throws(FieldReadError) -> JSONValue? in try reader.readAny() }
    }

    mutating func read() throws(FieldReadError) -> [String]? {
        try readArray { (reader: inout FieldReader) throws(FieldReadError) in try reader.readString() }
    }

    mutating func read() throws(FieldReadError) -> [JSONValue]? {
        try readArray { (reader: inout FieldReader) throws(FieldReadError) in try reader.readAny() }
    }

    /// An object of strings (participant attributes, a stats group).
    mutating func read() throws(FieldReadError) -> [String: String]? {
        try readMap { (reader: inout FieldReader) throws(FieldReadError) in try reader.readString() }
    }

    /// The numbers of an object, in the order given; members that are not numbers are dropped
    /// (statistics: there is nothing numeric to give for them).
    mutating func readNumbers() throws(FieldReadError) -> MetricStats? {
        var members: [MetricStats.Entry] = []
        let found = try readMembers { (name, reader: inout FieldReader) throws(FieldReadError) in
            if let byte = reader.parser.peek(), byte == UInt8(ascii: "-") || Self.isDigit(byte) {
                members.append(MetricStats.Entry(name: name, value: try reader.readNumber()))
            } else {
                try reader.parse { (parser: inout JSONByteParser) throws(JSONParseError) in try parser.skipValue() }
            }
        }
        return found ? MetricStats(listed: members) : nil
    }

    // MARK: - Building blocks

    private mutating func readNull() throws(FieldReadError) -> Bool {
        guard parser.peek() == UInt8(ascii: "n") else { return false }
        _ = try readAny()
        return true
    }

    private mutating func readString() throws(FieldReadError) -> String {
        guard parser.peek() == UInt8(ascii: "\"") else { throw .mismatch }
        return try parse { (parser: inout JSONByteParser) throws(JSONParseError) in try parser.parseString() }
    }

    private mutating func readNumber() throws(FieldReadError) -> Double {
        guard let byte = parser.peek(), byte == UInt8(ascii: "-") || Self.isDigit(byte) else { throw .mismatch }
        return try parse { (parser: inout JSONByteParser) throws(JSONParseError) in try parser.parseNumber() }
    }

    private mutating func readAny() throws(FieldReadError) -> JSONValue {
        _ = parser.peek()
        return try parse { (parser: inout JSONByteParser) throws(JSONParseError) in try parser.parseValue() }
    }

    private mutating func readArray<Element>(
        _ element: (inout FieldReader) throws(FieldReadError) -> Element
    ) throws(FieldReadError) -> [Element]? {
        if try readNull() { return nil }
        guard parser.consume(UInt8(ascii: "[")) else { throw .mismatch }
        try parse { (parser: inout JSONByteParser) throws(JSONParseError) in try parser.enter() }
        defer { parser.leave() }
        var elements: [Element] = []
        if parser.consume(UInt8(ascii: "]")) { return elements }
        // Participants, sessions and metrics come a few to a dozen at a time.
        elements.reserveCapacity(8)
        repeat { elements.append(try element(&self)) } while parser.consume(UInt8(ascii: ","))
        guard parser.consume(UInt8(ascii: "]")) else { throw .malformed(parser.failure("expected ',' or ']'")) }
        return elements
    }

    /// An object's members read by `value`; members it gives nil for are left out.
    private mutating func readMap<Value>(
        _ value: (inout FieldReader) throws(FieldReadError) -> Value?
    ) throws(FieldReadError) -> [String: Value]? {
        var members: [String: Value] = [:]
        let found = try readMembers { (name, reader: inout FieldReader) throws(FieldReadError) in
            if let member = try value(&reader) { members[name] = member }
        }
        return found ? members : nil
    }

    /// Hands each member of the object here to `member`, its name read and the reader at its
    /// value (which `member` must consume). False for `null`; a mismatch for anything else.
    private mutating func readMembers(
        _ member: (String, inout FieldReader) throws(FieldReadError) -> Void
    ) throws(FieldReadError) -> Bool {
        if try readNull() { return false }
        guard parser.consume(UInt8(ascii: "{")) else { throw .mismatch }
        try parse { (parser: inout JSONByteParser) throws(JSONParseError) in try parser.enter() }
        defer { parser.leave() }
        if parser.consume(UInt8(ascii: "}")) { return true }
        repeat {
            let name = try readString()
            guard parser.consume(UInt8(ascii: ":")) else { throw .malformed(parser.failure("expected ':'")) }
            try member(name, &self)
        } while parser.consume(UInt8(ascii: ","))
        guard parser.consume(UInt8(ascii: "}")) else { throw .malformed(parser.failure("expected ',' or '}'")) }
        return true
    }

    /// The field a key names. Keys are matched as bytes; one written with escapes (no platform
    /// frame does) is decoded first, so it names the same field as its plain spelling.
    private func field<Model: FieldDecodable>(of model: Model.Type, _ keyRange: Range<Int>, escaped: Bool)
        -> Model.Field?
    {
        guard escaped else { return Model.fieldTable.value(UnsafeBufferPointer(rebasing: parser.bytes[keyRange])) }
        var text = key(keyRange)
        return text.withUTF8 { Model.fieldTable.value($0) }
    }

    /// Steps over a key (at its opening quote) and gives the range of its text, escapes and all.
    private mutating func skipKey() throws(FieldReadError) -> (range: Range<Int>, escaped: Bool) {
        let start = parser.index
        let escaped = try parse { (parser: inout JSONByteParser) throws(JSONParseError) in try parser.skipString() }
        return ((start + 1)..<(parser.index - 1), escaped)
    }

    /// The text of a key whose bytes are `range` (between its quotes).
    private func key(_ range: Range<Int>) -> String {
        var parser = JSONByteParser(parser.bytes)
        parser.index = range.lowerBound - 1
        return (try? parser.parseString())
            ?? String(decoding: UnsafeBufferPointer(rebasing: parser.bytes[range]), as: UTF8.self)
    }

    private mutating func parse<Value>(
        _ step: (inout JSONByteParser) throws(JSONParseError) -> Value
    ) throws(FieldReadError) -> Value {
        do { return try step(&parser) } catch { throw .malformed(error) }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }
}
