import Foundation
import GenesysNotifications
import SwitchboardPipeline
import Synchronization

@testable import SwitchboardSinks

/// Deliveries and recording sinks for the sink tests.
enum SinkFixtures {
    static let queue = "0e185c02-aca1-4a72-82ea-2e78684e2c89"
    static let agent = "9ed7d9f6-0c59-4360-ac54-40dd35eb9c2f"

    /// `count` simple deliveries, keyed `k0`, `k1`, ….
    static func deliveries(_ count: Int, from start: Int = 0) -> [Delivery] {
        (start..<(start + count)).map { index in
            Delivery(
                key: "k\(index)", kind: .event, time: Date(timeIntervalSince1970: Double(index)),
                json: #"{"n":\#(index)}"#)
        }
    }

    /// A pipeline event from a frame as the platform writes it.
    static func event(_ frame: String) throws -> PipelineEvent {
        guard let envelope = NotificationEnvelope(frame: frame, receivedAt: Date(timeIntervalSince1970: 1_714_557_600))
        else { throw FixtureError("not an event frame: \(frame)") }
        return PipelineEvent(envelope)
    }

    static let conversationFrame =
        #"{"topicName":"v2.routing.queues.\#(queue).conversations","version":"2","eventBody":{"id":"c1","participants":[{"id":"p1","purpose":"customer","address":"tel:+15550100","calls":[{"id":"s1","state":"connected","direction":"inbound"}]},{"id":"p2","purpose":"acd","queueId":"\#(queue)","connectedTime":"2024-05-01T09:59:30.000Z","calls":[{"id":"s2","state":"connected"}]}]},"metadata":{"CorrelationId":"290034f4-c3d7-46fd-8342-ee5bc859b7e9"}}"#

    struct FixtureError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

/// A sink that records batches and fails as told.
final class RecordingSink: Sink {
    let name = "recording"
    private let state = Mutex(State())

    private struct State {
        var batches: [[Delivery]] = []
        var failuresLeft = 0
        var failure: (any Error)?
        var gate: CheckedContinuation<Void, Never>?
        var gated = false
    }

    struct Refused: Error, CustomStringConvertible {
        var description: String { "refused for the test" }
    }

    struct Permanent: PermanentSinkError, CustomStringConvertible {
        var description: String { "refused for good" }
    }

    /// The next `count` attempts throw `error`.
    func fail(_ count: Int, with error: any Error = Refused()) {
        state.withLock {
            $0.failuresLeft = count
            $0.failure = error
        }
    }

    var batches: [[Delivery]] { state.withLock { $0.batches } }
    var keys: [String] { batches.flatMap { $0.map(\.key) } }

    func deliver(_ batch: [Delivery]) async throws {
        let failure: (any Error)? = state.withLock { state in
            guard state.failuresLeft > 0, let failure = state.failure else { return nil }
            state.failuresLeft -= 1
            return failure
        }
        if let failure { throw failure }
        state.withLock { $0.batches.append(batch) }
    }
}

/// A value behind a lock that closures can share.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) { mutex = Mutex(value) }

    var value: Value { mutex.withLock { $0 } }

    func update(_ change: (inout Value) -> Void) { mutex.withLock { change(&$0) } }
}
