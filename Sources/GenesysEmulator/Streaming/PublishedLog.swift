import Foundation

/// One published event, as the emulator's ground truth for tests.
public struct PublishedEvent: Sendable, Hashable {
    /// The individual topic, as written in the envelope's `topicName`.
    public var topic: String
    /// The envelope's `metadata.CorrelationId`.
    public var correlationId: String
    public var publishedAt: Date
    /// Channels subscribed to the topic whose socket the event was queued on.
    public var queuedFor: [String]
    /// Channels whose socket wrote the event completely (a duplicate write counts once).
    public var writtenTo: [String]
    /// Channels subscribed to the topic that had no socket: the event was dropped for them, as the
    /// platform does (no buffering, reference §4.3).
    public var droppedFor: [String]
}

/// The last `capacity` published events. Older ones are forgotten, so a long-running emulator
/// with a generator does not grow without bound; trimming happens in batches of an eighth of the
/// capacity to keep publishing O(1) on average.
struct PublishedLog: Sendable {
    let capacity: Int
    private var entries: [PublishedEvent] = []
    /// Sequence number of `entries[0]`.
    private var firstSequence = 0
    /// Events dropped for at least one channel without a socket, ever.
    private(set) var droppedDeliveries = 0

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// The sequence number the next event appended gets.
    var nextSequence: Int { firstSequence + entries.count }

    /// Appends `event`; returns its sequence number, by which its writes are recorded.
    @discardableResult
    mutating func append(_ event: PublishedEvent) -> Int {
        let sequence = nextSequence
        entries.append(event)
        droppedDeliveries += event.droppedFor.count
        let slack = max(1, capacity / 8)
        if entries.count >= capacity + slack {
            let excess = entries.count - capacity
            entries.removeFirst(excess)
            firstSequence += excess
        }
        return sequence
    }

    /// Notes that `channelId`'s socket wrote event number `sequence`; forgotten events are ignored.
    mutating func recordWrite(sequence: Int, channelId: String) {
        let index = sequence - firstSequence
        guard entries.indices.contains(index), !entries[index].writtenTo.contains(channelId) else { return }
        entries[index].writtenTo.append(channelId)
    }

    /// Oldest first, at most `capacity` events.
    var events: [PublishedEvent] { Array(entries.suffix(capacity)) }
}
