import Foundation

/// How the emulator behaves: the OAuth client it accepts, the organisation it seeds and the
/// platform limits it enforces. Defaults are the real service's.
public struct EmulatorConfiguration: Sendable {
    public var clientId: String
    public var clientSecret: String
    /// Lifetime of issued tokens. The platform default is 86,400 s and it answers `expires_in`
    /// one second short of it.
    public var tokenLifetime: Duration
    /// Whether the client may use the client-credentials grant (a misconfigured client gets
    /// `unauthorized_client`).
    public var clientCredentialsGrantAllowed: Bool
    /// Permissions the OAuth client holds; `nil` means all of them.
    public var grantedPermissions: Set<String>?
    public var organization: OrganizationSpec
    public var channelLifetime: Duration
    public var channelsPerClient: Int
    public var topicsPerChannel: Int
    /// Requests a minute per token before 429 (the platform's client-credentials default is 300).
    public var requestsPerMinute: Int
    /// Time between `channel.metadata` heartbeats on each socket, in real time (sockets are real
    /// IO). The platform sends one about every 30 s (reference §4.1; the official interval is
    /// UNCONFIRMED). Channel expiry is also checked on each heartbeat tick.
    public var heartbeatInterval: Duration
    /// How long a socket stays open after `v2.system.socket_closing` when the fault names no
    /// grace period ("about one minute", reference §4.1).
    public var socketClosingGrace: Duration
    /// How the simulated contact centre behaves.
    public var simulation: SimulationProfile
    /// Simulated seconds per real second while the server runs: 1 is real time, 10 is ten times
    /// faster, 0 stops the clock (tests move it with ``EmulatorCore/advanceSimulation(by:)``).
    public var simulationSpeed: Double
    /// Runs the simulation as fast as subscribers take its events, for benchmarks: simulated time
    /// races ahead whenever every socket has drained what it was sent. Overrides the speed.
    public var firehose: Bool
    /// Faults injected at set times after the server starts listening.
    public var scheduledFaults: [ScheduledFault]
    /// Published events kept for ``EmulatorCore/publishedLog()``; older ones are forgotten.
    public var publishedLogCapacity: Int

    public init(
        clientId: String = "switchboard-emulator",
        clientSecret: String = "emulator-secret",
        tokenLifetime: Duration = .seconds(86_400),
        clientCredentialsGrantAllowed: Bool = true,
        grantedPermissions: Set<String>? = nil,
        organization: OrganizationSpec = OrganizationSpec(),
        channelLifetime: Duration = .seconds(86_400),
        channelsPerClient: Int = 20,
        topicsPerChannel: Int = 1_000,
        requestsPerMinute: Int = 300,
        heartbeatInterval: Duration = .seconds(30),
        socketClosingGrace: Duration = .seconds(60),
        simulation: SimulationProfile = SimulationProfile(),
        simulationSpeed: Double = 0,
        firehose: Bool = false,
        scheduledFaults: [ScheduledFault] = [],
        publishedLogCapacity: Int = 100_000
    ) {
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.tokenLifetime = tokenLifetime
        self.clientCredentialsGrantAllowed = clientCredentialsGrantAllowed
        self.grantedPermissions = grantedPermissions
        self.organization = organization
        self.channelLifetime = channelLifetime
        self.channelsPerClient = channelsPerClient
        self.topicsPerChannel = topicsPerChannel
        self.requestsPerMinute = requestsPerMinute
        self.heartbeatInterval = heartbeatInterval
        self.socketClosingGrace = socketClosingGrace
        self.simulation = simulation
        self.simulationSpeed = simulationSpeed
        self.firehose = firehose
        self.scheduledFaults = scheduledFaults
        self.publishedLogCapacity = publishedLogCapacity
    }
}

/// The size and seed of the generated organisation.
public struct OrganizationSpec: Sendable, Hashable {
    public var agents: Int
    public var queues: Int
    public var seed: UInt64
    /// Completed half-hours of conversation history seeded before start-up, for aggregate queries.
    public var historyIntervals: Int

    public init(agents: Int = 50, queues: Int = 8, seed: UInt64 = 1, historyIntervals: Int = 8) {
        self.agents = agents
        self.queues = queues
        self.seed = seed
        self.historyIntervals = historyIntervals
    }
}

/// The emulator's notion of wall-clock time, replaceable in tests.
public protocol EmulatorClock: Sendable {
    func now() -> Date
}

public struct SystemEmulatorClock: EmulatorClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that moves only when told to.
public final class ManualEmulatorClock: EmulatorClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    public init(start: Date = Date(timeIntervalSince1970: 1_795_000_000)) { current = start }

    public func now() -> Date { lock.withLock { current } }
    public func advance(by duration: Duration) {
        lock.withLock {
            current += duration.inSeconds
        }
    }
}
