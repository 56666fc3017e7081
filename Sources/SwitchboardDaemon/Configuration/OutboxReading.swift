import SwitchboardSinks

/// Reads `outbox:`; nil when it names no path (no sink can then be durable).
enum OutboxReading {
    static func read(_ section: SectionReader) -> OutboxSettings? {
        var configuration = Outbox.Configuration()
        if let rows = section.value("maximumRowsPerSink")?.integer(in: 1...100_000_000) {
            configuration.maximumRowsPerSink = rows
        }
        if let policy = section.value("whenFull")?.choice(OutboxFullPolicy.self) { configuration.whenFull = policy }
        guard let path = section.value("path")?.text(describing: "the path of the outbox file") else { return nil }
        return OutboxSettings(path: path, configuration: configuration)
    }
}
