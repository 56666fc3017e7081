/// The streaming half's state inside ``EmulatorCore``.
struct StreamingState: Sendable {
    var registry = SocketRegistry()
    /// Each attached socket's command queue, drained by that socket's own task.
    var outbound: [SocketID: AsyncStream<SocketCommand>.Continuation] = [:]
    var log: PublishedLog
    var storm = RateLimitStorm()
    /// Events queued on each channel's socket and not yet written, for the firehose's pacing.
    var unwritten: [String: Int] = [:]

    init(configuration: EmulatorConfiguration) {
        log = PublishedLog(capacity: configuration.publishedLogCapacity)
    }
}

/// Why a channel ended while a socket may have been open on it.
enum ChannelEnd: Sendable {
    case evicted
    case expired
}
