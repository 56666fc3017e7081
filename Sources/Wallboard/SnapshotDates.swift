import Foundation
import GenesysNotifications

// Dates in the wallboard's JSON are written as the pipeline's records write them
// (`2024-05-01T10:00:00.000Z`) whatever the encoder's date strategy, so the page parses one
// format and the JSON reads the same from every encoder.

extension KeyedEncodingContainer {
    mutating func encodeDate(_ date: Date?, forKey key: Key) throws {
        try encode(date.map(EventDate.format), forKey: key)
    }
}

extension KeyedDecodingContainer {
    func decodeDate(forKey key: Key) throws -> Date {
        let text = try decode(String.self, forKey: key)
        guard let date = EventDate.parse(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "'\(text)' is not an ISO-8601 date-time")
        }
        return date
    }

    func decodeDateIfPresent(forKey key: Key) throws -> Date? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        return try decodeDate(forKey: key)
    }
}
