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
    /// Topic names as published → as the catalog spells them: validating a name costs more than
    /// writing the event, and publishers repeat the same few thousand names.
    var canonicalNames: [String: String] = [:]
    /// Names remembered at most; past it the memory starts afresh.
    static let canonicalNameCapacity = 100_000

    init(configuration: EmulatorConfiguration) {
        log = PublishedLog(capacity: configuration.publishedLogCapacity)
    }
}

/// Why a channel ended while a socket may have been open on it.
enum ChannelEnd: Sendable {
    case evicted
    case expired
}
