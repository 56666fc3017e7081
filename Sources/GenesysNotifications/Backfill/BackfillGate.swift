import GenesysCloud

/// The ordering rule of backfill for one channel slot, as a plain value.
///
/// While a snapshot is fetched, live events of the topics it re-seeds are held; when it is in,
/// its records go out first and the held events right after them. Events delivered before the
/// hold began were received before the snapshot was asked for, so the snapshot is at least as
/// new; events held are delivered after it; state events are absolute, so folding them in this
/// order ends at the platform's current state.
///
/// A pass asks for its snapshots in several requests (100 users, or a number of queues, each),
/// and a topic is held only while its own request is in flight (``narrow(to:)``): the hold is
/// then bounded by one request's topics and time, not the whole pass's. At 1,000 busy topics a
/// channel, holding every topic of a pass until its last request was in filled any bound within
/// seconds. A pass starts holding all its topics (the start-up pass from the moment the slot
/// exists, so nothing of them goes out before the pass has begun), and lets go of the ones not
/// asked for first when its first request is sent.
///
/// A gap that ends while a pass runs is queued and runs as the next pass. The hold is bounded:
/// when ``maximumHeld`` is reached, the held events are delivered at once and the pass starts
/// over (the snapshot being fetched could now be older than events already delivered, so it is
/// discarded), at most ``maximumRestarts`` times; then the pass gives up and is reported failed.
struct BackfillGate: Sendable {
    /// One backfill pass: what it re-seeds and why.
    struct Pass: Sendable, Hashable {
        let id: Int
        let reason: BackfillReason
        let topics: [Topic]
        /// Start-overs before this run of the pass.
        let restarts: Int
    }

    enum LiveDecision: Sendable, Equatable {
        case deliver
        case hold
        /// The hold buffer is full: deliver these now, oldest first. `restart` is the pass to run
        /// in place of the current one; nil when the pass has used its restarts and gives up.
        case overflow(deliver: [NotificationEnvelope], restart: Pass?)
    }

    /// What to do when a pass completes.
    struct Completion: Sendable, Equatable {
        /// False when the pass gave up after overflowing: snapshots from then on were discarded.
        let emitRecords: Bool
        /// Live events still held (those of the last request), oldest first: deliver them now.
        let release: [NotificationEnvelope]
        let pass: Pass
        /// The pass to start next, for a gap that ended meanwhile.
        let next: Pass?
    }

    let maximumHeld: Int
    let maximumRestarts: Int
    /// The pass in flight.
    private(set) var current: Pass?
    /// Case-folded names of the topics being held.
    private var holding: Set<String> = []
    private var held: [NotificationEnvelope] = []
    private var gaveUp = false
    private var pending: (reason: BackfillReason, topics: [Topic])?
    private var nextID = 1

    init(maximumHeld: Int, maximumRestarts: Int) {
        self.maximumHeld = max(0, maximumHeld)
        self.maximumRestarts = max(0, maximumRestarts)
    }

    /// Events held now.
    var heldCount: Int { held.count }

    /// Asks for a pass; returns it when it should start now (its topics are held from now on),
    /// nil when one is in flight (this one then runs next, merged with any other waiting).
    mutating func request(_ reason: BackfillReason, topics: [Topic]) -> Pass? {
        guard current != nil else { return start(reason, topics, restarts: 0) }
        if let waiting = pending {
            pending = (Self.merge(waiting.reason, reason), Self.union(waiting.topics, topics))
        } else {
            pending = (reason, topics)
        }
        return nil
    }

    /// A live event arrived.
    mutating func live(_ envelope: NotificationEnvelope) -> LiveDecision {
        guard !holding.isEmpty, holding.contains(Self.key(of: envelope)) else { return .deliver }
        guard held.count >= maximumHeld else {
            held.append(envelope)
            return .hold
        }
        let flushed = held + [envelope]
        held = []
        guard let pass = current, pass.restarts < maximumRestarts else {
            holding = []
            gaveUp = true
            return .overflow(deliver: flushed, restart: nil)
        }
        return .overflow(
            deliver: flushed, restart: start(pass.reason, pass.topics, restarts: pass.restarts + 1))
    }

    /// False once the pass in flight gave up after overflowing: it holds nothing, and snapshots
    /// fetched from then on are discarded.
    var emitsRecords: Bool { !gaveUp }

    /// The pass is about to ask for the snapshot of `topics`: from now on only they are held.
    /// Returns the events held of other topics, oldest first, to deliver now: topics of the
    /// previous request, whose records are out, and topics whose snapshot is still to be asked
    /// for (it will be at least as new as they are).
    mutating func narrow(to topics: [Topic]) -> [NotificationEnvelope] {
        guard current != nil, !gaveUp else { return [] }
        holding = Set(topics.filter(\.family.isBackfillable).map(\.key))
        guard !held.isEmpty else { return [] }
        var released: [NotificationEnvelope] = []
        var kept: [NotificationEnvelope] = []
        for envelope in held {
            if holding.contains(Self.key(of: envelope)) {
                kept.append(envelope)
            } else {
                released.append(envelope)
            }
        }
        held = kept
        return released
    }

    /// The key `holding` knows the envelope's topic by (``Topic/key``), without a new string for a
    /// name already in lower case: every live event of a slot is looked up while a pass runs.
    private static func key(of envelope: NotificationEnvelope) -> String {
        envelope.topicName.lowercasedIfNeeded()
    }

    /// Whether `id` is still the pass in flight (a restart replaces it).
    func isCurrent(_ id: Int) -> Bool { current?.id == id }

    /// The pass `id` has asked for all its snapshots, and delivered those it kept; nil when it is
    /// no longer current (replaced by a restart).
    mutating func complete(_ id: Int) -> Completion? {
        guard let pass = current, pass.id == id else { return nil }
        let completion = Completion(emitRecords: !gaveUp, release: held, pass: pass, next: nil)
        held = []
        holding = []
        gaveUp = false
        current = nil
        guard let waiting = pending else { return completion }
        pending = nil
        let next = start(waiting.reason, waiting.topics, restarts: 0)
        return Completion(emitRecords: completion.emitRecords, release: completion.release, pass: pass, next: next)
    }

    /// Stopping: every held event, oldest first, to deliver before the stream ends.
    mutating func abandon() -> [NotificationEnvelope] {
        defer {
            held = []
            holding = []
            current = nil
            pending = nil
            gaveUp = false
        }
        return held
    }

    private mutating func start(_ reason: BackfillReason, _ topics: [Topic], restarts: Int) -> Pass {
        let pass = Pass(id: nextID, reason: reason, topics: topics, restarts: restarts)
        nextID += 1
        current = pass
        holding = Set(topics.filter(\.family.isBackfillable).map(\.key))
        gaveUp = false
        return pass
    }

    /// Two reasons as one: a gap wins over start-up; two gaps span both.
    static func merge(_ first: BackfillReason, _ second: BackfillReason) -> BackfillReason {
        switch (first, second) {
        case (.startup, let other), (let other, .startup): other
        case (.gap(let a), .gap(let b)):
            .gap(Gap(start: min(a.start, b.start), end: max(a.end, b.end), topics: union(a.topics, b.topics)))
        }
    }

    static func union(_ first: [Topic], _ second: [Topic]) -> [Topic] {
        var seen = Set(first)
        return first + second.filter { seen.insert($0).inserted }
    }
}
