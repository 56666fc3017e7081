/// Why the daemon could not start: one message naming the cause and the fix. Nothing was
/// subscribed when this is thrown.
public struct DaemonStartError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
