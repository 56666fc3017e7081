import Foundation

/// Random (version 4) UUIDs as the platform writes ids: lowercase text.
///
/// Foundation's `UUID()` on Linux opens `/dev/urandom` for every id; the system generator reads
/// its bytes with `getrandom` instead, which matters at tens of thousands of events a second.
/// The text is written straight into the string's storage, with no array in between.
enum RandomIdentifier {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
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
}
