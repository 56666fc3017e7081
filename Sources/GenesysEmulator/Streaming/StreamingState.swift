import StreamBatching

/// The streaming half's state inside ``EmulatorCore``.
struct StreamingState: Sendable {
    var registry = SocketRegistry()
    /// Each attached socket's command queue, drained by that socket's own task.
    var outbound: [SocketID: BatchedStream<SocketCommand>.Continuation] = [:]
    var log: PublishedLog
    var storm = RateLimitStorm()
    /// Events queued on each channel's socket and not yet written, for the firehose's pacing.
    var unwritten: [String: Int] = [:]
    /// Topic names as published → as the catalog spells them, and the lowercase key channels
    /// subscribe under: validating a name costs more than writing the event, and publishers
    /// repeat the same few thousand names.
    var canonicalNames: [String: CanonicalTopic] = [:]
    /// Where events' correlation ids come from (one `getrandom` call per id cost more than the
    /// rest of publishing).
    var identifiers = RandomIdentifier.Generator()
    /// Names remembered at most; past it the memory starts afresh.
    static let canonicalNameCapacity = 100_000

    init(configuration: EmulatorConfiguration) {
        log = PublishedLog(capacity: configuration.publishedLogCapacity)
    }
}

/// A topic as the catalog spells it, and the key subscriptions match it by.
struct CanonicalTopic: Sendable {
    let name: String
    let key: String

    init(_ name: String) {
        self.name = name
        key = name.lowercased()
    }
}

/// Why a channel ended while a socket may have been open on it.
enum ChannelEnd: Sendable {
    case evicted
    case expired
}
