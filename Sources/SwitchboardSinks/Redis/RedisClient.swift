import Logging
import NIOCore
import NIOPosix

/// A Redis client over one pipelined connection, replaced when it fails.
///
/// Concurrent callers share the connection: their commands are pipelined, not queued behind
/// each other's replies. Nothing is retried, because a command whose connection broke may have
/// run and only the caller knows whether running it twice is safe. The next command opens a new
/// connection, unless the last attempt failed recently: then it fails at once with that
/// attempt's error until the back-off (``RedisConfiguration/reconnectBackoff``) has passed, so
/// a sink never stalls or hammers a server that is down.
public actor RedisClient {
    /// What the client connects to.
    public nonisolated let configuration: RedisConfiguration
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private var connection: RedisConnection?
    private var schedule: RedisReconnectSchedule
    /// Callers waiting for the connection attempt in flight; `nil` when none is in flight.
    private var connectWaiters: [CheckedContinuation<RedisConnection, any Error>]?
    private var isClosed = false

    /// Creates a client; it connects on the first command.
    public init(
        configuration: RedisConfiguration = RedisConfiguration(),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "switchboard.redis")
    ) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        var logger = logger
        logger[metadataKey: "redis.endpoint"] = "\(configuration.endpoint)"
        self.logger = logger
        self.schedule = RedisReconnectSchedule(backoff: configuration.reconnectBackoff)
    }

    /// Sends one command and waits for its reply.
    ///
    /// - Parameter command: the command name, then its arguments: `["HSET", "key", "field", "1"]`.
    /// - Throws: ``RedisClientError``; ``RedisClientError/serverError(command:message:)`` when
    ///   Redis answers with an error reply.
    public func send(_ command: [String]) async throws -> RESPValue {
        try await liveConnection().send(command)
    }

    /// Writes all `commands` in one flush, then waits for all their replies, in order.
    ///
    /// Error replies come back as ``RESPValue/error(_:)`` in their place rather than thrown.
    public func pipeline(_ commands: [[String]]) async throws -> [RESPValue] {
        try await liveConnection().pipeline(commands)
    }

    /// Runs `commands` as one `MULTI ... EXEC` transaction and returns `EXEC`'s replies, one per
    /// command.
    ///
    /// The whole transaction is written in one flush, so other callers' commands cannot land
    /// inside it. A command that fails while running (a `WRONGTYPE`, say) comes back as
    /// ``RESPValue/error(_:)`` in its place: Redis does not roll back. `WATCH` is not supported,
    /// because on a shared connection another caller's commands may run between it and `MULTI`.
    /// - Throws: ``RedisClientError/transactionAborted(reason:)`` when Redis refused to queue a
    ///   command (`EXECABORT`) or discarded the transaction; nothing was applied then.
    public func transaction(_ commands: [[String]]) async throws -> [RESPValue] {
        let replies = try await liveConnection().pipeline([["MULTI"]] + commands + [["EXEC"]])
        return try Self.execResult(of: commands, replies: replies)
    }

    /// Closes the connection; commands still waiting fail, and later ones throw
    /// ``RedisClientError/clientClosed``.
    public func close() async {
        isClosed = true
        let open = connection
        connection = nil
        await open?.close()
    }

    /// `EXEC`'s array out of the replies to `MULTI`, `commands` and `EXEC`, or why it is missing.
    static func execResult(of commands: [[String]], replies: [RESPValue]) throws -> [RESPValue] {
        guard replies.count == commands.count + 2, let exec = replies.last else {
            throw RedisClientError.transactionAborted(
                reason: "expected \(commands.count + 2) replies to MULTI, the commands and EXEC, got \(replies.count)")
        }
        if case .error(let message) = replies[0] {
            throw RedisClientError.transactionAborted(reason: "Redis refused MULTI (\(message))")
        }
        switch exec {
        case .array(let results?):
            return results
        case .array(nil):
            throw RedisClientError.transactionAborted(reason: "Redis discarded it because a WATCHed key changed")
        case .error(let message):
            for (command, queued) in zip(commands, replies.dropFirst()) {
                if case .error(let refusal) = queued {
                    throw RedisClientError.transactionAborted(
                        reason: "Redis refused to queue \(RedisCommandHandler.name(of: command)) (\(refusal))")
                }
            }
            throw RedisClientError.transactionAborted(reason: "Redis answered EXEC with \(message)")
        default:
            throw RedisClientError.transactionAborted(reason: "EXEC answered \(exec) instead of an array")
        }
    }

    private func liveConnection() async throws -> RedisConnection {
        guard !isClosed else { throw RedisClientError.clientClosed }
        if let connection, connection.isActive { return connection }
        connection = nil
        if connectWaiters != nil {
            // Another caller is connecting already: one attempt serves everyone waiting.
            return try await withCheckedThrowingContinuation { connectWaiters?.append($0) }
        }
        if case .backOff(let error, _) = schedule.decide(now: .now) { throw error }
        connectWaiters = []
        let result: Result<RedisConnection, any Error>
        do {
            result = .success(
                try await RedisConnection.connect(to: configuration, eventLoopGroup: eventLoopGroup, logger: logger))
        } catch {
            result = .failure(error)
        }
        let waiters = connectWaiters ?? []
        connectWaiters = nil
        let outcome = await settle(result)
        for waiter in waiters { waiter.resume(with: outcome) }
        return try outcome.get()
    }

    /// Records a finished connection attempt and makes its connection current.
    private func settle(_ result: Result<RedisConnection, any Error>) async -> Result<RedisConnection, any Error> {
        switch result {
        case .success(let opened):
            guard !isClosed else {
                await opened.close()
                return .failure(RedisClientError.clientClosed)
            }
            if schedule.consecutiveFailures > 0 {
                logger.info("reconnected to Redis", metadata: ["failedAttempts": "\(schedule.consecutiveFailures)"])
            }
            schedule.attemptSucceeded()
            connection = opened
            return result
        case .failure(let error):
            let failure =
                error as? RedisClientError
                ?? .connectFailed(endpoint: configuration.endpoint, reason: SocketFailureText.describe(error))
            let wait = schedule.attemptFailed(failure, now: .now, unitRandom: Double.random(in: 0..<1))
            logger.warning(
                "cannot connect to Redis",
                metadata: ["error": "\(failure)", "nextAttemptIn": "\(RedisClientError.text(wait))"])
            return .failure(failure)
        }
    }
}
