import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import ServiceLifecycle
import StreamBatching

/// One WebSocket on a channel, for as long as it is open. Three loops share its lifetime: the
/// reader hands client frames to the core, the heartbeat ticks, and the writer drains the socket's
/// own command queue, so a slow or faulty socket only ever delays itself.
struct ChannelSocketSession: Sendable {
    let core: EmulatorCore
    let channelId: String
    let heartbeatInterval: Duration
    /// The TCP connection under the socket, for dropping it without a close frame.
    let connection: any Channel
    let logger: Logger

    /// Largest client message accepted (a subscribe naming 1,000 topics is about 80 KB).
    static let maximumClientMessage = 1 << 20

    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async {
        let (commands, queue) = BatchedStream.makeStream(of: SocketCommand.self)
        guard let socket = await core.attachSocket(channelId: channelId, outbound: queue) else {
            try? await outbound.close(
                .init(codeNumber: SocketClose.channelGone.code), reason: SocketClose.channelGone.reason)
            return
        }
        let logger = {
            var logger = self.logger
            logger[metadataKey: "channel"] = "\(channelId)"
            return logger
        }()
        logger.debug("socket open", metadata: ["socket": "\(socket)"])
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await read(inbound, socket: socket, queue: queue, logger: logger) }
                group.addTask { await beat(socket) }
                await write(commands, to: outbound, queue: queue, timers: &group, logger: logger)
                group.cancelAll()
            }
        } onGracefulShutdown: {
            queue.yield(.close(.shuttingDown))
        }
        queue.finish()
        await core.detachSocket(socket)
        logger.debug("socket closed", metadata: ["socket": "\(socket)"])
    }

    private func read(
        _ inbound: WebSocketInboundStream, socket: SocketID, queue: BatchedStream<SocketCommand>.Continuation,
        logger: Logger
    ) async {
        do {
            for try await message in inbound.messages(maxSize: Self.maximumClientMessage) {
                // Binary frames mean nothing to the platform; they are ignored like unknown text.
                if case .text(let text) = message { await core.receive(text, from: socket) }
            }
        } catch {
            logger.debug("socket read failed", metadata: ["error": "\(error)"])
        }
        queue.yield(.peerGone)
    }

    /// Heartbeats at a fixed rate from the socket's start, whatever the writer is doing.
    private func beat(_ socket: SocketID) async {
        let clock = ContinuousClock()
        var next = clock.now.advanced(by: heartbeatInterval)
        while true {
            do {
                try await Task.sleep(until: next, clock: clock)
            } catch {
                return
            }
            await core.heartbeatTick(socket)
            next = max(next.advanced(by: heartbeatInterval), clock.now)
        }
    }

    /// Drains the socket's commands a batch at a time (everything queued since the last batch),
    /// telling the core which events were written once per batch rather than once per event.
    private func write(
        _ commands: BatchedStream<SocketCommand>, to outbound: WebSocketOutboundWriter,
        queue: BatchedStream<SocketCommand>.Continuation, timers: inout TaskGroup<Void>, logger: Logger
    ) async {
        var policy = OutboundPolicy()
        while let batch = await commands.next() {
            var written: [Int] = []
            let open = await write(
                batch, to: outbound, policy: &policy, written: &written, queue: queue, timers: &timers, logger: logger)
            if !written.isEmpty { await core.recordWrites(written, channelId: channelId) }
            guard open else { return }
        }
    }

    /// Carries out one batch of commands; false once the socket is closed or failed. Plain text
    /// frames in a row (events, heartbeats, replies) are written together with one flush.
    private func write(
        _ batch: [SocketCommand], to outbound: WebSocketOutboundWriter, policy: inout OutboundPolicy,
        written: inout [Int], queue: BatchedStream<SocketCommand>.Continuation, timers: inout TaskGroup<Void>,
        logger: Logger
    ) async -> Bool {
        var together = TextRun()
        do {
            for command in batch {
                for planned in policy.plan(command) {
                    if case .text(let text, let event) = planned, policy.delay == .zero {
                        together.append(text, event: event)
                        continue
                    }
                    try await together.write(on: connection, written: &written)
                    switch planned {
                    case .text(let text, let event):
                        try await pause(policy.delay)
                        try await outbound.write(.text(text))
                        if let event { written.append(event) }
                    case .fragmentedText(let text, let parts, let event):
                        try await pause(policy.delay)
                        try await outbound.withTextMessageWriter { writer in
                            for part in Self.split(text, into: parts) { try await writer(part) }
                        }
                        if let event { written.append(event) }
                    case .binary(let bytes):
                        try await pause(policy.delay)
                        try await outbound.write(.binary(ByteBuffer(bytes: bytes)))
                    case .closeLater(let after, let close):
                        timers.addTask {
                            guard (try? await Task.sleep(for: after)) != nil else { return }
                            queue.yield(.close(close))
                        }
                    case .close(let close):
                        logger.debug(
                            "closing socket", metadata: ["code": "\(close.code)", "reason": "\(close.reason)"])
                        try? await outbound.close(.init(codeNumber: close.code), reason: close.reason)
                        return false
                    case .dropConnection:
                        logger.debug("dropping the connection without a close frame")
                        try? await connection.close().get()
                        return false
                    case .stop:
                        return false
                    }
                }
            }
            try await together.write(on: connection, written: &written)
            return true
        } catch {
            logger.debug("socket write failed", metadata: ["error": "\(error)"])
            return false
        }
    }

    /// Text frames gathered to be written in one go: one trip to the event loop and one flush
    /// (one system call) for the lot, where the socket's writer would make one of each a frame.
    /// The frames go straight onto the connection, behind anything the writer queued before.
    /// While the connection is writable the writer goes on at once, as the socket's own writer
    /// does; once it is backed up, the write is awaited, so a slow reader holds up only its own
    /// socket's queue and nothing piles up in the connection.
    private struct TextRun {
        private var frames: [WebSocketFrame] = []
        private var events: [Int] = []

        mutating func append(_ text: String, event: Int?) {
            frames.append(WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(string: text)))
            if let event { events.append(event) }
        }

        /// Writes and flushes the frames gathered, then notes their events as written.
        mutating func write(on connection: any Channel, written: inout [Int]) async throws {
            guard !frames.isEmpty else { return }
            try Task.checkCancellation()
            let frames = self.frames
            self.frames = []
            let done = connection.eventLoop.flatSubmit {
                for frame in frames.dropLast() { connection.write(frame, promise: nil) }
                return connection.writeAndFlush(frames[frames.count - 1])
            }
            if !connection.isWritable { try await done.get() }
            written += events
            events = []
        }
    }

    private func pause(_ delay: Duration) async throws {
        if delay > .zero { try await Task.sleep(for: delay) }
    }

    /// `text`'s UTF-8 bytes in `parts` nearly equal slices (the client reassembles and validates
    /// the whole message, so a slice may end inside a character).
    static func split(_ text: String, into parts: Int) -> [ByteBuffer] {
        let bytes = Array(text.utf8)
        let count = max(1, min(parts, bytes.count))
        let size = (bytes.count + count - 1) / count
        return stride(from: 0, to: max(bytes.count, 1), by: max(size, 1)).map {
            ByteBuffer(bytes: bytes[$0..<min(bytes.count, $0 + size)])
        }
    }
}
