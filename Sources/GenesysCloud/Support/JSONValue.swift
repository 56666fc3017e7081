import Foundation

/// Any JSON value, kept as it arrived: for fields Switchboard does not model (yet) and for raw
/// bodies that must survive a round trip untouched.
public enum JSONValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }
}

extension JSONValue {
    /// Converts what `JSONSerialization` produced. Much faster than decoding `JSONValue` through
    /// `Decodable`, which has to try each kind of value in turn and throws on every miss.
    public init(jsonObject: Any) {
        switch jsonObject {
        case let string as String:
            self = .string(string)
        case let number as NSNumber:
            // JSON booleans come back as NSNumber with the `char` encoding; integers and doubles
            // never do.
            self = String(cString: number.objCType) == "c" ? .bool(number.boolValue) : .number(number.doubleValue)
        case let array as [Any]:
            self = .array(array.map(JSONValue.init(jsonObject:)))
        case let object as [String: Any]:
            self = .object(object.mapValues(JSONValue.init(jsonObject:)))
        default:
            self = .null
        }
    }
}
