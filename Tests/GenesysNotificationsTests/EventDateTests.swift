import Foundation
import GenesysCloud
import Testing

@testable import GenesysNotifications

@Suite("Event dates")
struct EventDateTests {
    @Test(
        "the fast parser agrees with the general one",
        arguments: [
            "2024-12-30T09:46:54.839Z", "2024-12-30T09:46:54Z", "2022-07-04T11:00:00Z", "1970-01-01T00:00:00.000Z",
            "2000-02-29T23:59:59.999Z", "2024-01-01T00:00:00.5Z", "1969-12-31T23:59:59.000Z",
        ])
    func agreesWithGeneralParser(text: String) throws {
        let fast = try #require(EventDate.fastParse(text))
        let general = try #require(GenesysJSON.parseDate(text))
        #expect(abs(fast.timeIntervalSince(general)) < 0.000_001)
    }

    @Test("other shapes go to the general parser or give nil")
    func otherShapes() {
        #expect(EventDate.fastParse("2024-12-30T10:46:54.839+01:00") == nil)
        #expect(EventDate.parse("2024-12-30T10:46:54.839+01:00") == EventDate.parse("2024-12-30T09:46:54.839Z"))
        #expect(EventDate.parse("yesterday") == nil)
        #expect(EventDate.parse("2024-13-30T09:46:54Z") == nil)
        #expect(EventDate.parse("") == nil)
    }

    @Test(
        "formatting gives back the text parsed, to the millisecond",
        arguments: [
            "2024-12-30T09:46:54.839Z", "2024-05-01T10:00:00.123Z", "1970-01-01T00:00:00.000Z",
            "2000-02-29T23:59:59.999Z", "1969-12-31T23:59:59.001Z", "2100-03-01T00:00:00.100Z",
        ])
    func formatRoundTrips(text: String) throws {
        let date = try #require(EventDate.parse(text))
        #expect(EventDate.format(date) == text)
    }

    @Test("formatting agrees with Foundation's ISO-8601 formatter, to the millisecond, over four centuries")
    func formatAgreesWithFoundation() {
        var generator = SystemRandomNumberGenerator()
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        for _ in 0..<2_000 {
            // Whole milliseconds. Foundation truncates (and .165 is stored as .16499…), so it is
            // shown the same millisecond plus 0.4 ms, where truncating and rounding agree.
            let milliseconds = Int64.random(in: -2_208_988_800_000...10_413_792_000_000, using: &generator)
            let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            let reference = Date(timeIntervalSince1970: Double(milliseconds) / 1000 + 0.0004)
            #expect(EventDate.format(date) == reference.formatted(style), "\(milliseconds)")
        }
    }
}
