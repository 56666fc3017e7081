import NIOCore
import Testing

@testable import SwitchboardSinks

/// The client against a real `redis-server`, one private server per test.
@Suite("Redis client against a real redis-server", .serialized)
struct RedisServerTests {
    /// Runs `body` with a fresh server and a client of it, closing both afterwards.
    func withClient(
        serverArguments: [String] = [],
        configure: (inout RedisConfiguration) -> Void = { _ in },
        _ body: (RedisClient, RedisTestServer) async throws -> Void
    ) async throws {
        try await RedisTestServer.with(arguments: serverArguments) { server in
            var configuration = server.configuration()
            configure(&configuration)
            let client = RedisClient(configuration: configuration)
            do {
                try await body(client, server)
                await client.close()
            } catch {
                await client.close()
                throw error
            }
        }
    }

    /// `send` until it succeeds or `timeout` passes, for waits on a real server (a restart).
    func eventually(
        _ client: RedisClient, _ command: [String], timeout: Duration = .seconds(10)
    ) async throws -> RESPValue {
        let deadline = ContinuousClock.now + timeout
        while true {
            do {
                return try await client.send(command)
            } catch  where ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    @Test("SET, GET and DEL round-trip a value; a missing key reads as the null bulk string")
    func setGetDel() async throws {
        try await withClient { (client, _) async throws in
            #expect(try await client.send(["SET", "greeting", "hello w\u{f6}rld\r\n"]) == .simpleString("OK"))
            #expect(try await client.send(["GET", "greeting"]) == .bulkString("hello w\u{f6}rld\r\n"))
            #expect(try await client.send(["DEL", "greeting", "never-set"]) == .integer(1))
            #expect(try await client.send(["GET", "greeting"]) == .bulkString(nil))
        }
    }

    @Test("HSET, HGETALL, EXPIRE and TTL work on a hash")
    func hash() async throws {
        try await withClient { (client, _) async throws in
            #expect(try await client.send(["HSET", "agent:1", "state", "on-queue", "calls", "3"]) == .integer(2))
            let fields = try #require(try await client.send(["HGETALL", "agent:1"]).array)
            let pairs = stride(from: 0, to: fields.count, by: 2).map { (fields[$0].string, fields[$0 + 1].string) }
            #expect(
                Dictionary(uniqueKeysWithValues: pairs.map { ($0 ?? "", $1 ?? "") }) == [
                    "state": "on-queue", "calls": "3",
                ])
            #expect(try await client.send(["EXPIRE", "agent:1", "60"]) == .integer(1))
            let ttl = try #require(try await client.send(["TTL", "agent:1"]).int)
            #expect((55...60).contains(ttl))
            #expect(try await client.send(["TTL", "agent:none"]) == .integer(-2))
        }
    }

    @Test("MULTI/EXEC runs HINCRBY and EXPIRE in one transaction and returns EXEC's replies")
    func transaction() async throws {
        try await withClient { (client, _) async throws in
            let replies = try await client.transaction([
                ["HINCRBY", "queue:sales", "waiting", "3"],
                ["HINCRBY", "queue:sales", "waiting", "2"],
                ["EXPIRE", "queue:sales", "120"],
            ])
            #expect(replies == [.integer(3), .integer(5), .integer(1)])
            #expect(try await client.send(["HGET", "queue:sales", "waiting"]).int == 5)
            #expect(try await client.send(["TTL", "queue:sales"]).int.map { $0 > 0 } == true)
        }
    }

    @Test("a command Redis refuses to queue aborts the transaction with a clear error and applies nothing")
    func transactionAborted() async throws {
        try await withClient { (client, _) async throws in
            await #expect(
                throws: RedisClientError.transactionAborted(
                    reason: "Redis refused to queue HINCRBY (ERR wrong number of arguments for 'hincrby' command)")
            ) {
                try await client.transaction([["SET", "applied", "yes"], ["HINCRBY", "queue:sales"]])
            }
            #expect(try await client.send(["GET", "applied"]) == .bulkString(nil))
        }
    }

