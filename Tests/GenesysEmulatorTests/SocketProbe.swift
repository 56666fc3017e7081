import Foundation
import GenesysEmulator
import Logging
import NIOCore
import Synchronization
import WSClient

/// What a raw test client received on its socket.
enum Received: Sendable, Equatable {
    /// A complete text message and the number of WebSocket frames it arrived in.
    case text(String, frames: Int)
    case binary([UInt8])
    /// The socket ended: the server's close code and reason, or nil codes for a connection
    /// dropped without a close frame.
    case closed(code: Int?, reason: String?)

    var text: String? {
        if case .text(let text, _) = self { return text }
        return nil
    }

    /// The message as a JSON object, when it is one.
    var json: [String: Any]? {
        guard let text, let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else { return nil }
        return object as? [String: Any]
    }

    var topicName: String? { json?["topicName"] as? String }

    var isHeartbeat: Bool { text?.contains(#""message":"WebSocket Heartbeat""#) == true }

    var isClosed: Bool {
        if case .closed = self { return true }
        return false
    }
}

struct ProbeTimeout: Error, CustomStringConvertible {
    let waitingFor: String
    var description: String { "nothing arrived in time while waiting for \(waitingFor)" }
}

/// A raw WebSocket client (swift-websocket's WSClient) that records every message, for
/// asserting on exactly what the emulator writes.
final class SocketProbe: Sendable {
    /// Everything received so far, and how much of it the test has read.
    private let inbox = Mutex<(messages: [Received], read: Int)>(([], 0))
    private let outgoing: AsyncStream<String?>.Continuation
    private let outgoingStream: AsyncStream<String?>

    private init() {
        (outgoingStream, outgoing) = AsyncStream.makeStream(of: String?.self)
    }

    private func deliver(_ message: Received) { inbox.withLock { $0.messages.append(message) } }

    /// Connects to `url`, runs `body` with the open socket, then closes it. Throws
    /// `WebSocketClientError.webSocketUpgradeFailed` when the handshake is refused.
    static func with<T: Sendable>(
        _ url: String, _ body: @Sendable (SocketProbe) async throws -> T
    ) async throws -> T {
        let probe = SocketProbe()
        let (opened, openedInput) = AsyncStream.makeStream(of: Result<Void, any Error>.self)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    let close = try await WebSocketClient.connect(
                        url: url, configuration: .init(maxFrameSize: 1 << 20, autoPing: .disabled),
                        logger: Logger(label: "socket-probe")
                    ) { inbound, outbound, _ in
                        openedInput.yield(.success(()))
                        await probe.serve(inbound: inbound, outbound: outbound)
                    }
                    probe.deliver(
                        .closed(
                            code: close.map { Int(UInt16(webSocketErrorCode: $0.closeCode)) }, reason: close?.reason))
                } catch {
                    openedInput.yield(.failure(error))
                    probe.deliver(.closed(code: nil, reason: nil))
                }
            }
            var openings = opened.makeAsyncIterator()
            if case .failure(let error)? = await openings.next() { throw error }
            do {
                let result = try await body(probe)
                probe.outgoing.yield(nil)
                try await group.waitForAll()
                return result
            } catch {
                probe.outgoing.yield(nil)
                group.cancelAll()
                throw error
            }
        }
    }

    private func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await text in self.outgoingStream {
                    guard let text else {
                        try? await outbound.close(.normalClosure, reason: nil)
                        return
                    }
                    try? await outbound.write(.text(text))
                }
            }
            var frames = 0
            var buffer = ByteBuffer()
            var isText = true
            do {
                for try await frame in inbound {
                    if frame.opcode != .continuation {
                        isText = frame.opcode == .text
                        buffer.clear()
                        frames = 0
                    }
                    var data = frame.data
                    buffer.writeBuffer(&data)
                    frames += 1
                    guard frame.fin else { continue }
                    if isText {
                        deliver(.text(String(buffer: buffer), frames: frames))
                    } else {
                        deliver(.binary(Array(buffer.readableBytesView)))
                    }
                }
            } catch {}
            group.cancelAll()
        }
    }

    /// Sends a text frame.
    func send(_ text: String) { outgoing.yield(text) }

    /// The next message, heartbeats included. Polls the inbox: cancelling a wait on an
    /// AsyncStream would end the stream, and a timed-out wait must not lose later messages.
    func next(timeout: Duration = .seconds(10), _ waitingFor: String = "a message") async throws -> Received {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            let message = inbox.withLock { inbox -> Received? in
                guard inbox.read < inbox.messages.count else { return nil }
                inbox.read += 1
                return inbox.messages[inbox.read - 1]
            }
            if let message { return message }
            guard ContinuousClock.now < deadline else { throw ProbeTimeout(waitingFor: waitingFor) }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// The next message that is not a heartbeat.
    func nextSkippingHeartbeats(timeout: Duration = .seconds(10), _ waitingFor: String = "a message") async throws
        -> Received
    {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { throw ProbeTimeout(waitingFor: waitingFor) }
            let message = try await next(timeout: left, waitingFor)
            if !message.isHeartbeat { return message }
        }
    }

    /// Messages until the socket ends (heartbeats included), and how it ended.
    func untilClosed(timeout: Duration = .seconds(10)) async throws -> (messages: [Received], close: Received) {
        var messages: [Received] = []
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { throw ProbeTimeout(waitingFor: "the socket to close") }
            let message = try await next(timeout: left, "the socket to close")
            if message.isClosed { return (messages, message) }
            messages.append(message)
        }
    }

    /// Nothing but heartbeats arrives for `period`.
    func expectQuiet(for period: Duration) async throws -> [Received] {
        var seen: [Received] = []
        let deadline = ContinuousClock.now.advanced(by: period)
        while true {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { return seen }
            do {
                seen.append(try await next(timeout: left))
            } catch is ProbeTimeout {
                return seen
            }
        }
    }
}
