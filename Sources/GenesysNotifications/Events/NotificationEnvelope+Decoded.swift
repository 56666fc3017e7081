import Foundation

extension NotificationEnvelope {
    /// The body decoded into the model of its topic. Never throws: a topic without a model gives
    /// ``TypedEvent/unmodelled`` and a body that is not a JSON object ``TypedEvent/undecodable(_:)``;
    /// in both cases ``eventBody`` still holds everything that arrived.
    ///
    /// Fields of the wrong type do not fail the body: they read as `nil` and their raw JSON is kept
    /// in the model's `additionalFields` (see each model).
    public func decoded() -> TypedEvent { EventBodyDecoder.decode(self) }
}