    @Test("a command that fails inside EXEC comes back as an error value in its place")
    func transactionRuntimeError() async throws {
        try await withClient { (client, _) async throws in
            let replies = try await client.transaction([["SET", "plain", "x"], ["HINCRBY", "plain", "f", "1"]])
            #expect(replies.count == 2)
            #expect(replies[0] == .simpleString("OK"))
            guard case .error(let message) = replies[1] else {
                Issue.record("expected an error value, got \(replies[1])")
                return
            }
            #expect(message.hasPrefix("WRONGTYPE"))
        }
    }

    @Test("XADD with MAXLEN ~ trims the stream; XLEN and XRANGE read it back")
    func streams() async throws {
        try await withClient { (client, _) async throws in
            let adds = (1...300).map {
                ["XADD", "events", "MAXLEN", "~", "100", "*", "seq", "\($0)", "kind", "ringing"]
            }
            let ids = try await client.pipeline(adds).map { try #require($0.string) }
            #expect(Set(ids).count == 300)
            let length = try #require(try await client.send(["XLEN", "events"]).int)
            #expect(length >= 100 && length < 300, "approximate trimming keeps at least 100, drops whole nodes")
            let newest = try #require(try await client.send(["XRANGE", "events", "-", "+"]).array?.last?.array)
            #expect(newest.count == 2)
            #expect(newest[0].string == ids.last)
            #expect(
                newest[1]
                    == .array([.bulkString("seq"), .bulkString("300"), .bulkString("kind"), .bulkString("ringing")]))
            let firstTwo = try #require(try await client.send(["XRANGE", "events", "-", "+", "COUNT", "2"]).array)
            #expect(firstTwo.count == 2)
        }
    }

    @Test("10,000 pipelined INCRs come back in order, 1 through 10,000")
    func pipelinedIncrements() async throws {
        try await withClient { (client, _) async throws in
            let replies = try await client.pipeline(Array(repeating: ["INCR", "counter"], count: 10_000))
            #expect(replies == (1...10_000).map { .integer(Int64($0)) })
        }
    }

    @Test("commands sent concurrently from many tasks each get their own reply")
    func concurrentCallers() async throws {
        try await withClient { (client, _) async throws in
            let replies = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                for index in 0..<200 {
                    group.addTask {
                        _ = try await client.send(["SET", "key:\(index)", "value:\(index)"])
                        return (index, try await client.send(["GET", "key:\(index)"]).string)
                    }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            #expect(replies.count == 200)
            #expect(replies.allSatisfy { $0.value == "value:\($0.key)" })
        }
    }

    @Test("an error reply is thrown by send, and kept in its place by pipeline")
    func errorReplies() async throws {
        try await withClient { (client, _) async throws in
            await #expect(
                throws: RedisClientError.serverError(
                    command: "HSET", message: "ERR wrong number of arguments for 'hset' command")
            ) {
                try await client.send(["HSET", "only-key"])
            }
            let replies = try await client.pipeline([["SET", "a", "1"], ["NOSUCHCOMMAND"], ["GET", "a"]])
            #expect(replies[0] == .simpleString("OK"))
            #expect(replies[1].description.hasPrefix("-ERR unknown command"))
            #expect(replies[2] == .bulkString("1"))
            await #expect(throws: RedisClientError.emptyCommand) { try await client.send([]) }
        }
    }

