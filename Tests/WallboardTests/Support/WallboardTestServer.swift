import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization
import Wallboard

/// A snapshot the tests change while a server shows it.
final class SnapshotBox: Sendable {
    private let value: Mutex<WallboardSnapshot>

    init(_ snapshot: WallboardSnapshot) { value = Mutex(snapshot) }

    var snapshot: WallboardSnapshot { value.withLock { $0 } }

    func set(_ snapshot: WallboardSnapshot) { value.withLock { $0 = snapshot } }

    func update(_ change: (inout WallboardSnapshot) -> Void) { value.withLock { change(&$0) } }
}

/// A Hummingbird application with the wallboard's routes on 127.0.0.1 and a free port, run in a
/// service group as a daemon runs it (graceful shutdown included).
struct WallboardTestServer: Sendable {
    let port: Int
    let group: ServiceGroup
    private let stopped: Task<Void, any Error>

    /// `http://127.0.0.1:PORT/` followed by `path`.
    func url(_ path: String = "") -> String { "http://127.0.0.1:\(port)/\(path)" }

    /// Starts a graceful shutdown and waits for the application to stop.
    func shutDown() async throws {
        await group.triggerGracefulShutdown()
        try await stopped.value
    }

    /// Runs `body` with a running server and stops the server afterwards: gracefully, or by
    /// cancellation if that takes longer than 10 s (a test of shutdown reports that itself).
    /// `port` 0 takes a free one; a given port is bound again (a server coming back where a page
    /// knew it).
    static func with<Result: Sendable>(
        _ routes: WallboardRoutes, port: Int = 0, _ body: (WallboardTestServer) async throws -> Result
    ) async throws -> Result {
        let router = Router()
        routes.addRoutes(to: router)
        var logger = Logger(label: "wallboard-test-server")
        logger.logLevel = .critical
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            }, logger: logger)
        let group = ServiceGroup(
            configuration: .init(services: [app], gracefulShutdownSignals: [], cancellationSignals: [], logger: logger))
        let stopped = Task {
            // A server that fails to bind ends the wait for its port.
            defer { portContinuation.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            stopped.cancel()
            _ = await stopped.result
            throw TimedOut(what: "the wallboard test server to start")
        }
        let server = WallboardTestServer(port: port, group: group, stopped: stopped)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    private func stop() async {
        await group.triggerGracefulShutdown()
        let stopped = self.stopped
        do {
            try await withTimeout(.seconds(10), "the wallboard test server to stop") { _ = await stopped.result }
        } catch {
            stopped.cancel()
            _ = await stopped.result
        }
    }
}
