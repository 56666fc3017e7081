/// The shared secret that signs web hook requests. It never shows itself: its description, debug
/// description and mirror (what `print`, string interpolation, `dump` and logs use) all read
/// `<redacted>`, so a configuration can be logged whole.
public struct WebhookSecret: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The secret's UTF-8 bytes, the HMAC key.
    let bytes: [UInt8]

    /// A secret from its text (as both sides configure it); its UTF-8 bytes are the HMAC key.
    public init(_ text: String) {
        bytes = Array(text.utf8)
    }

    /// True for an empty secret, which signs nothing a receiver could trust.
    public var isEmpty: Bool { bytes.isEmpty }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "WebhookSecret(<redacted>)" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
