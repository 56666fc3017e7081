import SwitchboardSinks

/// Where durable sinks keep their deliveries (`outbox:` in the configuration file).
public struct OutboxSettings: Sendable, Hashable {
    /// The SQLite file; created when the daemon opens it, not when the configuration is read.
    public var path: String
    public var configuration: Outbox.Configuration

    public init(path: String, configuration: Outbox.Configuration = Outbox.Configuration()) {
        self.path = path
        self.configuration = configuration
    }
}