    @Test("a command past its timeout fails with a timeout error, and the next command runs on a fresh connection")
    func commandTimeout() async throws {
        try await withClient(configure: { $0.commandTimeout = .milliseconds(200) }) { (client, server) async throws in
            // 200 ms is short for a loaded 2-core machine: commands other than the BLPOP may be
            // retried so only the BLPOP's timeout is what this test pins.
            let firstID = try await eventually(client, ["CLIENT", "ID"])
            let started = ContinuousClock.now
            await #expect(
                throws: RedisClientError.commandTimedOut(
                    endpoint: "127.0.0.1:\(server.port)", command: "BLPOP", after: .milliseconds(200))
            ) {
                try await client.send(["BLPOP", "never-pushed", "0"])
            }
            #expect(ContinuousClock.now - started < .seconds(2))
            #expect(try await eventually(client, ["PING"]) == .simpleString("PONG"))
            #expect(try await eventually(client, ["CLIENT", "ID"]) != firstID)
        }
    }

    @Test(
        "killing the server fails the waiting command clearly; after a restart on the same port the client reconnects")
    func serverKilledAndRestarted() async throws {
        try await withClient { (client, server) async throws in
            let endpoint = "127.0.0.1:\(server.port)"
            #expect(try await client.send(["SET", "before", "1"]) == .simpleString("OK"))
            async let blocked = client.send(["BLPOP", "never-pushed", "0"])
            let deadline = ContinuousClock.now + .seconds(10)
            while try await server.blockedClients() < 1, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            await server.kill()
            do {
                let reply = try await blocked
                Issue.record("expected the connection loss to fail BLPOP, got \(reply)")
            } catch let error as RedisClientError {
                guard case .connectionLost(endpoint, _) = error else {
                    Issue.record("expected connectionLost, got \(error)")
                    return
                }
                #expect(error.description.contains("The connection to Redis at \(endpoint) was lost"))
            }
            await #expect(throws: RedisClientError.connectFailed(endpoint: endpoint, reason: "connection refused")) {
                try await client.send(["PING"])
            }
            try await server.restart()
            #expect(try await eventually(client, ["PING"]) == .simpleString("PONG"))
            #expect(try await client.send(["SET", "after", "2"]) == .simpleString("OK"))
        }
    }

    @Test("AUTH with the right password connects, also with the username; a wrong one fails without showing it")
    func authentication() async throws {
        let password = "correct horse battery"
        try await withClient(serverArguments: ["--requirepass", password], configure: { $0.password = password }) {
            (client, server) async throws in
            #expect(try await client.send(["SET", "k", "v"]) == .simpleString("OK"))

            let named = RedisClient(configuration: server.configuration(username: "default", password: password))
            #expect(try await named.send(["GET", "k"]) == .bulkString("v"))
            await named.close()

            let wrongPassword = "wr0ng-Pa55word"
            let wrong = RedisClient(configuration: server.configuration(password: wrongPassword))
            do {
                _ = try await wrong.send(["GET", "k"])
                Issue.record("a wrong password must not connect")
            } catch let error as RedisClientError {
                #expect(
                    error
                        == .authenticationFailed(
                            endpoint: "127.0.0.1:\(server.port)",
                            serverMessage: "WRONGPASS invalid username-password pair or user is disabled."))
                #expect(!error.description.contains(wrongPassword))
                #expect(!String(reflecting: error).contains(wrongPassword))
                #expect(error.description.contains("Check the password"))
            }
            await wrong.close()

            let none = RedisClient(configuration: server.configuration())
            await #expect(
                throws: RedisClientError.serverError(command: "GET", message: "NOAUTH Authentication required.")
            ) {
                try await none.send(["GET", "k"])
            }
            await none.close()
        }
    }

    @Test("the configured database is selected at connect; one the server lacks is a clear error")
    func selectDatabase() async throws {
        try await withClient(configure: { $0.database = 3 }) { (client, server) async throws in
            #expect(try await client.send(["SET", "in-three", "yes"]) == .simpleString("OK"))
            let zero = try await RedisConnection.connect(to: server.configuration())
            #expect(try await zero.send(["GET", "in-three"]) == .bulkString(nil))
            await zero.close()

            let missing = RedisClient(configuration: server.configuration(database: 99))
            await #expect(
                throws: RedisClientError.selectFailed(
                    endpoint: "127.0.0.1:\(server.port)", database: 99, serverMessage: "ERR DB index is out of range")
            ) {
                try await missing.send(["PING"])
            }
            await missing.close()
        }
    }

    @Test("a refused connection names host:port and says to check redis-server")
    func connectionRefused() async throws {
        let port = try await RedisTestServer.freeLoopbackPort()
        let client = RedisClient(configuration: RedisConfiguration(port: port))
        let expected = RedisClientError.connectFailed(endpoint: "127.0.0.1:\(port)", reason: "connection refused")
        await #expect(throws: expected) { try await client.send(["PING"]) }
        #expect(
            expected.description
                == "Cannot connect to Redis at 127.0.0.1:\(port): connection refused. Check that redis-server is "
                + "running and the host/port in the sink configuration.")
        // Within the back-off the client fails fast with the same error instead of reconnecting.
        await #expect(throws: expected) { try await client.send(["PING"]) }
        await client.close()
        await #expect(throws: RedisClientError.clientClosed) { try await client.send(["PING"]) }
    }
}
