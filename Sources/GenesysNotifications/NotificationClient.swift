import Foundation
import GenesysCloud
import Logging
import ServiceLifecycle
import StreamBatching
import Synchronization

/// Streams Genesys Cloud notifications for any set of topics, and keeps streaming: it places the
/// topics on channels within the platform's limits, keeps one healthy socket per channel,
/// rotates, reconnects and replaces channels as needed, and reports every gap.
///
/// Run it as a ServiceLifecycle `Service` (or call ``run()`` in a task) and read ``events``.
/// A graceful shutdown deletes the subscriptions it made.
///
/// Events lost in a gap (the platform keeps no backlog) are re-seeded from REST where a snapshot
/// exists, and so is the state at start-up: see ``BackfillConfiguration``. Backfill records
/// arrive as ``NotificationEvent/event(_:)`` with ``NotificationEnvelope/origin`` `.backfill`.
public final class NotificationClient: Service, Sendable {
    public struct Configuration: Sendable {
        public var session: SessionConfiguration
        /// Count this OAuth client's existing channels at start and leave them their share of
        /// the 20-channel budget. Turn off only when this process is the client's sole user.
        public var respectExistingChannels: Bool
        public var topicsPerChannel: Int
        public var channelsPerClient: Int
        /// Messages larger than this are skipped and counted as malformed (`.oversized`).
        public var maximumFrameSize: Int
        /// Re-seeding state from REST at start-up and after gaps.
        public var backfill: BackfillConfiguration

        public init(
            session: SessionConfiguration = SessionConfiguration(), respectExistingChannels: Bool = true,
            topicsPerChannel: Int = 1_000, channelsPerClient: Int = 20, maximumFrameSize: Int = 1 << 20,
            backfill: BackfillConfiguration = BackfillConfiguration()
        ) {
            self.session = session
            self.respectExistingChannels = respectExistingChannels
            self.topicsPerChannel = topicsPerChannel
            self.channelsPerClient = channelsPerClient
            self.maximumFrameSize = maximumFrameSize
            self.backfill = backfill
        }
    }

    /// Events and health changes, in arrival order, with backfill records (and the live events
    /// held while they were fetched) placed as ``BackfillConfiguration`` describes. Buffered
    /// without bound so a slow reader never stalls a socket; bound it downstream with an explicit
    /// drop policy. Read it element by element (`for await event in client.events`), or a batch
    /// at a time with `next()`: everything that arrived since the last call.
    public let events: BatchedStream<NotificationEvent>
    private let sink: BatchedStream<NotificationEvent>.Continuation
    private let commands: AsyncStream<Command>
    private let commandInbox: AsyncStream<Command>.Continuation
    private let api: GenesysCloudClient
    private let configuration: Configuration
    private let logger: Logger
    private let initialTopics: [Topic]
    /// The running sessions by slot, for ``channels``.
    private let running = Mutex<[Int: ChannelSession]>([:])

    enum Command: Sendable {
        case setTopics([Topic])
        case shutdown
    }

    public init(
        api: GenesysCloudClient, topics: [Topic], configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "genesys.notifications")
    ) {
        self.api = api
        self.initialTopics = topics
        self.configuration = configuration
        self.logger = logger
        (events, sink) = BatchedStream.makeStream(of: NotificationEvent.self)
        (commands, commandInbox) = AsyncStream.makeStream(of: Command.self)
    }

    /// Replaces the set of topics while running; channels are re-planned with as little movement
    /// as possible.
    public func setTopics(_ topics: [Topic]) { commandInbox.yield(.setTopics(topics)) }

    /// Every channel as it stands, by slot: connection, topics, channel age, last frame. Empty
    /// before ``run()`` has planned and after it returns.
    public var channels: [ChannelStatus] {
        running.withLock { Array($0.values) }.map(\.status).sorted { $0.slot < $1.slot }
    }

    /// Stops streaming: sockets close and subscriptions are deleted, then ``run()`` returns.
    public func shutdown() { commandInbox.yield(.shutdown) }

    public func run() async throws {
        defer {
            running.withLock { $0 = [:] }
            sink.finish()
        }
        var limits = ChannelPlan.Limits(
            topicsPerChannel: configuration.topicsPerChannel, channels: configuration.channelsPerClient)
        if configuration.respectExistingChannels {
            let existing = try await api.channels(scope: .oauthClient).count
            limits.channels = max(0, configuration.channelsPerClient - existing)
            if existing > 0 {
                logger.notice("channels already in use by this OAuth client", metadata: ["count": "\(existing)"])
            }
        }
        var plan = ChannelPlan(limits: limits)
        var sessions: [Int: ChannelSession] = [:]
        var backfills: [Int: SlotBackfill] = [:]
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                func apply(_ wanted: [Topic]) {
                    let next = plan.replanned(wanting: wanted)
                    reportUnplaced(next)
                    for change in plan.changes(to: next) {
                        let topics = change.slot < next.channels.count ? next.channels[change.slot] : []
                        if let session = sessions[change.slot] {
                            if topics.isEmpty {
                                session.stop()
                                sessions[change.slot] = nil
                                running.withLock { $0[change.slot] = nil }
                                backfills[change.slot] = nil
                            } else {
                                backfills[change.slot]?.setTopics(topics)
                                session.setTopics(topics)
                            }
                        } else if !topics.isEmpty {
                            let backfill = makeBackfill(slot: change.slot, topics: topics)
                            let output: @Sendable (NotificationEvent) -> Void =
                                if let backfill { { backfill.receive($0) } } else { { [sink] in sink.yield($0) } }
                            let session = ChannelSession(
                                slot: change.slot, topics: topics, api: api, configuration: configuration.session,
                                maximumFrameSize: configuration.maximumFrameSize, logger: logger, output: output)
                            sessions[change.slot] = session
                            running.withLock { $0[change.slot] = session }
                            backfills[change.slot] = backfill
                            group.addTask {
                                // The slot's backfill lives as long as its session; when the
                                // session ends, anything still held is delivered.
                                await withDiscardingTaskGroup { slotGroup in
                                    if let backfill { slotGroup.addTask { await backfill.run() } }
                                    await session.run()
                                    slotGroup.cancelAll()
                                }
                            }
                        }
                    }
                    plan = next
                }
                apply(initialTopics)
                for await command in commands {
                    switch command {
                    case .setTopics(let topics):
                        apply(topics)
                    case .shutdown:
                        for session in sessions.values { session.stop() }
                        return
                    }
                }
            }
        } onGracefulShutdown: { [commandInbox] in
            commandInbox.yield(.shutdown)
        }
    }

    private func makeBackfill(slot: Int, topics: [Topic]) -> SlotBackfill? {
        guard configuration.backfill.enabled else { return nil }
        return SlotBackfill(
            slot: slot, topics: topics, source: api, configuration: configuration.backfill, logger: logger,
            output: { [sink] in sink.yield($0) })
    }

    private func reportUnplaced(_ plan: ChannelPlan) {
        guard !plan.unplaced.isEmpty else { return }
        let topics = plan.unplaced.keys.sorted()
        let reason = plan.unplaced.values.first.map(String.init(describing:)) ?? "no room"
        logger.warning("topics not placed", metadata: ["count": "\(topics.count)", "reason": "\(reason)"])
        sink.yield(
            .health(HealthEvent(slot: -1, channel: nil, at: Date(), kind: .topicsUnplaced(topics, reason: reason))))
    }
}
