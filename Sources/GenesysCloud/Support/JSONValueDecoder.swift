/// Decodes `Decodable` models from an already parsed ``JSONValue``, so a body parsed once (by
/// ``JSONValue/init(parsing:)-(String)``) never has to be parsed again.
///
/// Follows `JSONDecoder`'s default behaviour for what the models use: strings, booleans and
/// numbers (an integer type only from an integral number in range), arrays, objects, `null`
/// through `decodeNil`, and `JSONValue` itself handed over as is. It has no date or key
/// strategies: models read dates from their text.
public struct JSONValueDecoder: Sendable {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try JSONValueDecoding.decodeValue(type, value, [])
    }
}

/// A `Decoder` reading an already parsed ``JSONValue``. Models that read many optional fields can
/// take the value directly (one dictionary lookup a field) instead of going through containers.
public protocol JSONValueBackedDecoder: Decoder {
    /// The value this decoder reads.
    var jsonValue: JSONValue { get }
    /// Decodes `value`, found under `key` of this decoder's object, as a nested value.
    func decodeNested<T: Decodable>(_ type: T.Type, from value: JSONValue, key: any CodingKey) throws -> T
}

private struct JSONValueDecoding: JSONValueBackedDecoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(_ value: JSONValue, codingPath: [any CodingKey]) {
        self.value = value
        self.codingPath = codingPath
    }

    var jsonValue: JSONValue { value }

    func decodeNested<T: Decodable>(_ type: T.Type, from value: JSONValue, key: any CodingKey) throws -> T {
        try Self.decodeValue(type, value, codingPath + [key])
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else {
            throw JSONValueDecoding.mismatch([String: JSONValue].self, value, codingPath)
        }
        return KeyedDecodingContainer(JSONKeyedContainer<Key>(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let array) = value else {
            throw JSONValueDecoding.mismatch([JSONValue].self, value, codingPath)
        }
        return JSONUnkeyedContainer(array: array, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        JSONSingleValueContainer(value: value, codingPath: codingPath)
    }

    static func mismatch(_ type: Any.Type, _ value: JSONValue, _ path: @autoclosure () -> [any CodingKey])
        -> DecodingError
    {
        let found: String =
            switch value {
            case .null: "null"
            case .bool: "a boolean"
            case .number: "a number"
            case .string: "a string"
            case .array: "an array"
            case .object: "an object"
            }
        return DecodingError.typeMismatch(
            type, .init(codingPath: path(), debugDescription: "Expected \(type) but found \(found) instead."))
    }

    /// A primitive of the rarer types (`Float`, sized integers) read from `value`, the way
    /// `JSONDecoder` reads it. `String`, `Bool`, `Double` and `Int` have their own fast paths.
    static func primitive<T>(_ type: T.Type, _ value: JSONValue, _ path: [any CodingKey]) throws -> T {
        let converted: Any?
        switch value {
        case .string(let string): converted = string
        case .bool(let bool): converted = bool
        case .number(let number):
            if type == Double.self {
                converted = number
            } else if type == Float.self {
                converted = Float(number)
            } else if let integer = integer(type, number) {
                converted = integer
            } else if isInteger(type) {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: path, debugDescription: "Number \(number) does not fit in \(type)."))
            } else {
                converted = nil
            }
        default: converted = nil
        }
        guard let result = converted as? T else { throw mismatch(type, value, path) }
        return result
    }

    private static func isInteger(_ type: Any.Type) -> Bool {
        type == Int.self || type == Int8.self || type == Int16.self || type == Int32.self || type == Int64.self
            || type == UInt.self || type == UInt8.self || type == UInt16.self || type == UInt32.self
            || type == UInt64.self
    }

    private static func integer(_ type: Any.Type, _ number: Double) -> Any? {
        switch type {
        case is Int.Type: Int(exactly: number)
        case is Int64.Type: Int64(exactly: number)
        case is Int32.Type: Int32(exactly: number)
        case is Int16.Type: Int16(exactly: number)
        case is Int8.Type: Int8(exactly: number)
        case is UInt.Type: UInt(exactly: number)
        case is UInt64.Type: UInt64(exactly: number)
        case is UInt32.Type: UInt32(exactly: number)
        case is UInt16.Type: UInt16(exactly: number)
        case is UInt8.Type: UInt8(exactly: number)
        default: nil
        }
    }

    /// `value` as `T`: primitives and `JSONValue` itself directly, anything else through its
    /// `init(from:)`. Type comparisons, not dynamic casts, pick the path.
    static func decodeValue<T: Decodable>(
        _ type: T.Type, _ value: JSONValue, _ path: @autoclosure () -> [any CodingKey]
    ) throws -> T {
        if T.self == JSONValue.self { return unsafeBitCast(value, to: T.self) }
        if T.self == String.self { return unsafeBitCast(try string(value, path()), to: T.self) }
        if T.self == Int.self { return unsafeBitCast(try int(value, path()), to: T.self) }
        if T.self == Double.self { return unsafeBitCast(try double(value, path()), to: T.self) }
        if T.self == Bool.self { return unsafeBitCast(try bool(value, path()), to: T.self) }
        // Objects of plain values, common in event bodies (`group`, metric `stats`): read in one
        // pass instead of through a keyed container.
        if T.self == [String: Double].self, case .object(let object) = value,
            let numbers = plainObject(object, { if case .number(let number) = $0 { number } else { nil } })
        {
            return unsafeBitCast(numbers, to: T.self)
        }
        if T.self == [String: String].self, case .object(let object) = value,
            let strings = plainObject(object, { if case .string(let string) = $0 { string } else { nil } })
        {
            return unsafeBitCast(strings, to: T.self)
        }
        if T.self == [String: JSONValue].self, case .object(let object) = value {
            return unsafeBitCast(object, to: T.self)
        }
        return try T(from: JSONValueDecoding(value, codingPath: path()))
    }

    /// `object` with every value read by `read`; nil when some value is not of that kind (the
    /// caller then decodes through the container, which reports the mismatch).
    private static func plainObject<Value>(_ object: [String: JSONValue], _ read: (JSONValue) -> Value?)
        -> [String: Value]?
    {
        var result: [String: Value] = [:]
        result.reserveCapacity(object.count)
        for (key, item) in object {
            guard let value = read(item) else { return nil }
            result[key] = value
        }
        return result
    }

    static func string(_ value: JSONValue, _ path: @autoclosure () -> [any CodingKey]) throws -> String {
        guard case .string(let string) = value else { throw mismatch(String.self, value, path()) }
        return string
    }

    static func int(_ value: JSONValue, _ path: @autoclosure () -> [any CodingKey]) throws -> Int {
        guard case .number(let number) = value else { throw mismatch(Int.self, value, path()) }
        guard let integer = Int(exactly: number) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: path(), debugDescription: "Number \(number) does not fit in Int."))
        }
        return integer
    }

    static func double(_ value: JSONValue, _ path: @autoclosure () -> [any CodingKey]) throws -> Double {
        guard case .number(let number) = value else { throw mismatch(Double.self, value, path()) }
        return number
    }

    static func bool(_ value: JSONValue, _ path: @autoclosure () -> [any CodingKey]) throws -> Bool {
        guard case .bool(let bool) = value else { throw mismatch(Bool.self, value, path()) }
        return bool
    }
}

