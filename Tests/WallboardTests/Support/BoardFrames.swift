import Foundation
import GenesysNotifications
import SwitchboardPipeline

/// Pipeline events read from frames exactly as the socket delivers them, in the platform's body
/// shapes (as the pipeline's own board tests write them), for building boards to show.
enum BoardFrames {
    static let sales = "7b1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f"
    static let support = "0e185c02-aca1-4a72-82ea-2e78684e2c89"
    static let alice = "2a6f0a3c-2b1f-4c1e-9a55-2f4b7c9d0e11"
    static let bob = "9ed7d9f6-0c59-4360-ac54-40dd35eb9c2f"
    static let carol = "5b1f6a7e-3c2d-4e8f-9a0b-1c2d3e4f5a6b"
    static let onQueue = "e08eaf1b-ee47-4fa9-a231-1200e284798f"
    static let lunch = "4c8a3f1e-6b2d-4e7a-9c5f-1d3b5a7c9e2f"
    /// When the events arrive; times in bodies are seconds before or after it.
    static let start = Date(timeIntervalSince1970: 1_795_000_000)

    /// `seconds` after ``start``, as the platform writes times.
    static func time(_ seconds: Double) -> String {
        start.addingTimeInterval(seconds).formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    static func event(_ topic: String, _ body: String, at offset: TimeInterval = 0) -> PipelineEvent {
        let frame =
            #"{"topicName":"\#(topic)","version":"2","eventBody":\#(body),"metadata":{"CorrelationId":"\#(UUID().uuidString)"}}"#
        guard let envelope = NotificationEnvelope(frame: frame, receivedAt: start.addingTimeInterval(offset)) else {
            preconditionFailure("not an event frame: \(frame)")
        }
        return PipelineEvent(envelope)
    }

    // MARK: - Queues

    /// An observation snapshot of one media type: waiting, interacting, and when the longest
    /// wait began (`secondsAgo` before ``start``).
    static func observation(
        _ queue: String, media: String, waiting: Int, interacting: Int = 0, longestWaitingSecondsAgo: Double? = nil
    ) -> PipelineEvent {
        let instant = time(0)
        var metrics = [
            #"{"metric":"oWaiting","stats":{"count":\#(waiting)}}"#,
            #"{"metric":"oInteracting","stats":{"count":\#(interacting)}}"#,
        ]
        if let ago = longestWaitingSecondsAgo {
            let epochMilliseconds = Int((start.timeIntervalSince1970 - ago) * 1000)
            metrics.append(
                #"{"metric":"oLongestWaiting","stats":{"count":1,"calculatedMetricValue":\#(epochMilliseconds)}}"#)
        }
        return event(
            "v2.analytics.queues.\(queue).observations",
            #"{"group":{"queueId":"\#(queue)","mediaType":"\#(media)"},"data":[{"interval":"\#(instant)/\#(instant)","metrics":[\#(metrics.joined(separator: ","))]}]}"#
        )
    }

    /// The queue's user-group snapshot: on-queue agents by routing status.
    static func onQueueAgents(_ queue: String, _ byStatus: [String: Int]) -> PipelineEvent {
        let instant = time(0)
        let metrics = byStatus.sorted { $0.key < $1.key }.map {
            #"{"metric":"oOnQueueUsers","qualifier":"\#($0.key)","stats":{"count":\#($0.value)}}"#
        }
        return event(
            "v2.analytics.queues.\(queue).observations",
            #"{"group":{"queueId":"\#(queue)"},"data":[{"interval":"\#(instant)/\#(instant)","metrics":[\#(metrics.joined(separator: ","))]}]}"#
        )
    }

    /// The half-hour aggregate message of one media type.
    static func halfHour(
        _ queue: String, media: String, offered: Int, answered: Int, abandoned: Int, serviceLevel: Double?
    ) -> PipelineEvent {
        var metrics = [
            #"{"metric":"nOffered","stats":{"count":\#(offered)}}"#,
            #"{"metric":"tAnswered","stats":{"count":\#(answered),"sum":\#(answered * 12_000),"min":1000,"max":30000}}"#,
            #"{"metric":"tAbandon","stats":{"count":\#(abandoned),"sum":\#(abandoned * 40_000),"min":30000,"max":50000}}"#,
        ]
        if let serviceLevel {
            metrics.append(
                #"{"metric":"oServiceLevel","stats":{"ratio":\#(serviceLevel),"numerator":7,"denominator":10,"target":0.8}}"#
            )
        }
        return event(
            "v2.analytics.queues.\(queue).observations",
            #"{"group":{"queueId":"\#(queue)","mediaType":"\#(media)"},"data":[{"interval":"\#(time(0))/\#(time(1800))","metrics":[\#(metrics.joined(separator: ","))]}]}"#
        )
    }

    // MARK: - Agents

    static func presence(_ user: String, definition: String, system: String, modified: Double) -> PipelineEvent {
        event(
            "v2.users.\(user).presence",
            #"{"source":"PURECLOUD","presenceDefinition":{"id":"\#(definition)","systemPresence":"\#(system)"},"primary":true,"message":"","modifiedDate":"\#(time(modified))"}"#
        )
    }

    static func routing(_ user: String, _ status: String, since: Double) -> PipelineEvent {
        event(
            "v2.users.\(user).routingStatus",
            #"{"id":"\#(user)","routingStatus":{"status":"\#(status)","startTime":"\#(time(since))"}}"#)
    }

    /// A queue conversation with a customer, the queue leg and `user`'s connected call.
    static func connectedCall(_ user: String, queue: String, conversation: String) -> PipelineEvent {
        let participants = [
            #"{"id":"p1","purpose":"customer","connectedTime":"\#(time(-60))","calls":[{"id":"s1","state":"connected"}]}"#,
            #"{"id":"p2","purpose":"acd","queueId":"\#(queue)","connectedTime":"\#(time(-60))","calls":[{"id":"s2","state":"disconnected"}]}"#,
            #"{"id":"p3","purpose":"agent","userId":"\#(user)","queueId":"\#(queue)","connectedTime":"\#(time(-30))","wrapupRequired":true,"calls":[{"id":"s3","state":"connected"}]}"#,
        ]
        return event(
            "v2.routing.queues.\(queue).conversations.calls",
            #"{"id":"\#(conversation)","participants":[\#(participants.joined(separator: ","))]}"#)
    }
}
