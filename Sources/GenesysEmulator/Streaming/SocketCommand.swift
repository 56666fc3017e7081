/// What the core asks one socket's writer to do. Commands travel through the socket's own
/// queue, so a slow socket never holds up the core or other sockets.
enum SocketCommand: Sendable, Equatable {
    /// A notification in the platform's envelope; `sequence` is its number in the published log,
    /// under which the writer reports it written.
    case event(text: String, sequence: Int)
    case heartbeat
    /// The answer to a client's `{"message":"ping"}`.
    case pong
    /// A reply or system message, sent even by a silenced socket.
    case message(String)
    case fault(SocketFault)
    /// Sends a close frame and ends the socket.
    case close(SocketClose)
    /// Closes the socket after a grace period, delivering meanwhile.
    case closeLater(after: Duration, SocketClose)
    /// Drops the TCP connection without a close frame.
    case dropConnection
    /// The client went away; the writer stops.
    case peerGone
}

/// A faulty behaviour a single socket takes on.
enum SocketFault: Sendable, Hashable {
    case silence(Bool)
    case fragment(count: Int)
    case duplicate(count: Int)
    case malformed(count: Int)
    case slow(Duration)
}

/// The close code and reason a socket ends with. The platform documents neither (reference §4.3):
/// the codes below are the emulator's choice.
struct SocketClose: Sendable, Hashable {
    let code: Int
    let reason: String

    /// A second socket connected to the channel (the platform closes the first; code UNCONFIRMED).
    static let replaced = SocketClose(code: 1000, reason: "another socket connected to this channel")
    /// The channel reached the end of its lifetime (1001 as in the "idle timeout" close seen in CG-HB; UNCONFIRMED).
    static let expired = SocketClose(code: 1001, reason: "channel expired")
    /// The channel was removed by the 20-channel rule or an `evict` fault (UNCONFIRMED).
    static let evicted = SocketClose(code: 1000, reason: "channel no longer subscribed")
    /// The grace period after `v2.system.socket_closing` ran out (UNCONFIRMED).
    static let socketClosing = SocketClose(code: 1001, reason: "socket closing")
    /// The emulator is stopping.
    static let shuttingDown = SocketClose(code: 1001, reason: "emulator shutting down")
    /// The channel ended between the handshake and the socket starting.
    static let channelGone = SocketClose(code: 1000, reason: "channel not found")
}

/// One write the socket's writer performs.
enum PlannedWrite: Sendable, Equatable {
    case text(String, event: Int?)
    /// One text message split across `parts` frames (a first frame, then continuation frames).
    case fragmentedText(String, parts: Int, event: Int?)
    case binary([UInt8])
    case close(SocketClose)
    case closeLater(Duration, SocketClose)
    case dropConnection
    case stop
}

/// A socket's outbound behaviour under injected faults, as a plain value: each command becomes
/// the writes to perform, so the decisions are tested without a socket.
struct OutboundPolicy: Sendable {
    private(set) var silent = false
    private(set) var fragmentsLeft = 0
    private(set) var duplicatesLeft = 0
    /// Wait before each data frame.
    private(set) var delay: Duration = .zero
    private var malformedSent = 0

    /// Frames a fragmented event is split into.
    static let fragmentParts = 3

    mutating func plan(_ command: SocketCommand) -> [PlannedWrite] {
        switch command {
        case .event(let text, let sequence):
            let write: PlannedWrite
            if fragmentsLeft > 0 {
                fragmentsLeft -= 1
                write = .fragmentedText(text, parts: Self.fragmentParts, event: sequence)
            } else {
                write = .text(text, event: sequence)
            }
            if duplicatesLeft > 0 {
                duplicatesLeft -= 1
                return [write, write]
            }
            return [write]
        case .heartbeat:
            return silent ? [] : [.text(StreamingMessages.heartbeat, event: nil)]
        case .pong:
            return silent ? [] : [.text(StreamingMessages.pong, event: nil)]
        case .message(let text):
            return [.text(text, event: nil)]
        case .fault(let fault):
            return apply(fault)
        case .close(let close):
            return [.close(close)]
        case .closeLater(let after, let close):
            return [.closeLater(after, close)]
        case .dropConnection:
            return [.dropConnection]
        case .peerGone:
            return [.stop]
        }
    }

    private mutating func apply(_ fault: SocketFault) -> [PlannedWrite] {
        switch fault {
        case .silence(let on):
            silent = on
        case .fragment(let count):
            fragmentsLeft += max(0, count)
        case .duplicate(let count):
            duplicatesLeft += max(0, count)
        case .slow(let value):
            delay = max(.zero, value)
        case .malformed(let count):
            return (0..<max(0, count)).map { _ in
                defer { malformedSent += 1 }
                return StreamingMessages.malformedFrame(malformedSent)
            }
        }
        return []
    }
}
