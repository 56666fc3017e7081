import SwitchboardPipeline
import SwitchboardSinks

/// One sink of the configuration file, validated: what to build, what it receives and how it is
/// queued. Nothing is opened or connected until the daemon builds the sink.
///
/// Printing a spec never shows a secret: ``WebhookConfiguration`` and ``RedisConfiguration``
/// redact theirs.
public struct SinkSpec: Sendable {
    /// The sink itself.
    public enum Kind: Sendable {
        /// `type: jsonl`: ``JSONLinesSink``.
        case jsonLines(JSONLinesSink.Destination)
        /// `type: webhook`: ``WebhookSink``, its secret already read.
        case webhook(WebhookConfiguration)
        /// `type: redis`: ``RedisSink``, its password already read.
        case redis(RedisSink.Configuration)

        /// The `type` as written in the file.
        public var typeName: String {
            switch self {
            case .jsonLines: "jsonl"
            case .webhook: "webhook"
            case .redis: "redis"
            }
        }
    }

    /// What the sink receives (`records:`, one or a list).
    public enum Content: String, Sendable, Hashable, CaseIterable {
        /// Every event the pipeline delivers, as a ``Delivery``.
        case events
        /// Only events that carry a ``RoutingInteractionRecord`` (user and queue conversations).
        case interactions
        /// Agents' presence and routing-status changes.
        case presenceDeltas
        /// Summaries of closed statistics windows.
        case windows
        /// Statistics far from the rest of their window.
        case outliers

        var selection: DeliverySelection {
            switch self {
            case .events: .events
            case .interactions: .interactions
            case .presenceDeltas: .presenceDeltas
            case .windows: .windows
            case .outliers: .outliers
            }
        }
    }

    /// How deliveries wait for the sink.
    public enum Queueing: Sendable, Hashable {
        /// In memory, bounded (`durable: false`, the default).
        case memory(SinkQueue.Configuration)
        /// In the outbox on disk, delivered at least once across restarts (`durable: true`).
        case durable(DurableSinkQueue.Configuration)
        /// In memory while there is room, and what does not fit in the outbox (`overflow: spill`).
        case spilling(SinkQueue.Configuration, DurableSinkQueue.Configuration)
    }

    /// Unique among the sinks; a durable sink's deliveries are kept under it in the outbox, so it
    /// must stay the same across restarts for leftovers to be delivered.
    public var name: String
    public var kind: Kind
    /// What the sink receives, in the order the file names them.
    public var records: [Content]
    public var queueing: Queueing
    /// Where given-up batches are written (``DeadLetterFile``); nil drops them after logging.
    public var deadLetterPath: String?

    /// What the runtime offers the sink.
    public var selection: DeliverySelection {
        records.reduce(into: DeliverySelection()) { $0.formUnion($1.selection) }
    }

    public init(name: String, kind: Kind, records: [Content], queueing: Queueing, deadLetterPath: String?) {
        self.name = name
        self.kind = kind
        self.records = records
        self.queueing = queueing
        self.deadLetterPath = deadLetterPath
    }

    /// Whether deliveries go through the outbox.
    public var isDurable: Bool {
        if case .durable = queueing { return true }
        if case .spilling = queueing { return true }
        return false
    }
}
