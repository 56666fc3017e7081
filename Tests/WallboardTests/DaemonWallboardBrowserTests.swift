import Foundation
import GenesysCloud
import GenesysEmulator
import Logging
import SwitchboardDaemon
import Synchronization
import Testing
import Wallboard

/// The wallboard as the demo and the daemon serve it, in a real headless Chromium: the daemon
/// streams the emulator's contact centre, and the page's numbers must equal the daemon's views,
/// which must equal the emulator's ground truth, before and after the simulation moves on.
@Suite(
    "Wallboard: the running daemon's page in headless Chromium", .serialized,
    .enabled(
        if: Chromium.isInstalled,
        "Chromium is not installed, so the browser tests are skipped: run scripts/test.sh or `apt-get install chromium`"
    ))
struct DaemonWallboardBrowserTests {
    @Test(
        "agents' routing statuses and queues' waiting counts on the page equal the views and the emulator, and follow changes"
    )
    func pageMatchesTheViews() async throws {
        // Time stands still unless the test moves it, so the page, the views and the emulator
        // can be compared exactly.
        var emulator = EmulatorConfiguration(organization: .init(agents: 16, queues: 4, seed: 21))
        emulator.simulationSpeed = 0
        emulator.heartbeatInterval = .seconds(1)
        let emulatorConfiguration = emulator
        let core = EmulatorCore(configuration: emulatorConfiguration)
        _ = await core.advanceSimulation(by: .seconds(1_800))
        try await EmulatorServer.withRunning(core: core) { address in
            // The demo's own configuration, on a free port.
            let configuration = try DaemonConfiguration.demo(
                apiURL: address.baseURL, clientId: emulatorConfiguration.clientId,
                clientSecret: emulatorConfiguration.clientSecret, port: 0)
            let daemon = try await Daemon.start(configuration)
            let port = BoundPort()
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask {
                    try await daemon.run(
                        gracefulShutdownSignals: [], onListening: { bound in port.value.withLock { $0 = bound } })
                }
                var bound: Int?
                try await eventually("the daemon's HTTP server", within: .seconds(20)) {
                    bound = port.value.withLock { $0 }
                    return bound != nil
                }
                let browser = try await Chromium.launch()
                do {
                    let page = try await browser.newPage()
                    try await page.navigate(to: "http://127.0.0.1:\(bound ?? 0)/")
                    try await Self.expectPageMatches(page, daemon: daemon, core: core, "after start-up")
                    let before = await core.agentTruth()
                    _ = await core.advanceSimulation(by: .seconds(900))
                    let after = await core.agentTruth()
                    #expect(before.map(\.routingStatus) != after.map(\.routingStatus), "the simulation changed nothing")
                    try await Self.expectPageMatches(page, daemon: daemon, core: core, "after 15 simulated minutes")
                    await browser.close()
                } catch {
                    await browser.close()
                    throw error
                }
                await daemon.shutdown()
                try await tasks.waitForAll()
            }
        }
    }

    /// Waits (20 s at most) until the page shows, for every agent, the routing status the
    /// emulator holds and the agent board holds, and for every queue the waiting count of the
    /// queue board and the emulator's observation.
    static func expectPageMatches(
        _ page: ChromiumPage, daemon: Daemon, core: EmulatorCore, _ moment: String
    ) async throws {
        var last = ""
        do {
            try await eventually("the page to match the views \(moment)", within: .seconds(20)) {
                let shown = try await page.evaluate(WallboardBrowserTests.readBoard)
                let truth = Dictionary(
                    uniqueKeysWithValues: await core.agentTruth().map { ($0.id.lowercased(), $0.routingStatus) })
                let board = daemon.stage.agents
                var pageStatuses: [String: String] = [:]
                for agent in shown["agents"].array ?? [] {
                    if let id = agent["id"].string, let status = agent["routingStatus"].string {
                        pageStatuses[id] = status
                    }
                }
                let boardStatuses = Dictionary(
                    uniqueKeysWithValues: board.agents.compactMap { id, agent in
                        agent.routingStatus.map { (id, $0.rawValue) }
                    })
                var pageWaiting: [String: Int] = [:]
                for queue in shown["queues"].array ?? [] {
                    if let id = queue["id"].string, let waiting = queue["waiting"].string.flatMap(Int.init) {
                        pageWaiting[id] = waiting
                    }
                }
                let queues = daemon.stage.queues
                let boardWaiting = Dictionary(
                    uniqueKeysWithValues: queues.queueIds.map { id in
                        (id, queues.statuses(queueId: id).reduce(0) { $0 + ($1.waiting ?? 0) })
                    })
                let observed = await core.queueObservationTruth(queueIds: Array(boardWaiting.keys))
                var truthWaiting: [String: Int] = [:]
                for observation in observed where observation.mediaType != nil {
                    let waiting = observation.metrics.first { $0.metric == "oWaiting" }?.stats["count"] ?? 0
                    truthWaiting[observation.queueId.lowercased(), default: 0] += Int(waiting)
                }
                last =
                    "page \(pageStatuses.count) agents, \(pageWaiting) waiting; board \(boardWaiting); emulator \(truthWaiting)"
                return pageStatuses.count == truth.count && pageStatuses == truth && boardStatuses == truth
                    && pageWaiting.count == 4 && pageWaiting == boardWaiting && boardWaiting == truthWaiting
            }
        } catch {
            Issue.record("\(moment): \(last)")
            throw error
        }
    }
}

/// The port the daemon bound, once it has.
final class BoundPort: Sendable {
    let value = Mutex<Int?>(nil)
}
