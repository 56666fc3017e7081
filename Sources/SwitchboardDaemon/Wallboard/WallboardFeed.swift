import Foundation
import ServiceLifecycle
import Synchronization
import Wallboard

/// Keeps the wallboard's snapshot (and the demo's terminal summary) current: every second it
/// reads the boards, the runtime's status and the watched names into a ``WallboardSnapshot``,
/// which pages then read without waiting.
public final class WallboardFeed: Service, Sendable {
    private let runtime: SwitchboardRuntime
    private let names: @Sendable () -> ResolvedWatch
    private let interval: Duration
    private let state: Mutex<(snapshot: WallboardSnapshot, sequence: Int)>

    public init(
        runtime: SwitchboardRuntime, names: @escaping @Sendable () -> ResolvedWatch, interval: Duration = .seconds(1)
    ) {
        self.runtime = runtime
        self.names = names
        self.interval = interval
        let empty = WallboardSnapshot(
            generatedAt: Date(), sequence: 0, health: .connecting, queues: [], agents: [])
        state = Mutex((empty, 0))
    }

    /// The snapshot as last refreshed.
    public var current: WallboardSnapshot { state.withLock { $0.snapshot } }

    /// Refreshes every interval until cancelled or shut down.
    public func run() async throws {
        await refresh()
        try? await cancelWhenGracefulShutdown { [self] in
            while (try? await Task.sleep(for: interval)) != nil { await refresh() }
        }
    }

    /// Builds a new snapshot now.
    public func refresh() async {
        let status = await runtime.status()
        let watched = names()
        let stage = runtime.stage
        let sequence = state.withLock { $0.sequence + 1 }
        let snapshot = WallboardSnapshot(
            agents: stage.agents, queues: stage.queues, queueNames: watched.queues, userNames: watched.users,
            health: WallboardHealth(status), now: Date(), sequence: sequence)
        state.withLock { $0 = (snapshot, sequence) }
    }
}

extension WallboardHealth {
    /// The connection's health as the runtime sees it.
    public init(_ status: RuntimeStatus) {
        let live = status.liveChannels
        let total = status.channels.count
        let state: State
        let summary: String
        if status.phase == .starting || (total == 0 && status.phase == .running) {
            (state, summary) = (.connecting, "Connecting")
        } else if status.phase != .running {
            (state, summary) = (.down, "Stopping")
        } else if live == 0 {
            (state, summary) = (.down, "No channel connected (\(total) reconnecting)")
        } else if live < total {
            (state, summary) = (.degraded, "\(live) of \(total) channels connected")
        } else {
            (state, summary) = (.healthy, total == 1 ? "Connected" : "\(total) channels connected")
        }
        self.init(
            state: state, summary: summary, channelsConnected: live, channelsTotal: total,
            eventsPerSecond: status.eventsPerSecond, eventsTotal: status.eventsSeen, lastEventAt: status.lastEventAt,
            gaps: status.gaps)
    }
}
