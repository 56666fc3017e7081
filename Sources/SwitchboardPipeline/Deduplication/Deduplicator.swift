import Foundation
import GenesysNotifications

/// Drops a notification already seen within a time window: the same event delivered on two
/// sockets across the overlap of a make-before-break rotation, or repeated by the platform.
///
/// A pure value: time arrives with every call (``admit(_:now:)``), so tests advance it by hand.
///
/// An event is known by its topic (case-insensitive) and `metadata.CorrelationId`, the platform's
/// id of one notification; an event without a correlation id by its topic and a hash of its body,
/// so an identical body on the same topic within the window counts as the same event (the
/// standard library's seeded hasher, so key order in the JSON does not matter). Both are kept as
/// one 64-bit digest (``Key``).
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

    /// How an event is known: one 64-bit digest of its topic (without regard to case) and its
    /// correlation id, or of its topic and a hash of its body.
    ///
    /// Small and free of strings, because one is looked up for every event and up to
    /// ``Configuration/maximumKeys`` are remembered: a key is eight bytes in a set and, with the
    /// instant it was seen, 24 in the time order; at most about 7 MB at 100,000 keys (a key of
    /// the topic's digest and the id's 128 bits, in a dictionary, took some 25 MB). A correlation
    /// id in the platform's UUID shape is read as its bits, so either case of a hex digit is the
    /// same id. With 100,000 keys remembered, a new event's digest equals a remembered one by
    /// chance about once in 10^14 events.
    struct Key: Hashable, Sendable {
        let digest: UInt64

        init(_ envelope: NotificationEnvelope) {
            let topic = Self.foldedDigest(envelope.topicName)
            let identity: UInt64
            if let id = envelope.correlationId, !id.isEmpty {
                identity = CorrelationKey(id).digest
            } else {
                var hasher = Hasher()
                hasher.combine(envelope.eventBody)
                identity = UInt64(truncatingIfNeeded: hasher.finalize()) ^ 0xB0D7_0000_0000_0000
            }
            digest = Self.mix(topic ^ Self.mix(identity))
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

        /// The finaliser of SplitMix64: every bit of `value` moves about half the bits of the result,
        /// so combining two digests with `^` does not cancel structure the two share.
        static func mix(_ value: UInt64) -> UInt64 {
            var z = value &+ 0x9E37_79B9_7F4A_7C15
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
