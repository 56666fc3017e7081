import Foundation
import Testing

@testable import GenesysEmulator

@Suite("Emulator: random identifiers")
struct RandomIdentifierTests {
    @Test("ids are lowercase version-4 UUIDs, as the platform writes them, and do not repeat")
    func versionFourUUIDs() throws {
        var generator = RandomIdentifier.Generator()
        var seen = Set<String>()
        for round in 0..<20_000 {
            // Both sources: the system's for occasional ids, the seeded one for events.
            let id = round.isMultiple(of: 2) ? RandomIdentifier.make() : RandomIdentifier.make(using: &generator)
            let parsed = try #require(UUID(uuidString: id), "\(id)")
            #expect(parsed.uuidString.lowercased() == id)
            let bytes = withUnsafeBytes(of: parsed.uuid) { Array($0) }
            #expect(bytes[6] >> 4 == 4 && bytes[8] >> 6 == 0b10, "\(id)")
            seen.insert(id)
        }
        #expect(seen.count == 20_000)
    }

    @Test("two seeded generators (two emulators) draw different ids")
    func independentSeeds() {
        var first = RandomIdentifier.Generator()
        var second = RandomIdentifier.Generator()
        let a = (0..<100).map { _ in RandomIdentifier.make(using: &first) }
        let b = (0..<100).map { _ in RandomIdentifier.make(using: &second) }
        #expect(Set(a).isDisjoint(with: b))
    }

    @Test("the seeded generator's bits are evenly spread (each bit set about half the time)")
    func evenBits() {
        var generator = RandomIdentifier.Generator()
        var counts = [Int](repeating: 0, count: 64)
        let draws = 20_000
        for _ in 0..<draws {
            let value = generator.next()
            for bit in 0..<64 where value & (1 << UInt64(bit)) != 0 { counts[bit] += 1 }
        }
        // 20,000 fair coin flips: 10,000 ± 500 is more than seven standard deviations.
        #expect(counts.allSatisfy { abs($0 - draws / 2) < 500 }, "\(counts)")
    }
}
