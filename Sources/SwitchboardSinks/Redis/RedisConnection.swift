import Logging
import NIOCore
import NIOPosix

/// One TCP connection to a Redis server, with pipelining.
///
/// Any number of tasks may send at once: each command is written as soon as it is sent, without
/// waiting for earlier replies, and Redis answers in order. A connection never reconnects; once
/// it has failed every later command fails too. ``RedisClient`` replaces connections as needed.
public final class RedisConnection: Sendable {
    /// `host:port` of the server, as error messages show it.
    public let endpoint: String
    private let channel: any Channel

    private init(channel: any Channel, endpoint: String) {
        self.channel = channel
        self.endpoint = endpoint
    }

    /// Opens a connection, then authenticates and selects the database as `configuration` says.
    ///
    /// - Throws: ``RedisClientError/connectFailed(endpoint:reason:)``,
    ///   ``RedisClientError/connectTimedOut(endpoint:after:)``,
    ///   ``RedisClientError/authenticationFailed(endpoint:serverMessage:)`` or
    ///   ``RedisClientError/selectFailed(endpoint:database:serverMessage:)``.
    public static func connect(
        to configuration: RedisConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "switchboard.redis")
    ) async throws -> RedisConnection {
        let endpoint = configuration.endpoint
        var logger = logger
        logger[metadataKey: "redis.endpoint"] = "\(endpoint)"
        let bootstrap = ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { [logger] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers(
                        ByteToMessageHandler(RESPDecoder(limits: configuration.decoderLimits)),
                        RedisCommandHandler(
                            endpoint: endpoint, commandTimeout: configuration.commandTimeout, logger: logger)
                    )
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: configuration.host, port: configuration.port).get()
        } catch ChannelError.connectTimeout {
            throw RedisClientError.connectTimedOut(endpoint: endpoint, after: configuration.connectTimeout)
        } catch {
            throw RedisClientError.connectFailed(endpoint: endpoint, reason: SocketFailureText.describe(error))
        }
        let connection = RedisConnection(channel: channel, endpoint: endpoint)
        do {
            try await connection.prepare(configuration)
        } catch {
            await connection.close()
            throw error
        }
        logger.debug("connected to Redis", metadata: ["redis.database": "\(configuration.database)"])
        return connection
    }

    /// Whether the connection is open and has not failed; a failed one is closed at once.
    public var isActive: Bool { channel.isActive }

    /// Sends one command and waits for its reply.
    ///
    /// - Parameter command: the command name, then its arguments: `["SET", "key", "value"]`.
    /// - Throws: ``RedisClientError/serverError(command:message:)`` when Redis answers with an
    ///   error reply, or the error that ended the connection.
    public func send(_ command: [String]) async throws -> RESPValue {
        let reply = try await replies(to: [command])[0]
        if case .error(let message) = reply {
            throw RedisClientError.serverError(command: RedisCommandHandler.name(of: command), message: message)
        }
        return reply
    }

    /// Writes all `commands` in one flush, then waits for all their replies, in order.
    ///
    /// Error replies come back as ``RESPValue/error(_:)`` in their place rather than thrown,
    /// so one refused command does not hide the replies of the others.
    /// - Throws: the error that ended the connection.
    public func pipeline(_ commands: [[String]]) async throws -> [RESPValue] {
        try await replies(to: commands)
    }

    /// Closes the connection; commands still waiting fail with
    /// ``RedisClientError/connectionClosed(endpoint:)``.
    public func close() async {
        try? await channel.close()
    }

    private func replies(to commands: [[String]]) async throws -> [RESPValue] {
        guard !commands.isEmpty else { return [] }
        // Redis answers nothing to an empty command, which would pair every later reply wrongly.
        guard !commands.contains(where: \.isEmpty) else { throw RedisClientError.emptyCommand }
        let eventLoop = channel.eventLoop
        let promises = commands.map { _ in eventLoop.makePromise(of: RESPValue.self) }
        let endpoint = endpoint
        channel.writeAndFlush(RedisCommandBatch(commands: commands, replies: promises)).whenFailure { error in
            // A write that never reached the handler leaves its promises to us; failing one twice is a no-op.
            let failure =
                error as? RedisClientError
                ?? .connectionLost(endpoint: endpoint, reason: SocketFailureText.describe(error))
            for promise in promises { promise.fail(failure) }
        }
        return try await EventLoopFuture.whenAllSucceed(promises.map(\.futureResult), on: eventLoop).get()
    }

    private func prepare(_ configuration: RedisConfiguration) async throws {
        if let password = configuration.password {
            let auth = configuration.username.map { ["AUTH", $0, password] } ?? ["AUTH", password]
            if case .error(let message) = try await replies(to: [auth])[0] {
                throw RedisClientError.authenticationFailed(endpoint: endpoint, serverMessage: message)
            }
        }
        if configuration.database != 0 {
            if case .error(let message) = try await replies(to: [["SELECT", String(configuration.database)]])[0] {
                throw RedisClientError.selectFailed(
                    endpoint: endpoint, database: configuration.database, serverMessage: message)
            }
        }
    }
}
