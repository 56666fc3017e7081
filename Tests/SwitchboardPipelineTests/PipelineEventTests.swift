import Foundation
import GenesysNotifications
import SwitchboardPipeline
import Testing

@Suite("Pipeline: events decoded once")
struct PipelineEventTests {
    @Test("an envelope is decoded once into its typed body")
    func decodesOnce() throws {
        let user = "2a6f0a3c-2b1f-4c1e-9a55-2f4b7c9d0e11"
        let frame =
            #"{"topicName":"v2.users.\#(user).routingStatus","version":"2","eventBody":{"id":"\#(user)","routingStatus":{"status":"IDLE","startTime":"2024-05-01T10:00:00.000Z"}},"metadata":{"CorrelationId":"c-1"}}"#
        let envelope = try #require(NotificationEnvelope(frame: frame))
        let event = PipelineEvent(envelope)
        guard case .routingStatus(let userId, let body) = event.typed else {
            Issue.record("expected a routing status, got \(event.typed)")
            return
        }
        #expect(userId == user)
        #expect(body.routingStatus?.status == .idle)
        #expect(!event.isBackfill)
    }
}
