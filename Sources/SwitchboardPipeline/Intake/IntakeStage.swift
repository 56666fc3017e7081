import GenesysNotifications
import Synchronization

/// Runs an ``Intake`` over a stream of notifications (such as `NotificationClient.events`) and
/// keeps its counts readable from anywhere (a metrics exporter, a status line).
///
/// The stream is transformed lazily, item by item, with no task or buffer of its own, so a slow
/// consumer slows the reader as directly as before. All decisions are the ``Intake``'s; this type
/// only holds it behind a lock and reads the clock.
///
/// ```swift
/// let intake = IntakeStage(configuration: .init(filter: filter))
/// for await item in intake.run(client.events) { … }
/// ```
public final class IntakeStage: Sendable {
    private let state: Mutex<Intake>
    private let now: @Sendable () -> ContinuousClock.Instant

    /// `now` is the clock the de-duplication window runs on; tests pass their own.
    public init(
        configuration: Intake.Configuration = .init(),
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.state = Mutex(Intake(configuration: configuration))
        self.now = now
    }

    /// The counts so far.
    public var counts: Intake.Counts { state.withLock { $0.counts } }

    /// One item through the intake; nil when it is dropped.
    public func admit(_ item: NotificationEvent) -> IntakeOutput? {
        verdict(on: item).output
    }

    /// One item through the intake, with what became of it: for metrics, which count drops by
    /// reason and topic family.
    public func verdict(on item: NotificationEvent) -> Intake.Verdict {
        let instant = now()
        return state.withLock { $0.admit(item, now: instant) }
    }

    /// `events` with duplicates and filtered events removed and the rest decoded. Several runs of
    /// one stage share its memory and counts.
    public func run<Events: AsyncSequence>(
        _ events: Events
    ) -> AsyncCompactMapSequence<Events, IntakeOutput> where Events.Element == NotificationEvent {
        events.compactMap { [self] item in self.admit(item) }
    }
}
