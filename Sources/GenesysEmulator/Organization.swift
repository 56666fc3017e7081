import Foundation

/// One of the ten system presences, with its spelling on each surface of the platform.
public struct SystemPresenceKind: Sendable, Hashable {
    /// The fixed definition id every organisation shares.
    public let id: String
    /// `/api/v2/presence/definitions` spelling (`OnQueue`).
    public let restName: String
    /// Legacy `/api/v2/presencedefinitions` and user-expansion spelling (`On Queue`).
    public let legacyName: String
    /// Event and analytics spelling (`ON_QUEUE`).
    public let eventName: String

    public static let available = Self(
        id: "6a3af858-942f-489d-9700-5f9bcdcdae9b", restName: "Available", legacyName: "Available",
        eventName: "AVAILABLE")
    public static let busy = Self(
        id: "31fe3bac-dea6-44b7-bed7-47f91660a1a0", restName: "Busy", legacyName: "Busy", eventName: "BUSY")
    public static let away = Self(
        id: "5e5c5c66-ea97-4e7f-ac41-6424784829f2", restName: "Away", legacyName: "Away", eventName: "AWAY")
    public static let breakTime = Self(
        id: "227b37e2-f1d0-4dd0-8f50-badd7cf6d158", restName: "Break", legacyName: "Break", eventName: "BREAK")
    public static let meal = Self(
        id: "3fd96123-badb-4f69-bc03-1b1ccc6d8014", restName: "Meal", legacyName: "Meal", eventName: "MEAL")
    public static let meeting = Self(
        id: "bbdff279-7ae1-48ea-bade-7831d7234c64", restName: "Meeting", legacyName: "Meeting", eventName: "MEETING")
    public static let training = Self(
        id: "d2390a99-8546-bad9-8f0a-219548e8aeb0", restName: "Training", legacyName: "Training", eventName: "TRAINING")
    public static let onQueue = Self(
        id: "e08eaf1b-ee47-4fa9-a231-1200e284798f", restName: "OnQueue", legacyName: "On Queue", eventName: "ON_QUEUE")
    public static let idle = Self(
        id: "7ffa01cd-7866-4ad7-8faa-31e11b42f51f", restName: "Idle", legacyName: "Idle", eventName: "IDLE")
    public static let offline = Self(
        id: "ccf3c10a-aa2c-4845-8e8d-f59fa48c58e5", restName: "Offline", legacyName: "Offline", eventName: "OFFLINE")

    public static let all: [Self] = [available, busy, away, breakTime, meal, meeting, training, onQueue, idle, offline]
}

/// A presence of the organisation: a system presence or a custom one mapped onto it.
public struct OrganizationPresence: Sendable, Hashable {
    public let id: String
    public let label: String
    public let system: SystemPresenceKind
    public let isSystem: Bool
}

public struct Agent: Sendable, Hashable {
    public let id: String
    public var name: String
    public var email: String
    public var title: String
    public var department: String
    public var presenceId: String
    public var presenceModified: Date
    public var routingStatus: String
    public var routingStatusStart: Date
    public var queueIds: [String]
}

public struct RoutingQueueRecord: Sendable, Hashable {
    public let id: String
    public var name: String
    public var description: String
    public var memberIds: [String]
    public var mediaTypes: [String]
    /// Fraction of interactions to answer within ``serviceLevelDurationMs`` (0.8 = 80 %).
    public var serviceLevelTarget: Double
    public var serviceLevelDurationMs: Int
    public var created: Date
}

/// One queue segment of a live conversation: waiting, alerting an agent, connected to one, or in
/// the agent's after-call work. A conversation transferred to another queue has one segment per
/// queue; only the last can be anything but `afterCallWork`.
public struct ActiveInteraction: Sendable, Hashable {
    public enum State: String, Sendable { case waiting, alerting, interacting, afterCallWork }
    public let conversationId: String
    public var queueId: String
    public var mediaType: String
    public var state: State
    public var agentId: String?
    public var enteredQueue: Date
    /// When the customer joined the conversation (the first segment's queue entry).
    public var customerConnected: Date
    /// When the current agent's alert began.
    public var alertStarted: Date?
    public var answered: Date?
    /// When the current hold began; nil while not held.
    public var holdStarted: Date?
    public var holdMs = 0
    /// When the agent's leg ended (the customer hung up, or the agent transferred them on).
    public var agentEnded: Date?
    /// Whether the agent's leg ended in a transfer to another queue.
    public var transferredOut = false
    /// When the customer left; nil while they are still there (or were transferred on).
    public var customerEnded: Date?
    /// Time this segment spent alerting agents who did not answer, in milliseconds.
    public var notRespondingMs = 0
    /// Alerts of this segment that timed out: the agent legs the conversation keeps, ended.
    public var missedAlerts: [MissedAlert] = []