private struct JSONKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: [String: JSONValue]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { object[key.stringValue] != nil }

    private func value(_ key: Key) throws -> JSONValue {
        guard let value = object[key.stringValue] else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "No value for key '\(key.stringValue)'."))
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = try value(key) { return true }
        return false
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        try JSONValueDecoding.bool(try value(key), codingPath + [key])
    }
    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try JSONValueDecoding.string(try value(key), codingPath + [key])
    }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try JSONValueDecoding.double(try value(key), codingPath + [key])
    }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try primitive(type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int {
        try JSONValueDecoding.int(try value(key), codingPath + [key])
    }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try primitive(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try primitive(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try primitive(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try primitive(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try primitive(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try primitive(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try primitive(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try primitive(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try primitive(type, key) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try JSONValueDecoding.decodeValue(type, try value(key), codingPath + [key])
    }

    // One lookup for an optional field, instead of the default's contains, decodeNil and decode.

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = present(key) else { return nil }
        return try JSONValueDecoding.decodeValue(type, value, codingPath + [key])
    }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        guard let value = present(key) else { return nil }
        return try JSONValueDecoding.string(value, codingPath + [key])
    }

    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        guard let value = present(key) else { return nil }
        return try JSONValueDecoding.int(value, codingPath + [key])
    }

    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        guard let value = present(key) else { return nil }
        return try JSONValueDecoding.double(value, codingPath + [key])
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        guard let value = present(key) else { return nil }
        return try JSONValueDecoding.bool(value, codingPath + [key])
    }

    /// The value under `key`, or nil when absent or `null`.
    private func present(_ key: Key) -> JSONValue? {
        guard let value = object[key.stringValue] else { return nil }
        if case .null = value { return nil }
        return value
    }

    private func primitive<T>(_ type: T.Type, _ key: Key) throws -> T {
        try JSONValueDecoding.primitive(type, try value(key), codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try JSONValueDecoding(try value(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try JSONValueDecoding(try value(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        JSONValueDecoding(.object(object), codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        JSONValueDecoding(object[key.stringValue] ?? .null, codingPath: codingPath + [key])
    }
}

private struct JSONUnkeyedContainer: UnkeyedDecodingContainer {
    let array: [JSONValue]
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(array: [JSONValue], codingPath: [any CodingKey]) {
        self.array = array
        self.codingPath = codingPath
    }

    var count: Int? { array.count }
    var isAtEnd: Bool { currentIndex >= array.count }

    private struct IndexKey: CodingKey {
        let intValue: Int?
        var stringValue: String { intValue.map { "Index \($0)" } ?? "" }
        init(_ index: Int) { intValue = index }
        init?(stringValue: String) { nil }
        init?(intValue: Int) { self.intValue = intValue }
    }

    private var path: [any CodingKey] { codingPath + [IndexKey(currentIndex)] }

    private func current(_ type: Any.Type) throws -> JSONValue {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                type, .init(codingPath: path, debugDescription: "Unkeyed container is at end."))
        }
        return array[currentIndex]
    }

    mutating func decodeNil() throws -> Bool {
        guard case .null = try current(Never.self) else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next(type) }
    mutating func decode(_ type: String.Type) throws -> String { try next(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try next(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try next(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try next(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next(type) }

    private mutating func next<T>(_ type: T.Type) throws -> T {
        let value = try JSONValueDecoding.primitive(type, try current(type), path)
        currentIndex += 1
        return value
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let value = try JSONValueDecoding.decodeValue(type, try current(type), path)
        currentIndex += 1
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        let container = try JSONValueDecoding(try current(type), codingPath: path).container(keyedBy: type)
        currentIndex += 1
        return container
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let container = try JSONValueDecoding(try current([JSONValue].self), codingPath: path).unkeyedContainer()
        currentIndex += 1
        return container
    }

    mutating func superDecoder() throws -> any Decoder {
        let decoder = JSONValueDecoding(try current(JSONValue.self), codingPath: path)
        currentIndex += 1
        return decoder
    }
}

private struct JSONSingleValueContainer: SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool {
        if case .null = value { return true }
        return false
    }

    func decode(_ type: Bool.Type) throws -> Bool { try JSONValueDecoding.bool(value, codingPath) }
    func decode(_ type: String.Type) throws -> String { try JSONValueDecoding.string(value, codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try JSONValueDecoding.double(value, codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try primitive(type) }
    func decode(_ type: Int.Type) throws -> Int { try JSONValueDecoding.int(value, codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try primitive(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try primitive(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try primitive(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try primitive(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try primitive(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try primitive(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try primitive(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try primitive(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try primitive(type) }

    private func primitive<T>(_ type: T.Type) throws -> T { try JSONValueDecoding.primitive(type, value, codingPath) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONValueDecoding.decodeValue(type, value, codingPath)
    }
}
