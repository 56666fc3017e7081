/// Identifies one accepted WebSocket for the lifetime of the emulator.
struct SocketID: Hashable, Sendable, CustomStringConvertible {
    let value: Int
    var description: String { "socket-\(value)" }
}

/// Which socket holds each channel: the platform's one-socket-per-channel rule as a plain value.
///
/// A socket that has been replaced or whose channel ended is forgotten at once, so its own
/// late goodbye (``detach(_:)``) cannot mark a channel disconnected that a newer socket holds.
struct SocketRegistry: Sendable {
    private var socketByChannel: [String: SocketID] = [:]
    private var channelBySocket: [SocketID: String] = [:]
    private var lastId = 0

    /// What accepting a socket changed.
    struct Attachment: Equatable, Sendable {
        let socket: SocketID
        /// The socket that held the channel until now and must be closed.
        let replaced: SocketID?
    }

    /// What a socket going away changed.
    enum Detachment: Equatable, Sendable {
        /// The socket held its channel, which now has none.
        case channelDisconnected(String)
        /// The socket had already been replaced or its channel ended: nothing changes.
        case alreadyForgotten
    }

    /// Gives `channelId` a new socket; a socket already on the channel is replaced.
    mutating func attach(channelId: String) -> Attachment {
        lastId += 1
        let socket = SocketID(value: lastId)
        let replaced = socketByChannel[channelId]
        if let replaced { channelBySocket[replaced] = nil }
        socketByChannel[channelId] = socket
        channelBySocket[socket] = channelId
        return Attachment(socket: socket, replaced: replaced)
    }

    mutating func detach(_ socket: SocketID) -> Detachment {
        guard let channelId = channelBySocket.removeValue(forKey: socket) else { return .alreadyForgotten }
        socketByChannel[channelId] = nil
        return .channelDisconnected(channelId)
    }

    /// Forgets a channel that ended; returns the socket that must be told and closed.
    mutating func channelEnded(_ channelId: String) -> SocketID? {
        guard let socket = socketByChannel.removeValue(forKey: channelId) else { return nil }
        channelBySocket[socket] = nil
        return socket
    }

    func socket(for channelId: String) -> SocketID? { socketByChannel[channelId] }
    func channel(of socket: SocketID) -> String? { channelBySocket[socket] }
    /// Channels that have a socket, in no particular order.
    var connectedChannels: [String] { Array(socketByChannel.keys) }
}
