extension String {
    /// `lowercased()`, without making a new string when there is nothing to fold. Ids and topic
    /// names arrive in lower case almost always, and they are folded on every event.
    package func lowercasedIfNeeded() -> String {
        for byte in utf8 where (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte >= 0x80 {
            return lowercased()
        }
        return self
    }
}
