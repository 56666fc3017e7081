import AsyncHTTPClient
import Foundation
import GenesysEmulator
import NIOCore
import NIOPosix
import Testing

@Suite("Emulator: shutting down with sockets open")
struct EmulatorShutdownTests {
    /// A channel made through the core directly (no HTTP client), for tests that outlive a server.
    static func openChannel(_ core: EmulatorCore) async throws -> String {
        let login = await core.handle(
            EmulatorRequest(
                method: "POST", path: "/oauth/token",
                headers: [("Content-Type", "application/x-www-form-urlencoded")],
                body: Array(
                    "grant_type=client_credentials&client_id=switchboard-emulator&client_secret=emulator-secret".utf8)))
        let token = try #require(
            (try JSONSerialization.jsonObject(with: Data(login.body)) as? [String: Any])?["access_token"] as? String)
        let created = await core.handle(
            EmulatorRequest(
                method: "POST", path: "/api/v2/notifications/channels", headers: [("Authorization", "Bearer \(token)")])
        )
        return try #require(
            (try JSONSerialization.jsonObject(with: Data(created.body)) as? [String: Any])?["connectUri"] as? String)
    }

    @Test("withRunning returns promptly with a socket open; the client is told the server is going away")
    func gracefulShutdown() async throws {
        let core = EmulatorCore(configuration: .streaming(heartbeat: .milliseconds(100), simulationSpeed: 60))
        let (uris, uriInput) = AsyncStream.makeStream(of: String.self)
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await EmulatorServer.withRunning(core: core) { _ in
                    uriInput.yield(try await Self.openChannel(core))
                    #expect(await eventually { await !core.connectedChannelIds().isEmpty })
                }
            }
            group.addTask {
                var iterator = uris.makeAsyncIterator()
                let uri = try #require(await iterator.next())
                try await SocketProbe.with(uri) { socket in
                    let ended = try await socket.untilClosed(timeout: .seconds(15))
                    guard case .closed(let code?, _) = ended.close else {
                        Issue.record("the socket ended without a close frame: \(ended.close)")
                        return
                    }
                    #expect([1000, 1001].contains(code))
                }
            }
            try await group.waitForAll()
        }
        // What this guards against is a shutdown that waits for the client to hang up (for ever);
        // the bound leaves room for a machine loaded by the whole suite.
        #expect(start.duration(to: .now) < .seconds(20))
    }

    @Test("withRunning returns promptly while a client holds a connection it has sent nothing on")
    func unusedConnection() async throws {
        let core = EmulatorCore(configuration: .streaming())
        let (connections, connectionInput) = AsyncStream.makeStream(of: (any Channel).self)
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { connectionInput.finish() }
                try await EmulatorServer.withRunning(core: core) { address in
                    // What AsyncHTTPClient leaves in its pool when a request finds another
                    // connection free before its new one is up.
                    let unused = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                        .connect(host: address.host, port: address.port).get()
                    connectionInput.yield(unused)
                    // The server accepts connections in order, so an answer on a later one means
                    // it holds the unused one too.
                    let response = try await HTTPClient.shared.execute(
                        HTTPClientRequest(url: address.baseURL + "/api/v2/users/me"), timeout: .seconds(5))
                    #expect(response.status == .unauthorized)
                }
            }
            group.addTask {
                var iterator = connections.makeAsyncIterator()
                guard let unused = await iterator.next() else { return }
                // A server waiting for the client to hang up would wait for ever: hang up after a
                // while, so the test fails instead of hanging.
                if await !eventually(timeout: .seconds(10), { !unused.isActive }) {
                    Issue.record("the server left the unused connection open")
                    try await unused.close()
                }
            }
            try await group.waitForAll()
        }
        // A server holding the unused connection is caught above (it is closed after 10 s); the
        // bound leaves room for a machine loaded by the whole suite.
        #expect(start.duration(to: .now) < .seconds(20))
    }

    @Test("cancelling the server's task ends it and every socket loop")
    func cancellation() async throws {
        let core = EmulatorCore(configuration: .streaming(heartbeat: .milliseconds(50), simulationSpeed: 600))
        let (addresses, addressInput) = AsyncStream.makeStream(of: EmulatorServer.Address.self)
        let start = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                try? await EmulatorServer(core: core).run { addressInput.yield($0) }
            }
            group.addTask {
                var iterator = addresses.makeAsyncIterator()
                guard await iterator.next() != nil, let uri = try? await Self.openChannel(core) else { return }
                _ = try? await SocketProbe.with(uri) { socket in
                    _ = try await socket.next(timeout: .seconds(2))
                    try await Task.sleep(for: .seconds(10))
                }
            }
            #expect(await eventually { await !core.connectedChannelIds().isEmpty })
            group.cancelAll()
        }
        #expect(start.duration(to: .now) < .seconds(5))
        #expect(await eventually { await core.connectedChannelIds().isEmpty })
    }
}
