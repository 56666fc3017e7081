/// The streaming half's state inside ``EmulatorCore``.
struct StreamingState: Sendable {
    var registry = SocketRegistry()
    /// Each attached socket's command queue, drained by that socket's own task.
    var outbound: [SocketID: AsyncStream<SocketCommand>.Continuation] = [:]
    var log: PublishedLog
    var storm = RateLimitStorm()
    var generator: EventGenerator

    init(configuration: EmulatorConfiguration) {
        log = PublishedLog(capacity: configuration.publishedLogCapacity)
        generator = EventGenerator(seed: configuration.organization.seed)
    }
}

/// Why a channel ended while a socket may have been open on it.
enum ChannelEnd: Sendable {
    case evicted
    case expired
}