    public struct MissedAlert: Sendable, Hashable {
        public let agentId: String
        public let started: Date
        public let ended: Date
    }
    /// The wrap-up code the agent chose, once after-call work is done.
    public var wrapupCode: String?
    public var afterCallWorkEnded: Date?

    public init(
        conversationId: String, queueId: String, mediaType: String, state: State, agentId: String?,
        enteredQueue: Date, customerConnected: Date? = nil
    ) {
        self.conversationId = conversationId
        self.queueId = queueId
        self.mediaType = mediaType
        self.state = state
        self.agentId = agentId
        self.enteredQueue = enteredQueue
        self.customerConnected = customerConnected ?? enteredQueue
    }

    public var isHeld: Bool { holdStarted != nil }
}

/// A finished queue segment, kept for aggregate queries. Durations in milliseconds.
public struct CompletedInteraction: Sendable, Hashable {
    public var queueId: String
    public var mediaType: String
    public var offered: Date
    public var waitMs: Int
    public var answered: Bool
    public var alertMs: Int
    public var talkMs: Int
    public var holdMs: Int
    public var acwMs: Int
    /// The agent passed the customer on to another queue.
    public var transferred = false
    /// Alerts that timed out before this segment was answered or abandoned.
    public var notRespondingMs = 0
    /// A segment still in progress, counted only as offered: the platform counts an offer when
    /// it happens, everything else when the segment completes.
    public var isOpen = false
    public var handleMs: Int { talkMs + holdMs + acwMs }
}

/// The emulated organisation: its users, queues, presences and conversations.
public struct Organization: Sendable {
    public let id: String
    public let name: String
    public let divisionId: String
    public let divisionName = "Home"
    public var presences: [OrganizationPresence]
    public var agents: [Agent]
    public var queues: [RoutingQueueRecord]
    public var active: [ActiveInteraction]
    public var history: [CompletedInteraction]

    private var agentIndex: [String: Int]
    private var queueIndex: [String: Int]

    public func agent(_ id: String) -> Agent? { agentIndex[id.lowercased()].map { agents[$0] } }
    public func queue(_ id: String) -> RoutingQueueRecord? { queueIndex[id.lowercased()].map { queues[$0] } }
    /// Where the queue `id` stands in ``queues``.
    func queuePosition(_ id: String) -> Int? { queueIndex[id.lowercased()] }
    public func presence(_ id: String) -> OrganizationPresence? { presences.first { $0.id == id } }

    /// Changes one agent in place; false when no agent has that id. The id cannot change.
    @discardableResult
    public mutating func modifyAgent(_ id: String, _ change: (inout Agent) -> Void) -> Bool {
        guard let index = agentIndex[id.lowercased()] else { return false }
        change(&agents[index])
        return true
    }

    private static let firstNames = [
        "Aisha", "Ben", "Carla", "Dmitri", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi", "Liam",
        "Maya", "Nils", "Olga", "Pedro", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wen", "Ximena", "Yusuf",
        "Zoe",
    ]
    private static let lastNames = [
        "Adams", "Berg", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ivanova", "Jensen", "Kowalski",
        "Lopez", "Moreau", "Nakamura", "Okafor", "Popescu", "Quist", "Rossi", "Silva", "Tanaka", "Urban", "Virtanen",
    ]
    private static let queueNames = [
        "Sales", "Support", "Billing", "Retention", "Technical", "Claims", "Bookings", "Priority", "Returns",
        "Onboarding",
    ]

