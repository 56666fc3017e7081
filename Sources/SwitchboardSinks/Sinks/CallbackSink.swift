/// Hands each batch to a closure: the way a library user receives deliveries in their own code
/// (a dashboard's state, a test's buffer).
///
/// Behind a ``SinkQueue`` the closure runs on the queue's task, one batch at a time, in order; a
/// throw is a failed attempt and the batch comes again.
public struct CallbackSink: Sink {
    public let name: String
    private let handler: @Sendable ([Delivery]) async throws -> Void

    public init(name: String = "callback", _ handler: @escaping @Sendable ([Delivery]) async throws -> Void) {
        self.name = name
        self.handler = handler
    }

    public func deliver(_ batch: [Delivery]) async throws {
        try await handler(batch)
    }
}
