import Foundation
import GenesysCloud

/// A coding key for any JSON object key, so a body can see keys its model does not name.
struct AnyCodingKey: CodingKey, Hashable {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ stringValue: String) { self.stringValue = stringValue }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// Reads a JSON object one field at a time, so that one bad field never costs the whole body.
///
/// The tolerance policy of every event model is implemented here:
/// - a missing key or `null` gives `nil`;
/// - a known key whose value has the wrong type gives `nil`, and its raw JSON is kept in
///   ``additionalFields`` under its own key, so re-encoding writes it back unchanged;
/// - a key the model does not name is kept in ``additionalFields``.
/// Only a body that is not a JSON object at all fails (the caller then reports it as undecodable).
struct TolerantObjectReader<Key: CodingKey> {
    private enum Source {
        /// The parsed object itself: one dictionary lookup a field (the notification hot path).
        case parsed([String: JSONValue], any JSONValueBackedDecoder)
        /// Any other decoder, through its keyed container.
        case container(KeyedDecodingContainer<AnyCodingKey>)
    }

    private let source: Source
    /// Keys the model does not know, and known keys whose value could not be read.
    private(set) var additionalFields: [String: JSONValue] = [:]

    init(_ decoder: any Decoder) throws {
        if let backed = decoder as? any JSONValueBackedDecoder, case .object(let object) = backed.jsonValue {
            source = .parsed(object, backed)
            for (key, value) in object where Key(stringValue: key) == nil { additionalFields[key] = value }
            return
        }
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        source = .container(container)
        for key in container.allKeys where Key(stringValue: key.stringValue) == nil {
            if let value = try? container.decode(JSONValue.self, forKey: key) {
                additionalFields[key.stringValue] = value
            }
        }
    }

    /// The value under `key`, or `nil` when it is absent, `null` or of another type.
    mutating func read<T: Decodable>(_ key: Key) -> T? {
        switch source {
        case .parsed(let object, let decoder):
            guard let value = object[key.stringValue] else { return nil }
            if case .null = value { return nil }
            do {
                return try decoder.decodeNested(T.self, from: value, key: key)
            } catch {
                additionalFields[key.stringValue] = value
                return nil
            }
        case .container(let container):
            let anyKey = AnyCodingKey(key.stringValue)
            guard container.contains(anyKey) else { return nil }
            do {
                if try container.decodeNil(forKey: anyKey) { return nil }
                return try container.decode(T.self, forKey: anyKey)
            } catch {
                additionalFields[key.stringValue] = try? container.decode(JSONValue.self, forKey: anyKey)
                return nil
            }
        }
    }

    /// Dates are read from their ISO-8601 text whatever the decoder's date strategy; text that is
    /// not a date is kept in ``additionalFields`` like any other wrong type.
    mutating func read(_ key: Key) -> Date? {
        guard let text: String = read(key) else { return nil }
        if let date = EventDate.parse(text) { return date }
        additionalFields[key.stringValue] = .string(text)
        return nil
    }
}

/// Writes a model back as the platform spelled it: known fields that are set, then the kept
/// ``TolerantObjectReader/additionalFields`` that no known field replaced.
struct TolerantObjectWriter<Key: CodingKey> {
    private var container: KeyedEncodingContainer<AnyCodingKey>
    private var written: Set<String> = []

    init(_ encoder: any Encoder) {
        container = encoder.container(keyedBy: AnyCodingKey.self)
    }

    mutating func write<T: Encodable>(_ value: T?, _ key: Key) throws {
        guard let value else { return }
        try container.encode(value, forKey: AnyCodingKey(key.stringValue))
        written.insert(key.stringValue)
    }

    /// Dates are written as the platform's ISO-8601 text whatever the encoder's date strategy,
    /// so a round trip through any `JSONEncoder` gives back what the platform sent.
    mutating func write(_ value: Date?, _ key: Key) throws {
        try write(value.map(EventDate.format), key)
    }

    mutating func finish(_ additionalFields: [String: JSONValue]) throws {
        for (key, value) in additionalFields where !written.contains(key) {
            try container.encode(value, forKey: AnyCodingKey(key))
        }
    }
}
