import Foundation

/// Random (version 4) UUIDs as the platform writes ids: lowercase text.
///
/// Foundation's `UUID()` on Linux opens `/dev/urandom` for every id, and the system generator
/// makes a `getrandom` call for every 64 bits. The emulator publishes tens of thousands of
/// events a second, each with a fresh correlation id, so its publishing path draws them from a
/// ``Generator`` seeded once from the system instead. The text is written straight into the
/// string's storage, with no array in between.
enum RandomIdentifier {
    /// An id from the system's generator, for the occasional one (REST error contexts, replies).
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return make(using: &generator)
    }

    static func make(using generator: inout some RandomNumberGenerator) -> String {
        var high = generator.next() as UInt64
        var low = generator.next() as UInt64
        high = (high & ~0xF000) | 0x4000  // version 4
        low = (low & ~(0xC0 << 56)) | (0x80 << 56)  // RFC 4122 variant
        return String(unsafeUninitializedCapacity: 36) { text in
            let digits: StaticString = "0123456789abcdef"
            var position = 0
            func put(_ word: UInt64, nibbles: Range<Int>) {
                for nibble in nibbles {
                    let value = Int((word >> UInt64(60 - 4 * nibble)) & 0xF)
                    text[position] = digits.utf8Start[value]
                    position += 1
                }
            }
            func dash() {
                text[position] = UInt8(ascii: "-")
                position += 1
            }
            put(high, nibbles: 0..<8)
            dash()
            put(high, nibbles: 8..<12)
            dash()
            put(high, nibbles: 12..<16)
            dash()
            put(low, nibbles: 0..<4)
            dash()
            put(low, nibbles: 4..<16)
            return position
        }
    }

    /// xoshiro256** (Blackman and Vigna), seeded from the system's generator: 256 bits of state
    /// and a period of 2^256 − 1, so the 122 random bits of its ids are as unlikely to repeat as
    /// the system generator's. Ids are unique labels, not secrets; nothing secret is drawn from it.
    struct Generator: RandomNumberGenerator, Sendable {
        private var state: (UInt64, UInt64, UInt64, UInt64)

        init() {
            var system = SystemRandomNumberGenerator()
            state = (system.next(), system.next(), system.next(), system.next())
            // The all-zero state is the one state the generator cannot leave.
            if state == (0, 0, 0, 0) { state.0 = 0x9E37_79B9_7F4A_7C15 }
        }

        mutating func next() -> UInt64 {
            let result = (state.1 &* 5).rotatedLeft(by: 7) &* 9
            let shifted = state.1 << 17
            state.2 ^= state.0
            state.3 ^= state.1
            state.1 ^= state.2
            state.0 ^= state.3
            state.2 ^= shifted
            state.3 = state.3.rotatedLeft(by: 45)
            return result
        }
    }
}

extension UInt64 {
    fileprivate func rotatedLeft(by count: UInt64) -> UInt64 { (self << count) | (self >> (64 - count)) }
}
