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

/// Writes a model back as the platform spelled it: known fields that are set, then the kept
/// `additionalFields` (see ``TolerantFieldDecodable``) that no known field replaced.
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
