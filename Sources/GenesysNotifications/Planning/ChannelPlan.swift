/// Where each wanted topic lives: channels of at most 1,000 topics, within the OAuth client's
/// 20-channel budget.
///
/// Pure: given the current placement and the topics wanted, ``replanned(wanting:)`` keeps topics
/// where they are (so running sockets need no change), drops what is no longer wanted, fills
/// free room first, opens channels only while the budget allows, and reports what cannot be placed.
public struct ChannelPlan: Sendable, Hashable {
    public struct Limits: Sendable, Hashable {
        /// Topics a channel may carry. The platform refuses more than 1,000; whether a combined
        /// topic counts once is UNCONFIRMED, so plans count individual topics.
        public var topicsPerChannel: Int
        /// Channels this plan may use: the OAuth client's 20 less those other processes hold.
        /// Creating a 21st channel silently evicts another, possibly one another process streams on.
        public var channels: Int

        public init(topicsPerChannel: Int = 1_000, channels: Int = 20) {
            self.topicsPerChannel = max(1, topicsPerChannel)
            self.channels = max(0, channels)
        }

        /// The budget left when `inUseElsewhere` channels of the same OAuth client exist.
        public static func remaining(afterChannelsInUse inUseElsewhere: Int, total: Int = 20) -> Limits {
            Limits(channels: max(0, total - inUseElsewhere))
        }
    }

    /// Why a topic has no channel.
    public enum Unplaced: Sendable, Hashable, CustomStringConvertible {
        case channelBudgetExhausted(channels: Int, topicsPerChannel: Int)

        public var description: String {
            switch self {
            case .channelBudgetExhausted(let channels, let perChannel):
                "no room: \(channels) channel(s) of \(perChannel) topics are full. Subscribe to fewer topics, use another OAuth client, or close other processes' channels of this client (switchboard channels prune)."
            }
        }
    }

    public let limits: Limits
    /// Topics per channel slot, in placement order.
    public private(set) var channels: [[Topic]]
    /// Topics that did not fit, with the reason.
    public private(set) var unplaced: [Topic: Unplaced]

    public init(limits: Limits = Limits()) {
        self.limits = limits
        self.channels = []
        self.unplaced = [:]
    }

    /// Every placed topic.
    public var placedTopics: Set<Topic> { Set(channels.joined()) }

    /// The slot carrying `topic`, if any.
    public func slot(of topic: Topic) -> Int? { channels.firstIndex { $0.contains(topic) } }

    /// A plan for `wanted` that moves as little as possible from this one.
    public func replanned(wanting wanted: some Sequence<Topic>) -> ChannelPlan {
        var order: [Topic] = []
        var wantedSet = Set<Topic>()
        for topic in wanted where wantedSet.insert(topic).inserted { order.append(topic) }

        var next = ChannelPlan(limits: limits)
        next.channels = channels.map { $0.filter { wantedSet.contains($0) } }
        var placed = Set(next.channels.joined())
        for topic in order where !placed.contains(topic) {
            if let slot = next.channels.firstIndex(where: { $0.count < limits.topicsPerChannel }) {
                next.channels[slot].append(topic)
            } else if next.channels.count < limits.channels {
                next.channels.append([topic])
            } else {
                next.unplaced[topic] = .channelBudgetExhausted(
                    channels: limits.channels, topicsPerChannel: limits.topicsPerChannel)
                continue
            }
            placed.insert(topic)
        }
        // Trailing empty slots are closed; empty slots in the middle stay so slot numbers keep
        // naming the same channels.
        while next.channels.last?.isEmpty == true { next.channels.removeLast() }
        return next
    }

    /// What changed for one slot between two plans.
    public struct SlotChange: Sendable, Hashable {
        public let slot: Int
        public let added: [Topic]
        public let removed: [Topic]
    }

    /// Per slot, the topics to add and to remove to go from `self` to `next`.
    public func changes(to next: ChannelPlan) -> [SlotChange] {
        (0..<max(channels.count, next.channels.count)).compactMap { slot in
            let before = slot < channels.count ? channels[slot] : []
            let after = slot < next.channels.count ? next.channels[slot] : []
            let beforeSet = Set(before)
            let afterSet = Set(after)
            let added = after.filter { !beforeSet.contains($0) }
            let removed = before.filter { !afterSet.contains($0) }
            return added.isEmpty && removed.isEmpty ? nil : SlotChange(slot: slot, added: added, removed: removed)
        }
    }
}
