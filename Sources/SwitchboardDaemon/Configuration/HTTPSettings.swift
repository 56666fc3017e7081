/// The daemon's HTTP listener (`http:` in the configuration file).
public struct HTTPSettings: Sendable, Hashable, CustomStringConvertible {
    /// The address to listen on: an IPv4 or IPv6 address, or a host name. IPv6 without brackets.
    public var host: String
    /// The port; 0 lets the system pick a free one.
    public var port: Int
    /// Whether to serve the wallboard page.
    public var wallboard: Bool

    public init(host: String = "127.0.0.1", port: Int = 8080, wallboard: Bool = false) {
        self.host = host
        self.port = port
        self.wallboard = wallboard
    }

    /// `host:port`, with brackets around an IPv6 address.
    public var address: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    public var description: String { "\(address)\(wallboard ? " with the wallboard" : "")" }
}
