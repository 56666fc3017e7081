import Foundation
import GenesysCloud
import GenesysNotifications
import SwitchboardPipeline
import Synchronization

/// Ids, times and envelopes for the intake tests (de-duplication, records, filters).
enum IntakeFixtures {
    static let queueA = "0e185c02-aca1-4a72-82ea-2e78684e2c89"
    static let queueB = "5b1f6a7e-3c2d-4e8f-9a0b-1c2d3e4f5a6b"
    static let agentA = "9ed7d9f6-0c59-4360-ac54-40dd35eb9c2f"
    static let agentB = "2a6f0a3c-2b1f-4c1e-9a55-2f4b7c9d0e11"
    static let conversation = "2f7b0b3c-7a3e-4c3e-9d2e-3b0c6f0e5a11"

    /// 2024-05-01T10:00:00.000Z, when the customer entered the first queue.
    static let start = Date(timeIntervalSince1970: 1_714_557_600)

    /// `seconds` after ``start``, as the platform writes times.
    static func time(_ seconds: Double) -> String {
        let date = start.addingTimeInterval(seconds)
        return date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// An envelope read from a frame exactly as the socket delivers it.
    static func envelope(
        topic: String, body: String, correlationId: String? = UUID().uuidString.lowercased(),
        receivedAt: Date = start
    ) -> NotificationEnvelope {
        let metadata = correlationId.map { #","metadata":{"CorrelationId":"\#($0)"}"# } ?? ""
        let frame = #"{"topicName":"\#(topic)","version":"2","eventBody":\#(body)\#(metadata)}"#
        guard let envelope = NotificationEnvelope(frame: frame, receivedAt: receivedAt) else {
            fatalError("not an event frame: \(frame)")
        }
        return envelope
    }

    /// A backfill record of `topic` with `body`, as backfill builds them (no correlation id).
    static func backfill(topic: String, body: String, at date: Date = start) throws -> NotificationEnvelope {
        let context = BackfillContext(slot: 0, reason: .startup, snapshotAt: date)
        return NotificationEnvelope(
            topicName: topic, version: "2", eventBody: try JSONValue(parsing: body), correlationId: nil,
            rawText: body, receivedAt: date, origin: .backfill(context))
    }

    static func presenceTopic(_ user: String = agentA) -> String { "v2.users.\(user).presence" }
    static func routingStatusTopic(_ user: String = agentA) -> String { "v2.users.\(user).routingStatus" }
    static func queueTopic(_ queue: String = queueA) -> String { "v2.routing.queues.\(queue).conversations" }
    static func userConversationTopic(_ user: String = agentA) -> String { "v2.users.\(user).conversations" }
    static func observationTopic(_ queue: String = queueA) -> String { "v2.analytics.queues.\(queue).observations" }

    static func presenceBody(_ systemPresence: String) -> String {
        #"{"source":"PURECLOUD","presenceDefinition":{"id":"6a3af858-942f-489d-9700-5f9bcdcdae9b","systemPresence":"\#(systemPresence)"},"primary":true,"message":""}"#
    }

    static func routingStatusBody(_ status: String, user: String = agentA) -> String {
        #"{"id":"\#(user)","routingStatus":{"status":"\#(status)","startTime":"2024-05-01T09:00:00.000Z"}}"#
    }

    static func observationBody(queue: String = queueA, mediaType: String = "voice", waiting: Int = 2) -> String {
        #"{"group":{"queueId":"\#(queue)","mediaType":"\#(mediaType)"},"data":[{"interval":"2024-05-01T10:00:00.000Z/2024-05-01T10:00:00.000Z","metrics":[{"metric":"oWaiting","stats":{"count":\#(waiting)}}]}]}"#
    }

    static func event(_ envelope: NotificationEnvelope) -> PipelineEvent { PipelineEvent(envelope) }
}

/// Conversation snapshots in the shape the emulator sends (`EventBodies.conversation`) and
/// reference §5.5–5.6 describe: the customer, then per queue segment its `acd` leg and, once
/// offered, its `agent` leg. Times are seconds after ``IntakeFixtures/start``.
enum ConversationBodies {
    static func customer(ended: Double? = nil, media: String = "calls", direction: String = "inbound") -> String {
        let end = ended.map { #","endTime":"\#(IntakeFixtures.time($0))""# } ?? ""
        let state = ended == nil ? "connected" : "disconnected"
        let disconnected =
            ended.map { #","disconnectedTime":"\#(IntakeFixtures.time($0))","disconnectType":"endpoint""# } ?? ""
        return #"""
            {"id":"c0000000-0000-4000-8000-000000000001","purpose":"customer","address":"tel:+15550100",
             "connectedTime":"\#(IntakeFixtures.time(-20))"\#(end),
             "\#(media)":[{"id":"c0000000-0000-4000-8000-000000000002","state":"\#(state)","direction":"\#(direction)",
               "connectedTime":"\#(IntakeFixtures.time(-20))"\#(disconnected)}]}
            """#
    }

    /// A queue leg that entered at `entered` and left at `left` (answer, transfer or abandon).
    static func acd(
        queue: String = IntakeFixtures.queueA, entered: Double = 0, left: Double? = nil,
        disconnectType: String = "transfer", media: String = "calls"
    ) -> String {
        let end = left.map { #","endTime":"\#(IntakeFixtures.time($0))""# } ?? ""
        let disconnected =
            left.map { #","disconnectedTime":"\#(IntakeFixtures.time($0))","disconnectType":"\#(disconnectType)""# }
            ?? ""
        return #"""
            {"id":"a0000000-0000-4000-8000-\#(String(format: "%012d", Int(entered * 1000)))","purpose":"acd",
             "queueId":"\#(queue)","name":"Support","connectedTime":"\#(IntakeFixtures.time(entered))"\#(end),
             "conversationRoutingData":{"queue":{"id":"\#(queue)","name":"Support"},"priority":0},
             "\#(media)":[{"id":"a1000000-0000-4000-8000-000000000001","state":"\#(left == nil ? "connected" : "disconnected")",
               "direction":"inbound","connectedTime":"\#(IntakeFixtures.time(entered))"\#(disconnected)}]}
            """#
    }

    /// Where an agent leg stands, as the emulator writes it.
    enum AgentStep {
        case alerting
        case connected(answered: Double)
        case held(answered: Double, since: Double)
        /// Media over at `ended`, after-call work pending.
        case wrapup(answered: Double, ended: Double, transferred: Bool = false)
        /// After-call work finished at `done` with a wrap-up code.
        case done(answered: Double, ended: Double, done: Double)
    }

    static func agent(
        _ step: AgentStep, user: String = IntakeFixtures.agentA, queue: String = IntakeFixtures.queueA,
        media: String = "calls"
    ) -> String {
        func time(_ seconds: Double) -> String { "\"\(IntakeFixtures.time(seconds))\"" }
        var participant: [String] = []
        var session: [String] = []
        switch step {
        case .alerting:
            session = [#""state":"alerting""#, #""held":false"#]
        case .connected(let answered):
            participant = [#""connectedTime":\#(time(answered))"#]
            session = [#""state":"connected""#, #""connectedTime":\#(time(answered))"#, #""held":false"#]
        case .held(let answered, let since):
            participant = [#""connectedTime":\#(time(answered))"#]
            session = [
                #""state":"connected""#, #""connectedTime":\#(time(answered))"#, #""held":true"#,
                #""startHoldTime":\#(time(since))"#,
            ]
        case .wrapup(let answered, let ended, let transferred):
            participant = [#""connectedTime":\#(time(answered))"#, #""startAcwTime":\#(time(ended))"#]
            session = [
                #""state":"disconnected""#, #""connectedTime":\#(time(answered))"#,
                #""disconnectedTime":\#(time(ended))"#, #""disconnectType":"\#(transferred ? "transfer" : "peer")""#,
                #""held":false"#, #""afterCallWorkRequired":true"#,
                #""afterCallWork":{"state":"pending","startTime":\#(time(ended))}"#,
            ]
        case .done(let answered, let ended, let done):
            let wrapup =
                #"{"code":"7f3a1c52-0b4e-4d9a-8e21-5c6d7e8f9a0b","notes":"","durationSeconds":\#(Int(done - ended)),"endTime":\#(time(done))}"#
            participant = [
                #""connectedTime":\#(time(answered))"#, #""endTime":\#(time(done))"#,
                #""startAcwTime":\#(time(ended))"#, #""endAcwTime":\#(time(done))"#, #""wrapup":\#(wrapup)"#,
            ]
            session = [
                #""state":"disconnected""#, #""connectedTime":\#(time(answered))"#,
                #""disconnectedTime":\#(time(ended))"#, #""disconnectType":"peer""#, #""held":false"#,
                #""afterCallWorkRequired":true"#,
                #""afterCallWork":{"state":"complete","startTime":\#(time(ended)),"endTime":\#(time(done))}"#,
                #""wrapup":\#(wrapup)"#,
            ]
        }
        let sessionText = ([#""id":"b1000000-0000-4000-8000-000000000001""#, #""direction":"inbound""#] + session)
            .joined(separator: ",")
        let participantText =
            ([
                #""id":"b0000000-0000-4000-8000-\#(user.suffix(12))""#, #""purpose":"agent""#, #""userId":"\#(user)""#,
                #""name":"Agent""#, #""queueId":"\#(queue)""#, #""wrapupRequired":true"#, #""wrapupTimeoutMs":60000"#,
                #""alertingTimeoutMs":8000"#,
            ] + participant).joined(separator: ",")
        return "{\(participantText),\"\(media)\":[{\(sessionText)}]}"
    }

    static func conversation(_ participants: [String], id: String = IntakeFixtures.conversation) -> String {
        #"{"id":"\#(id)","participants":[\#(participants.joined(separator: ","))]}"#
    }

    /// A queue conversation event received `at` seconds after ``IntakeFixtures/start``.
    static func queueEvent(
        _ participants: [String], queue: String = IntakeFixtures.queueA, at seconds: Double,
        correlationId: String? = UUID().uuidString.lowercased()
    ) -> PipelineEvent {
        PipelineEvent(
            IntakeFixtures.envelope(
                topic: IntakeFixtures.queueTopic(queue), body: conversation(participants),
                correlationId: correlationId, receivedAt: IntakeFixtures.start.addingTimeInterval(seconds)))
    }
}

/// A clock instant tests move by hand.
final class ManualInstant: Sendable {
    private let instant = Mutex(ContinuousClock.now)

    var now: ContinuousClock.Instant { instant.withLock { $0 } }

    func advance(by duration: Duration) { instant.withLock { $0 = $0.advanced(by: duration) } }
}
