import Logging
import NIOCore
import NIOEmbedded
import Synchronization
import Testing

@testable import SwitchboardSinks

/// The channel handler on an embedded channel: real bytes in and out, virtual time.
@Suite("Redis command handler")
struct RedisCommandHandlerTests {
    static let endpoint = "127.0.0.1:6390"

    /// What each promise ended with, numbered in the order they were sent; missing while waiting.
    final class Outcomes: Sendable {
        private let results = Mutex<[Int: Result<RESPValue, RedisClientError>]>([:])
        private let watched = Mutex(0)

        func watch(_ promises: [EventLoopPromise<RESPValue>]) {
            for promise in promises {
                let index = watched.withLock { count in
                    defer { count += 1 }
                    return count
                }
                promise.futureResult.whenComplete { result in
                    let outcome = result.mapError { $0 as? RedisClientError ?? .clientClosed }
                    self.results.withLock { $0[index] = outcome }
                }
            }
        }

        subscript(index: Int) -> Result<RESPValue, RedisClientError>? { results.withLock { $0[index] } }
        var count: Int { results.withLock { $0.count } }
    }

    func channel(timeout: Duration = .seconds(2)) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandlers(
            ByteToMessageHandler(RESPDecoder()),
            RedisCommandHandler(
                endpoint: Self.endpoint, commandTimeout: timeout,
                logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 6390)).wait()
        return channel
    }

    func send(_ commands: [[String]], on channel: EmbeddedChannel, into outcomes: Outcomes) {
        let promises = commands.map { _ in channel.eventLoop.makePromise(of: RESPValue.self) }
        outcomes.watch(promises)
        channel.writeAndFlush(RedisCommandBatch(commands: commands, replies: promises), promise: nil)
    }

    @Test("a batch goes out as one write, and replies split across reads resolve its commands in order")
    func pipelinedBatch() throws {
        let channel = try channel()
        let outcomes = Outcomes()
        send([["INCR", "n"], ["INCR", "n"], ["GET", "k"]], on: channel, into: outcomes)
        let written = try #require(try channel.readOutbound(as: ByteBuffer.self))
        #expect(
            String(buffer: written)
                == "*2\r\n$4\r\nINCR\r\n$1\r\nn\r\n*2\r\n$4\r\nINCR\r\n$1\r\nn\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n")
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)
        try channel.writeInbound(ByteBuffer(string: ":1\r\n:"))
        #expect(outcomes[0] == .success(.integer(1)))
        #expect(outcomes[1] == nil)
        try channel.writeInbound(ByteBuffer(string: "2\r\n$1\r\nx\r\n"))
        #expect(outcomes[1] == .success(.integer(2)))
        #expect(outcomes[2] == .success(.bulkString("x")))
        _ = try? channel.finish()
    }

    @Test("a command past its timeout fails every waiting command and closes the channel, on virtual time")
    func timeout() throws {
        let channel = try channel(timeout: .milliseconds(200))
        let outcomes = Outcomes()
        send([["BLPOP", "q", "0"], ["PING"]], on: channel, into: outcomes)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(199))
        #expect(outcomes.count == 0)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        let timedOut = RedisClientError.commandTimedOut(
            endpoint: Self.endpoint, command: "BLPOP", after: .milliseconds(200))
        #expect(outcomes[0] == .failure(timedOut))
        #expect(outcomes[1] == .failure(timedOut))
        #expect(!channel.isActive)
    }

    @Test("after a reply the timer follows the next oldest command, so a slow second command still times out")
    func timerFollowsTheQueue() throws {
        let channel = try channel(timeout: .seconds(2))
        let outcomes = Outcomes()
        send([["GET", "a"]], on: channel, into: outcomes)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        send([["GET", "b"]], on: channel, into: outcomes)
        try channel.writeInbound(ByteBuffer(string: "$-1\r\n"))
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(outcomes[0] == .success(.bulkString(nil)))
        #expect(outcomes.count == 1)
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        let timedOut = RedisClientError.commandTimedOut(endpoint: Self.endpoint, command: "GET", after: .seconds(2))
        #expect(outcomes[1] == .failure(timedOut))
    }

    @Test("losing the connection fails every waiting command with connectionLost")
    func connectionLost() throws {
        let channel = try channel()
        let outcomes = Outcomes()
        send([["SET", "a", "1"], ["SET", "b", "2"]], on: channel, into: outcomes)
        channel.pipeline.fireChannelInactive()
        let lost = RedisClientError.connectionLost(endpoint: Self.endpoint, reason: "the server closed the connection")
        #expect(outcomes[0] == .failure(lost))
        #expect(outcomes[1] == .failure(lost))
        _ = try? channel.finish()
    }

    @Test("a connection that ends in the middle of a reply fails the command with connectionLost saying so")
    func endsMidReply() throws {
        let channel = try channel()
        let outcomes = Outcomes()
        send([["GET", "big"]], on: channel, into: outcomes)
        try channel.writeInbound(ByteBuffer(string: "$100\r\nonly part"))
        channel.pipeline.fireChannelInactive()
        let lost = RedisClientError.connectionLost(
            endpoint: Self.endpoint, reason: "the server closed the connection in the middle of a reply")
        #expect(outcomes[0] == .failure(lost))
    }

    @Test("closing the channel fails waiting commands with connectionClosed")
    func closedByClient() throws {
        let channel = try channel()
        let outcomes = Outcomes()
        send([["GET", "a"]], on: channel, into: outcomes)
        try channel.close().wait()
        #expect(outcomes[0] == .failure(.connectionClosed(endpoint: Self.endpoint)))
    }

    @Test("bytes that are not RESP fail waiting commands with a protocol violation and close the channel")
    func notRESP() throws {
        let channel = try channel()
        let outcomes = Outcomes()
        send([["PING"]], on: channel, into: outcomes)
        _ = try? channel.writeInbound(ByteBuffer(string: "HTTP/1.1 400 Bad Request\r\n\r\n"))
        let violation = RedisClientError.protocolViolation(
            endpoint: Self.endpoint,
            detail: "Redis protocol error: expected a RESP type byte (+ - : $ *), found 0x48 ('H')")
        #expect(outcomes[0] == .failure(violation))
        #expect(!channel.isActive)
    }

    @Test("a reply nobody asked for closes the channel instead of being paired with a later command")
    func unsolicitedReply() throws {
        let channel = try channel()
        try channel.writeInbound(ByteBuffer(string: "+OK\r\n"))
        #expect(!channel.isActive)
    }
}
