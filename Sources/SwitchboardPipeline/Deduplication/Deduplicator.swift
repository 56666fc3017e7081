import Foundation
import GenesysNotifications

/// Drops a notification already seen within a time window: the same event delivered on two
/// sockets across the overlap of a make-before-break rotation, or repeated by the platform.
///
/// A pure value: time arrives with every call (``admit(_:now:)``), so tests advance it by hand.
///
/// An event is known by its topic (case-insensitive) and `metadata.CorrelationId`, the platform's
/// id of one notification (see ``Key`` for how both are kept small). An event without a correlation id is known by its topic and a hash of
/// its body, so an identical body on the same topic within the window counts as the same event.
/// That hash is 64 bits (the standard library's seeded hasher, so key order in the JSON does not
/// matter): with 100,000 keys remembered, a new body matches a remembered hash by chance about
/// once in 10^14 events.
///
/// Backfill records are never dropped, and never remembered: they re-seed state after a gap or at
/// start-up, carry no correlation id, and often repeat a body already seen live, on purpose (the
/// state did not change during the gap). Dropping one would leave a view without the snapshot it
/// asked for; remembering one could drop a later live event that happens to carry the same body.
///
/// Memory is bounded: keys are forgotten when the window has passed, and, when
/// ``Configuration/maximumKeys`` is reached, oldest first (counted in
/// ``Counts/forgottenEarly``: a non-zero count means the window is not fully covered at this
/// event rate).
public struct Deduplicator: Sendable {
    /// How long and how much the deduplicator remembers.
    public struct Configuration: Sendable, Hashable {
        /// How long an event is remembered after it is first seen. A copy arriving this long after
        /// the original or later passes. The overlap of a socket rotation is at most about a minute.
        public var window: Duration
        /// The most keys remembered at once; beyond it the oldest are forgotten first.
        public var maximumKeys: Int

        public init(window: Duration = .seconds(300), maximumKeys: Int = 100_000) {
            self.window = window
            self.maximumKeys = max(1, maximumKeys)
        }
    }

    /// What the deduplicator has done so far.
    public struct Counts: Sendable, Hashable {
        /// Every envelope offered, backfill records included.
        public var seen = 0
        /// Envelopes let through (``seen`` less ``droppedAsDuplicate``).
        public var passed = 0
        /// Envelopes dropped as a copy of one seen within the window.
        public var droppedAsDuplicate = 0
        /// Backfill records let through without a check (also counted in ``passed``).
        public var backfillPassed = 0
        /// Keys forgotten before their window ended, to stay within ``Configuration/maximumKeys``.
        public var forgottenEarly = 0

        public init() {}
    }

    /// What to do with one envelope.
    public enum Verdict: Sendable, Hashable {
        /// First sighting (or a backfill record): deliver it.
        case pass
        /// Seen within the window: drop it.
        case duplicate
    }

    public let configuration: Configuration
    public private(set) var counts = Counts()
    private var memory = FirstSeenMemory<Key>()

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Keys remembered now.
    public var rememberedKeys: Int { memory.count }

    /// Decides whether `envelope` is new, and remembers it if so.
    public mutating func admit(_ envelope: NotificationEnvelope, now: ContinuousClock.Instant) -> Verdict {
        counts.seen += 1
        if envelope.isBackfill {
            counts.passed += 1
            counts.backfillPassed += 1
            return .pass
        }
        memory.forget(seenAtOrBefore: now - configuration.window)
        guard memory.insertIfNew(Key(envelope), at: now) else {
            counts.droppedAsDuplicate += 1
            return .duplicate
        }
        counts.forgottenEarly += memory.forget(downTo: configuration.maximumKeys)
        counts.passed += 1
        return .pass
    }

    /// How an event is known: its topic (without regard to case) and its correlation id, or a
    /// body hash.
    ///
    /// Small and free of strings, because one is looked up for every event: a correlation id in
    /// the platform's UUID shape is kept as its 128 bits, and the topic as a 64-bit FNV-1a digest
    /// of its case-folded bytes. The digest decides only between keys whose correlation id (or
    /// body hash) is already equal, which one notification id on two topics almost never is.
    struct Key: Hashable, Sendable {
        enum Identity: Hashable, Sendable {
            case correlationId(CorrelationKey)
            case bodyHash(Int)
        }

        let topic: UInt64
        let identity: Identity

        init(_ envelope: NotificationEnvelope) {
            topic = Self.foldedDigest(envelope.topicName)
            if let id = envelope.correlationId, !id.isEmpty {
                identity = .correlationId(CorrelationKey(id))
            } else {
                var hasher = Hasher()
                hasher.combine(envelope.eventBody)
                identity = .bodyHash(hasher.finalize())
            }
        }

        /// FNV-1a over the ASCII-lower-cased UTF-8 of `text`.
        static func foldedDigest(_ text: String) -> UInt64 {
            var text = text
            return text.withUTF8 { bytes in
                var digest: UInt64 = 0xcbf2_9ce4_8422_2325
                for byte in bytes {
                    let folded = byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
                    digest = (digest ^ UInt64(folded)) &* 0x0000_0100_0000_01b3
                }
                return digest
            }
        }
    }
}
