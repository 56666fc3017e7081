/// Where a Redis server is and how patiently to talk to it.
///
/// Printing a configuration never shows the password.
public struct RedisConfiguration: Sendable, Hashable {
    public var host: String
    public var port: Int
    /// The ACL user for `AUTH username password`; `nil` authenticates as the default user.
    public var username: String?
    /// Sent with `AUTH` right after connecting; `nil` sends no `AUTH`.
    public var password: String?
    /// Selected with `SELECT` right after connecting, when not 0.
    public var database: Int
    /// How long the TCP connection may take to open.
    public var connectTimeout: Duration
    /// How long any one command may wait for its reply, counted from when it is written. On
    /// expiry the connection is closed and every command waiting on it fails.
    public var commandTimeout: Duration
    /// How long to hold off reconnecting after a failed attempt.
    public var reconnectBackoff: RedisReconnectBackoff
    /// Bounds on what the server may make the client allocate.
    public var decoderLimits: RESPDecoder.Limits

    public init(
        host: String = "127.0.0.1",
        port: Int = 6379,
        username: String? = nil,
        password: String? = nil,
        database: Int = 0,
        connectTimeout: Duration = .seconds(2),
        commandTimeout: Duration = .seconds(2),
        reconnectBackoff: RedisReconnectBackoff = RedisReconnectBackoff(),
        decoderLimits: RESPDecoder.Limits = RESPDecoder.Limits()
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.reconnectBackoff = reconnectBackoff
        self.decoderLimits = decoderLimits
    }

    /// `host:port`, with brackets around an IPv6 address, as error messages show it.
    public var endpoint: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

extension RedisConfiguration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        var parts = ["redis://\(endpoint)/\(database)"]
        if let username { parts.append("username: \(username)") }
        if password != nil { parts.append("password: <redacted>") }
        parts.append("connectTimeout: \(RedisClientError.text(connectTimeout))")
        parts.append("commandTimeout: \(RedisClientError.text(commandTimeout))")
        return parts.joined(separator: ", ")
    }

    public var debugDescription: String { description }

    /// Keeps the password out of `dump(_:)` and debuggers too.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "host": host, "port": port, "username": username as Any,
                "password": password == nil ? "nil" : "<redacted>", "database": database,
                "connectTimeout": connectTimeout, "commandTimeout": commandTimeout,
                "reconnectBackoff": reconnectBackoff, "decoderLimits": decoderLimits,
            ],
            displayStyle: .struct)
    }
}
