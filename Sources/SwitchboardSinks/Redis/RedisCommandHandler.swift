import Logging
import NIOCore

/// Commands to write in one go, with the promises of their replies, in the same order.
struct RedisCommandBatch: Sendable {
    var commands: [[String]]
    var replies: [EventLoopPromise<RESPValue>]
}

/// Pairs replies with commands on one channel; the IO shell of ``RedisPipelineStateMachine``.
///
/// A whole ``RedisCommandBatch`` is encoded into one buffer and written at once, so a pipeline
/// (or a `MULTI ... EXEC`) is never interleaved with another caller's commands.
final class RedisCommandHandler: ChannelDuplexHandler {
    typealias InboundIn = RESPValue
    typealias OutboundIn = RedisCommandBatch
    typealias OutboundOut = ByteBuffer

    private var machine: RedisPipelineStateMachine<EventLoopPromise<RESPValue>>
    private var timer: Scheduled<Void>?
    private let logger: Logger

    init(endpoint: String, commandTimeout: Duration, logger: Logger) {
        machine = RedisPipelineStateMachine(endpoint: endpoint, commandTimeout: commandTimeout)
        self.logger = logger
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let batch = unwrapOutboundIn(data)
        var buffer = context.channel.allocator.buffer(capacity: 32 * batch.commands.count)
        var failure: RedisClientError?
        let now = context.eventLoop.now
        for (command, reply) in zip(batch.commands, batch.replies) {
            switch machine.send(reply, command: Self.name(of: command), now: now) {
            case .write(let deadline):
                RESPEncoder.encode(command: command, into: &buffer)
                if let deadline { armTimer(context: context, at: deadline) }
            case .fail(let error):
                reply.fail(error)
                failure = error
            }
        }
        if let failure, buffer.readableBytes == 0 {
            promise?.fail(failure)
        } else {
            context.write(wrapOutboundOut(buffer), promise: promise)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = unwrapInboundIn(data)
        switch machine.replyReceived() {
        case .succeed(let promise):
            promise.succeed(reply)
        case .ignore:
            break
        case .close(let failing, let error):
            fail(failing, with: error, context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard !machine.isClosed else {
            // Already failing everything for an earlier reason; that reason is the one to report.
            context.close(promise: nil)
            return
        }
        let failure: RedisClientError =
            if let protocolError = error as? RESPProtocolError {
                .protocolViolation(endpoint: machine.endpoint, detail: protocolError.description)
            } else {
                .connectionLost(endpoint: machine.endpoint, reason: SocketFailureText.describe(error))
            }
        fail(machine.close(because: failure), with: failure, context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        let failure = RedisClientError.connectionLost(
            endpoint: machine.endpoint, reason: "the server closed the connection")
        let failing = machine.close(because: failure)
        if !failing.isEmpty {
            logger.warning("Redis connection lost", metadata: ["reason": "\(failure)", "failed": "\(failing.count)"])
        }
        for promise in failing { promise.fail(failure) }
        context.fireChannelInactive()
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        let failure = RedisClientError.connectionClosed(endpoint: machine.endpoint)
        for waiting in machine.close(because: failure) { waiting.fail(failure) }
        context.close(mode: mode, promise: promise)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
    }

    private func armTimer(context: ChannelHandlerContext, at deadline: NIODeadline) {
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            self.timerFired(context: context)
        }
    }

    private func timerFired(context: ChannelHandlerContext) {
        switch machine.timerFired(now: context.eventLoop.now) {
        case .none:
            break
        case .rearm(let deadline):
            armTimer(context: context, at: deadline)
        case .timeOut(let failing, let error):
            fail(failing, with: error, context: context)
        }
    }

    /// Closes the channel and fails `promises`: after a broken pairing no reply can be trusted.
    ///
    /// The channel closes first so that a caller woken by the failure already sees the connection
    /// inactive and opens a new one, rather than sending on this one.
    private func fail(
        _ promises: [EventLoopPromise<RESPValue>], with error: RedisClientError, context: ChannelHandlerContext
    ) {
        logger.warning("closing Redis connection", metadata: ["reason": "\(error)", "failed": "\(promises.count)"])
        timer?.cancel()
        context.close(promise: nil)
        for promise in promises { promise.fail(error) }
    }

    /// The command's name for messages; never its arguments, which may hold a password.
    static func name(of command: [String]) -> String {
        command.first.map { $0.uppercased() } ?? "(empty command)"
    }
}
