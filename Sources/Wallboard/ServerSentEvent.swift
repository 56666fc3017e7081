/// The text of server-sent events (the HTML standard's `text/event-stream`).
enum ServerSentEvent {
    /// One event: `event:` and `id:` lines, then the data, one `data:` line per line of it (a
    /// line break inside a `data:` line would end the field), then the blank line that ends it.
    static func event(_ name: String, id: String? = nil, data: String) -> String {
        var text = "event: \(name)\n"
        if let id { text += "id: \(id)\n" }
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) {
            text += "data: \(line)\n"
        }
        return text + "\n"
    }

    /// A comment line: ignored by the browser, but traffic for proxies that close quiet
    /// connections.
    static func comment(_ text: String) -> String { ": \(text)\n\n" }

    /// How long the browser waits before reconnecting after the stream drops.
    static func retry(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return "retry: \(max(0, milliseconds))\n\n"
    }
}
