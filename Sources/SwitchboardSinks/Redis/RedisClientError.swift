/// Everything that can go wrong talking to Redis, each case with its cause and its fix.
///
/// Messages name commands but never their arguments, so a password (`AUTH`) or a stored value
/// never reaches a log.
public enum RedisClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The TCP connection could not be made (refused, unreachable, name not resolved).
    case connectFailed(endpoint: String, reason: String)
    /// The TCP connection was not made within `connectTimeout`.
    case connectTimedOut(endpoint: String, after: Duration)
    /// `AUTH` was refused; `serverMessage` is Redis's text (it never echoes the password).
    case authenticationFailed(endpoint: String, serverMessage: String)
    /// `SELECT` of the configured database was refused.
    case selectFailed(endpoint: String, database: Int, serverMessage: String)
    /// A command got no reply within `commandTimeout`. The connection was closed, and every
    /// command waiting on it failed with this error: their replies can no longer be told apart.
    case commandTimedOut(endpoint: String, command: String, after: Duration)
    /// The connection broke while commands waited for replies; whether they ran is unknown.
    case connectionLost(endpoint: String, reason: String)
    /// This client closed the connection while commands waited for replies.
    case connectionClosed(endpoint: String)
    /// Redis answered a command with an error reply (`-ERR ...`).
    case serverError(command: String, message: String)
    /// The server sent something that is not a valid reply; the connection was closed.
    case protocolViolation(endpoint: String, detail: String)
    /// `EXEC` did not run the transaction; nothing in it was applied.
    case transactionAborted(reason: String)
    /// A command with no name; nothing was sent.
    case emptyCommand
    /// ``RedisClient/close()`` was called.
    case clientClosed

    public var description: String {
        switch self {
        case .connectFailed(let endpoint, let reason):
            "Cannot connect to Redis at \(endpoint): \(reason). Check that redis-server is running and the "
                + "host/port in the sink configuration."
        case .connectTimedOut(let endpoint, let after):
            "Cannot connect to Redis at \(endpoint): no answer within \(Self.text(after)). Check that the host is "
                + "reachable (firewall, routing) and the host/port in the sink configuration, or raise connectTimeout."
        case .authenticationFailed(let endpoint, let serverMessage):
            "Redis at \(endpoint) refused the credentials (\(serverMessage)). Check the password, and the username "
                + "for an ACL user, in the sink configuration."
        case .selectFailed(let endpoint, let database, let serverMessage):
            "Redis at \(endpoint) refused SELECT \(database) (\(serverMessage)). Use a database number the server "
                + "has (its `databases` setting, 16 by default) in the sink configuration."
        case .commandTimedOut(let endpoint, let command, let after):
            "Redis at \(endpoint) did not answer \(command) within \(Self.text(after)); the connection was closed "
                + "and every command waiting on it failed. Check the server's load (SLOWLOG GET, blocking "
                + "commands), or raise commandTimeout in the sink configuration."
        case .connectionLost(let endpoint, let reason):
            "The connection to Redis at \(endpoint) was lost (\(reason)); commands waiting for a reply may or may "
                + "not have run. The client reconnects on the next command; check the server's log if this repeats."
        case .connectionClosed(let endpoint):
            "The connection to Redis at \(endpoint) was closed by this client before the reply arrived."
        case .serverError(let command, let message):
            "Redis refused \(command): \(Self.sentence(message)) \(Self.fix(forServerError: message))"
        case .protocolViolation(let endpoint, let detail):
            "Redis at \(endpoint) sent a reply this client cannot read (\(detail)); the connection was closed. "
                + "Check that the host/port point at a Redis server, not another service or a TLS port."
        case .transactionAborted(let reason):
            "The MULTI/EXEC transaction did not run: \(reason). Nothing in it was applied."
        case .emptyCommand:
            "A command was empty, so nothing was sent. Pass the command name first, then its arguments: "
                + "[\"GET\", \"key\"]."
        case .clientClosed:
            "The Redis client is closed; create a new one to send more commands."
        }
    }

    /// Redis ends some messages with a period and not others.
    private static func sentence(_ message: String) -> String {
        message.hasSuffix(".") ? message : message + "."
    }

    private static func fix(forServerError message: String) -> String {
        let kind = message.prefix { $0 != " " }
        switch kind {
        case "NOAUTH": return "The server requires a password: set it in the sink configuration."
        case "WRONGPASS": return "Check the password, and the username for an ACL user, in the sink configuration."
        case "WRONGTYPE": return "The key holds another type of value: use another key, or delete it first."
        case "READONLY": return "This server is a read-only replica: point the sink at the primary."
        case "OOM": return "Redis reached its maxmemory: free memory, raise maxmemory, or set an eviction policy."
        case "NOPERM": return "The ACL user may not run this command or touch this key: grant it in the ACL."
        default: return "Correct the command as the message says."
        }
    }

    /// `200 ms`, `2 s`, `1.5 s`: short enough for a log line.
    static func text(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        if milliseconds < 1000 { return "\(milliseconds) ms" }
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000) s" }
        let tenths = (milliseconds + 50) / 100
        return "\(tenths / 10).\(tenths % 10) s"
    }
}
