import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Short, lower-case reasons for socket failures ("connection refused"), for error messages that
/// read as one sentence. NIO's own descriptions carry syscall names and errno numbers.
enum SocketFailureText {
    static func describe(_ error: any Error) -> String {
        switch error {
        case let connection as NIOConnectionError:
            if let first = connection.connectionErrors.first { return describe(first.error) }
            if let lookup = connection.dnsAError ?? connection.dnsAAAAError {
                return "the host name did not resolve (\(lookup))"
            }
            return "the host name resolved to no address"
        case let io as IOError:
            return text(errno: io.errnoCode)
        case is RESPDecoder.TruncatedReply:
            return "the server closed the connection in the middle of a reply"
        case ChannelError.eof, ChannelError.outputClosed, ChannelError.inputClosed:
            return "the server closed the connection"
        case ChannelError.ioOnClosedChannel, ChannelError.alreadyClosed:
            return "the connection was already closed"
        default:
            return "\(error)"
        }
    }

    private static func text(errno code: CInt) -> String {
        guard let message = strerror(code) else { return "errno \(code)" }
        let text = String(cString: message)
        return text.prefix(1).lowercased() + text.dropFirst()
    }
}