    /// Builds the organisation `spec` describes; the same spec and start time give the same organisation.
    public static func generate(_ spec: OrganizationSpec, now: Date) -> Organization {
        var random = SeededGenerator(seed: spec.seed)
        let orgId = random.uuid()
        let divisionId = random.uuid()

        var presences = SystemPresenceKind.all.map {
            OrganizationPresence(id: $0.id, label: $0.legacyName, system: $0, isSystem: true)
        }
        presences.append(OrganizationPresence(id: random.uuid(), label: "Lunch", system: .meal, isSystem: false))
        presences.append(OrganizationPresence(id: random.uuid(), label: "Coaching", system: .busy, isSystem: false))

        var queues: [RoutingQueueRecord] = (0..<max(0, spec.queues)).map { index in
            let base = queueNames[index % queueNames.count]
            let name = index < queueNames.count ? base : "\(base) \(index / queueNames.count + 1)"
            let media =
                index % 3 == 1 ? ["voice", "chat", "message"] : (index % 3 == 2 ? ["voice", "email"] : ["voice"])
            return RoutingQueueRecord(
                id: random.uuid(), name: name, description: "\(name) queue", memberIds: [], mediaTypes: media,
                serviceLevelTarget: 0.8, serviceLevelDurationMs: 20_000, created: now.addingTimeInterval(-86_400 * 90))
        }

        var agents: [Agent] = []
        for index in 0..<max(0, spec.agents) {
            let first = firstNames[index % firstNames.count]
            let last = lastNames[(index / firstNames.count + index * 7) % lastNames.count]
            let id = random.uuid()
            var memberships: [String] = []
            if !queues.isEmpty {
                let count = Int.random(in: 1...min(3, queues.count), using: &random)
                var picks = Set<Int>([index % queues.count])
                while picks.count < count { picks.insert(Int.random(in: 0..<queues.count, using: &random)) }
                for pick in picks.sorted() {
                    memberships.append(queues[pick].id)
                    queues[pick].memberIds.append(id)
                }
            }
            let roll = Double.random(in: 0..<1, using: &random)
            let presence: OrganizationPresence
            let status: String
            switch roll {
            case ..<0.7:
                presence = presences[7]
                status = Double.random(in: 0..<1, using: &random) < 0.55 ? "INTERACTING" : "IDLE"
            case ..<0.8: presence = presences[0]; status = "OFF_QUEUE"
            case ..<0.87: presence = presences[3]; status = "OFF_QUEUE"
            case ..<0.91: presence = presences[10]; status = "OFF_QUEUE"
            case ..<0.95: presence = presences[5]; status = "OFF_QUEUE"
            default: presence = presences[9]; status = "OFF_QUEUE"
            }
            let since = now.addingTimeInterval(-Double.random(in: 30...5_400, using: &random)).roundedToMilliseconds
            agents.append(
                Agent(
                    id: id, name: "\(first) \(last)",
                    email: "\(first.lowercased()).\(last.lowercased())\(index)@example.com",
                    title: "Agent", department: "Contact Centre", presenceId: presence.id, presenceModified: since,
                    routingStatus: status, routingStatusStart: since.addingTimeInterval(Double(index % 17)),
                    queueIds: memberships))
        }

        var active: [ActiveInteraction] = []
        for agent in agents where agent.routingStatus == "INTERACTING" {
            guard let queueId = agent.queueIds.first else { continue }
            var interaction = ActiveInteraction(
                conversationId: random.uuid(), queueId: queueId, mediaType: "voice", state: .interacting,
                agentId: agent.id, enteredQueue: agent.routingStatusStart.addingTimeInterval(-20))
            interaction.alertStarted = agent.routingStatusStart
            interaction.answered = agent.routingStatusStart.addingTimeInterval(4)
            active.append(interaction)
        }
        for queue in queues {
            for _ in 0..<Int.random(in: 0...3, using: &random) {
                let media = queue.mediaTypes.randomElement(using: &random) ?? "voice"
                active.append(
                    ActiveInteraction(
                        conversationId: random.uuid(), queueId: queue.id, mediaType: media, state: .waiting,
                        agentId: nil,
                        enteredQueue: now.addingTimeInterval(-Double.random(in: 1...180, using: &random))
                            .roundedToMilliseconds))
            }
        }

        var history: [CompletedInteraction] = []
        let halfHour = 1_800.0
        let currentInterval = (now.timeIntervalSince1970 / halfHour).rounded(.down) * halfHour
        for back in stride(from: spec.historyIntervals, through: 1, by: -1) {
            let start = currentInterval - Double(back) * halfHour
            for queue in queues {
                for media in queue.mediaTypes {
                    let offered = Int.random(in: media == "voice" ? 6...30 : 1...8, using: &random)
                    for _ in 0..<offered {
                        let abandoned = Double.random(in: 0..<1, using: &random) < 0.08
                        let wait = Int(random.exponential(mean: abandoned ? 45_000 : 18_000))
                        let held = Double.random(in: 0..<1, using: &random) < 0.2
                        history.append(
                            CompletedInteraction(
                                queueId: queue.id, mediaType: media,
                                offered: Date(
                                    timeIntervalSince1970: start + Double.random(in: 0..<halfHour, using: &random)),
                                waitMs: wait, answered: !abandoned,
                                alertMs: abandoned ? 0 : Int.random(in: 2_000...9_000, using: &random),
                                talkMs: abandoned ? 0 : Int(random.exponential(mean: 240_000)),
                                holdMs: abandoned || !held ? 0 : Int(random.exponential(mean: 45_000)),
                                acwMs: abandoned ? 0 : Int(random.exponential(mean: 40_000))))
                    }
                }
            }
        }

        return Organization(
            id: orgId, name: "Switchboard Emulated Org", divisionId: divisionId, presences: presences, agents: agents,
            queues: queues, active: active, history: history,
            agentIndex: Dictionary(uniqueKeysWithValues: agents.enumerated().map { ($1.id, $0) }),
            queueIndex: Dictionary(uniqueKeysWithValues: queues.enumerated().map { ($1.id, $0) }))
    }
}

extension Date {
    var roundedToMilliseconds: Date {
        Date(timeIntervalSince1970: (timeIntervalSince1970 * 1000).rounded() / 1000)
    }
}
