import Foundation
import Testing

@testable import GenesysEmulator

@Suite("Emulator: random identifiers")
struct RandomIdentifierTests {
    @Test("ids are lowercase version-4 UUIDs, as the platform writes them, and do not repeat")
    func versionFourUUIDs() throws {
        var seen = Set<String>()
        for _ in 0..<10_000 {
            let id = RandomIdentifier.make()
            let parsed = try #require(UUID(uuidString: id), "\(id)")
            #expect(parsed.uuidString.lowercased() == id)
            let bytes = withUnsafeBytes(of: parsed.uuid) { Array($0) }
            #expect(bytes[6] >> 4 == 4 && bytes[8] >> 6 == 0b10, "\(id)")
            seen.insert(id)
        }
        #expect(seen.count == 10_000)
    }
}
