import Foundation
import NIOCore
import NIOPosix

@testable import SwitchboardSinks

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a real `redis-server` could not be had for a test.
struct RedisTestServerError: Error, CustomStringConvertible {
    var description: String

    static let notInstalled = RedisTestServerError(
        description: "redis-server is not installed, so the real-server Redis tests cannot run. Run scripts/test.sh "
            + "(it installs what the tests need) or `apt-get install redis-server`.")
}

/// A private `redis-server` on a free loopback port, for one test: no persistence, no shared
/// state, so tests run in parallel and leave nothing behind.
actor RedisTestServer {
    nonisolated let port: Int
    private let executable: String
    private let arguments: [String]
    private let directory: URL
    private var process: Process?

    private init(executable: String, port: Int, arguments: [String]) {
        self.executable = executable
        self.port = port
        self.arguments = arguments
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-redis-\(UUID())")
    }

    /// A safety net for a server started without ``with(arguments:_:)`` and never stopped.
    deinit {
        if let process, process.isRunning { process.terminate() }
    }

    /// Runs `body` with a fresh server and kills the server afterwards, also when `body` throws.
    static func with<Result: Sendable>(
        arguments: [String] = [], _ body: (RedisTestServer) async throws -> Result
    ) async throws -> Result {
        let server = try await start(arguments: arguments)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    /// Starts a server on a free port; another process may take the port between our probe and
    /// the server's bind, so a taken port means trying another.
    static func start(arguments: [String] = []) async throws -> RedisTestServer {
        guard let executable = findExecutable() else { throw RedisTestServerError.notInstalled }
        var failures: [String] = []
        for _ in 1...5 {
            let server = RedisTestServer(
                executable: executable, port: try await freeLoopbackPort(), arguments: arguments)
            do {
                try await server.launch()
                return server
            } catch let failure as RedisTestServerError where failure.description.contains("Address already in use") {
                failures.append(failure.description)
                await server.stop()
            }
        }
        throw RedisTestServerError(description: "redis-server found no free port: \(failures.joined(separator: "; "))")
    }

    /// A configuration for this server; the reconnect back-off is short so tests do not wait.
    nonisolated func configuration(
        username: String? = nil, password: String? = nil, database: Int = 0, commandTimeout: Duration = .seconds(5)
    ) -> RedisConfiguration {
        RedisConfiguration(
            host: "127.0.0.1", port: port, username: username, password: password, database: database,
            connectTimeout: .seconds(2), commandTimeout: commandTimeout,
            reconnectBackoff: RedisReconnectBackoff(baseDelay: .milliseconds(10), maxDelay: .milliseconds(100)))
    }

    /// Kills the server with SIGKILL, as a crash would, and waits until it is gone.
    func kill() async {
        guard let process, process.isRunning else { return }
        #if canImport(Glibc)
            _ = Glibc.kill(process.processIdentifier, SIGKILL)
        #elseif canImport(Darwin)
            _ = Darwin.kill(process.processIdentifier, SIGKILL)
        #endif
        let deadline = ContinuousClock.now + .seconds(5)
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(5)) }
    }

    /// Starts the server again on the same port, after ``kill()``.
    func restart() async throws {
        await kill()
        try await launch()
    }

    func stop() async {
        await kill()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Clients blocked in `BLPOP` and the like, asked over a connection of its own.
    func blockedClients() async throws -> Int {
        let connection = try await RedisConnection.connect(to: configuration())
        let info: String
        do {
            info = try await connection.send(["INFO", "clients"]).string ?? ""
            await connection.close()
        } catch {
            await connection.close()
            throw error
        }
        let line = info.split(whereSeparator: \.isNewline).first { $0.hasPrefix("blocked_clients:") }
        return line.flatMap { Int($0.dropFirst("blocked_clients:".count)) } ?? 0
    }

    private var logFile: URL { directory.appendingPathComponent("redis.log") }

    private func launch() async throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments =
            [
                "--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--daemonize", "no", "--dir", directory.path, "--logfile", logFile.path,
            ] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            guard process.isRunning else {
                let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? "(no log)"
                throw RedisTestServerError(description: "redis-server on port \(port) exited at start: \(log)")
            }
            if await answersPing() { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        await kill()
        throw RedisTestServerError(description: "redis-server on port \(port) did not answer PING within 10 s")
    }

    /// Whether the server answers at all; `-NOAUTH` counts, since it proves the server is up.
    private func answersPing() async -> Bool {
        var probe = configuration(commandTimeout: .seconds(1))
        probe.connectTimeout = .milliseconds(500)
        guard let connection = try? await RedisConnection.connect(to: probe) else { return false }
        let reply = try? await connection.pipeline([["PING"]])
        await connection.close()
        return reply != nil
    }

    private static func findExecutable() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/sbin", "/usr/local/bin"]
        return directories.map { "\($0)/redis-server" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A port nobody listens on right now: bind port 0 on loopback, read it, let it go.
    static func freeLoopbackPort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port
        try await channel.close()
        guard let port else { throw RedisTestServerError(description: "could not read the probe socket's port") }
        return port
    }
}
