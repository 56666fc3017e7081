extension String {
    /// `lowercased()`, without making a new string when there is nothing to fold. Ids and topic
    /// names arrive in lower case almost always, and they are folded on every event.
    package func lowercasedIfNeeded() -> String {
        // Read from the string's contiguous bytes: its UTF-8 view's iterator costs several times
        // more, and every event's topic goes through here.
        var text = self
        let needed = text.withUTF8 { bytes in
            bytes.contains { ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) || $0 >= 0x80 }
        }
        return needed ? lowercased() : self
    }
}
