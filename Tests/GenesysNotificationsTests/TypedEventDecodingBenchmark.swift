import Foundation
import GenesysCloud
import Testing

@testable import GenesysNotifications

/// A rough throughput figure for `decoded()`, run only on request:
/// `SWITCHBOARD_DECODE_BENCH=1 swift test -c release --filter TypedEventDecodingBenchmark`.
/// It prints a figure and asserts nothing about time.
@Suite("Typed event decoding throughput")
struct TypedEventDecodingBenchmark {
    @Test(
        "decodes a mix of observation, routing status and conversation events",
        .enabled(if: ProcessInfo.processInfo.environment["SWITCHBOARD_DECODE_BENCH"] != nil))
    func throughput() throws {
        let user = EventTestSupport.userId
        let queue = EventTestSupport.queueId
        let envelopes = [
            try EventTestSupport.envelope(
                "v2.analytics.queues.\(queue).observations",
                #"{"group":{"queueId":"\#(queue)","mediaType":"voice"},"data":[{"interval":"2024-12-30T09:46:54.839Z/2024-12-30T09:46:54.839Z","metrics":[{"metric":"oAlerting","stats":{"count":0}},{"metric":"oWaiting","stats":{"count":3}}]}]}"#
            ),
            try EventTestSupport.envelope(
                "v2.users.\(user).routingStatus",
                #"{"id":"\#(user)","routingStatus":{"status":"IDLE","startTime":"2024-05-01T10:00:00.000Z"}}"#),
            try EventTestSupport.envelope(
                "v2.routing.queues.\(queue).conversations.calls",
                #"{"id":"c1","participants":[{"id":"p1","purpose":"customer","connectedTime":"2024-05-01T10:00:00.000Z","calls":[{"id":"s1","state":"connected","direction":"inbound","connectedTime":"2024-05-01T10:00:00.000Z","self":{"addressNormalized":"tel:+3210000000"}}]},{"id":"p2","purpose":"acd","queueId":"\#(queue)","connectedTime":"2024-05-01T10:00:01.000Z","conversationRoutingData":{"queue":{"id":"\#(queue)"},"priority":0,"skills":[]},"calls":[{"id":"s2","state":"connected","connectedTime":"2024-05-01T10:00:01.000Z"}]},{"id":"p3","purpose":"agent","userId":"\#(user)","queueId":"\#(queue)","calls":[{"id":"s3","state":"alerting"}]}]}"#
            ),
        ]
        let rounds = 30_000
        var waiting = 0
        let start = ContinuousClock.now
        for index in 0..<rounds * envelopes.count {
            if case .queueConversation(_, let conversation) = envelopes[index % envelopes.count].decoded(),
                conversation.isWaiting
            {
                waiting += 1
            }
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let count = rounds * envelopes.count
        print("decoded \(count) events in \(seconds) s: \(Int(Double(count) / seconds)) events/s (waiting \(waiting))")
        #expect(waiting == rounds)
    }

    @Test(
        "breaks the cost down: topic parsing, body decoding, plain JSON parsing",
        .enabled(if: ProcessInfo.processInfo.environment["SWITCHBOARD_DECODE_BENCH"] != nil))
    func breakdown() throws {
        let queue = EventTestSupport.queueId
        let envelope = try EventTestSupport.envelope(
            "v2.analytics.queues.\(queue).observations",
            #"{"group":{"queueId":"\#(queue)","mediaType":"voice"},"data":[{"interval":"2024-12-30T09:46:54.839Z/2024-12-30T09:46:54.839Z","metrics":[{"metric":"oAlerting","stats":{"count":0}},{"metric":"oWaiting","stats":{"count":3}}]}]}"#
        )
        let rounds = 20_000
        func measure(_ label: String, _ body: () -> Void) {
            let start = ContinuousClock.now
            for _ in 0..<rounds { body() }
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            print("\(label): \(Int(seconds / Double(rounds) * 1e9)) ns each")
        }
        let data = Data(envelope.rawText.utf8)
        measure("Topic(parsing:)") { _ = envelope.topic }
        measure("TopicClassifier") { _ = TopicClassifier.classify(envelope.topicName) }
        measure("JSONSerialization") { _ = try? JSONSerialization.jsonObject(with: data) }
        measure("JSONValue") { _ = try? JSONDecoder().decode(JSONValue.self, from: data) }
        measure("body") { _ = EventBodyDecoder.body(StatsEvent.self, of: envelope) }
        measure("decoded()") { _ = envelope.decoded() }
    }
}
