import Foundation
// Health events are made by the client only; the tests build them directly.
import GenesysNotifications
import SwitchboardPipeline
import Testing

/// Health events of every kind, as the client reports them.
enum HealthFixtures {
    static let at = Date(timeIntervalSince1970: 1_795_000_000)
    /// What a channel id looks like in a health event: the client shortens it.
    static let shortChannel = "streaming-3-k2fq…"
    /// A full channel id: it must never reach the audit log.
    static let fullChannel = "streaming-3-k2fqx9h7vmc2t8r4ab6dn1pyzw"

    static func health(_ kind: HealthEvent.Kind, slot: Int = 2, channel: String? = shortChannel) -> HealthEvent {
        HealthEvent(slot: slot, channel: channel, at: at, kind: kind)
    }

    static func topics(_ count: Int) -> [Topic] {
        (0..<count).map { index in
            Topic.userPresence(UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", index)) ?? UUID())
        }
    }

    static let gap = Gap(start: at.addingTimeInterval(-12.5), end: at, topics: topics(7))

    static func report(reason: BackfillReason = .gap(gap), failed: Int = 2, records: Int = 40) -> BackfillReport {
        BackfillReport(
            reason: reason, backfilled: topics(6), withoutData: topics(1), notBackfillable: topics(3),
            failed: Array(topics(9).suffix(failed)), records: records, releasedEvents: 4,
            duration: .milliseconds(1_250), failures: [], restarts: 1)
    }

    /// One health event of each kind and each state change, with the audit event it is logged as.
    static let everyKind: [(HealthEvent, AuditEvent)] = [
        (health(.state(.settingUpChannel)), .channelSettingUp),
        (
            health(
                .state(
                    .channelSetupFailed(reason: "503 from POST /api/v2/notifications/channels", retryIn: .seconds(4)))),
            .channelSetupFailed
        ),
        (health(.state(.connected)), .channelConnected),
        (health(.state(.heartbeatLate(silentFor: .milliseconds(45_500)))), .channelHeartbeatLate),
        (health(.state(.rotating)), .channelRotating),
        (health(.state(.rotated)), .channelRotated),
        (health(.state(.rotationFailed(reason: "the replacement socket did not open"))), .channelRotationFailed),
        (health(.state(.disconnected(reason: "close 1006"))), .channelDisconnected),
        (
            health(.state(.reconnectScheduled(reason: "close 1006", retryIn: .milliseconds(800)))),
            .channelReconnectScheduled
        ),
        (health(.state(.channelLost(reason: "no_longer_subscribed"))), .channelLost),
        (health(.state(.channelRenewed)), .channelRenewed),
        (health(.state(.channelRenewalFailed(reason: "429 Too Many Requests"))), .channelRenewalFailed),
        (health(.state(.gapStarted)), .gapStarted),
        (health(.state(.gapEnded(duration: .milliseconds(12_500)))), .gapEnded),
        (health(.state(.stopped)), .channelStopped),
        (health(.gap(gap)), .gap),
        (
            health(
                .topicsRejected([
                    RejectedTopic(topic: "v2.users.x.presence", reason: "not found", missingPermissions: []),
                    RejectedTopic(
                        topic: "v2.analytics.queues.y.observations", reason: "forbidden",
                        missingPermissions: ["analytics:queueObservation:view"]),
                ])), .topicsRejected
        ),
        (health(.topicsUnplaced(topics(1_203), reason: "over 20 channels"), slot: -1, channel: nil), .topicsUnplaced),
        (health(.malformedFrame(.notJSON, count: 3), channel: nil), .framesMalformed),
        (
            health(
                .backfillFailed(
                    BackfillFailure(
                        request: "GET /api/v2/users (100 users)", topics: 100, cause: "HTTP 503", attempt: 2,
                        maximumAttempts: 3, retryIn: .seconds(4)))), .backfillFailed
        ),
        (health(.backfilled(report())), .backfill),
    ]
}

@Suite("Audit log: records of health events")
struct AuditRecordTests {
    typealias Fixtures = HealthFixtures

    @Test("every health kind and every state change has its own audit event name")
    func everyKindIsNamed() {
        let names = Fixtures.everyKind.map { AuditRecord($0.0).event }
        #expect(names == Fixtures.everyKind.map(\.1))
        #expect(Set(names).count == names.count)
        // The rest are written by the process itself.
        #expect(Set(AuditEvent.allCases).subtracting(names) == [.sinkFailed, .shutdown])
        #expect(AuditEvent.channelConnected.rawValue == "channel.connected")
        #expect(AuditEvent.framesMalformed.rawValue == "frames.malformed")
    }

    @Test("every record carries the time, the slot and the shortened channel, and round-trips through its JSON line")
    func commonFields() throws {
        for (health, _) in Fixtures.everyKind {
            let record = AuditRecord(health)
            #expect(record.time == Fixtures.at)
            #expect(record.channel == health.channel)
            #expect(record.slot == (health.slot >= 0 ? health.slot : nil))
            let line = record.jsonLine()
            #expect(!line.contains("\n"))
            #expect(try AuditRecord(jsonLine: line) == record)
        }
    }

    @Test("a JSON line has sorted keys, an ISO-8601 time and no absent fields")
    func jsonShape() {
        let line = AuditRecord(Fixtures.health(.state(.connected))).jsonLine()
        #expect(
            line
                == #"{"channel":"streaming-3-k2fq…","event":"channel.connected","slot":2,"time":"2026-11-18T11:06:40.000Z"}"#
        )
    }

    @Test("state changes carry their reason, retry wait, silence or gap length")
    func stateFields() throws {
        let records = Fixtures.everyKind.map { AuditRecord($0.0) }
        let byEvent = Dictionary(uniqueKeysWithValues: records.map { ($0.event, $0) })
        let setup = try #require(byEvent[.channelSetupFailed])
        #expect(setup.reason == "503 from POST /api/v2/notifications/channels")
        #expect(setup.retryInSeconds == 4)
        #expect(byEvent[.channelHeartbeatLate]?.silentForSeconds == 45.5)
        #expect(byEvent[.channelReconnectScheduled]?.retryInSeconds == 0.8)
        #expect(byEvent[.channelReconnectScheduled]?.reason == "close 1006")
        #expect(byEvent[.channelLost]?.reason == "no_longer_subscribed")
        #expect(byEvent[.channelRotationFailed]?.reason == "the replacement socket did not open")
        #expect(byEvent[.channelRenewalFailed]?.reason == "429 Too Many Requests")
        #expect(byEvent[.gapEnded]?.durationSeconds == 12.5)
        let connected = try #require(byEvent[.channelConnected])
        #expect(connected.reason == nil && connected.retryInSeconds == nil && connected.topics == nil)
    }

    @Test("a gap carries its start, end, length and the first few of its topics with their count")
    func gapFields() throws {
        let record = AuditRecord(Fixtures.health(.gap(Fixtures.gap)))
        #expect(record.gapStart == Fixtures.gap.start)
        #expect(record.gapEnd == Fixtures.gap.end)
        #expect(record.durationSeconds == 12.5)
        #expect(record.topicCount == 7)
        #expect(record.topics == Fixtures.gap.topics.prefix(5).map(\.name))
        #expect(record.jsonLine().contains(#""gapStart":"2026-11-18T11:06:27.500Z""#))
    }

    @Test("rejected and unplaced topics carry counts, names and reasons; a record about no slot has none")
    func topicFields() throws {
        let rejected = AuditRecord(Fixtures.everyKind[16].0)
        #expect(rejected.topicCount == 2)
        #expect(rejected.topics == ["v2.users.x.presence", "v2.analytics.queues.y.observations"])
        #expect(
            rejected.reasons == [
                "v2.users.x.presence: not found",
                "v2.analytics.queues.y.observations: forbidden (missing analytics:queueObservation:view)",
            ])
        let unplaced = AuditRecord(Fixtures.everyKind[17].0)
        #expect(unplaced.slot == nil && unplaced.channel == nil)
        #expect(unplaced.topicCount == 1_203)
        #expect(unplaced.topics?.count == AuditRecord.listedTopics)
        #expect(unplaced.reason == "over 20 channels")
    }

    @Test("malformed frames carry their kind and count; a failed backfill call its request, attempt and retry")
    func frameAndBackfillFailureFields() throws {
        let frames = AuditRecord(Fixtures.everyKind[18].0)
        #expect(frames.frameKind == "not JSON" && frames.frameCount == 3)
        let failed = AuditRecord(Fixtures.everyKind[19].0)
        #expect(failed.request == "GET /api/v2/users (100 users)")
        #expect(failed.topicCount == 100)
        #expect(failed.reason == "HTTP 503")
        #expect(failed.attempt == 2 && failed.maximumAttempts == 3)
        #expect(failed.retryInSeconds == 4)
        let givenUp = AuditRecord(
            Fixtures.health(
                .backfillFailed(
                    BackfillFailure(
                        request: "GET /api/v2/users (1 users)", topics: 1, cause: "HTTP 403", attempt: 3,
                        maximumAttempts: 3, retryIn: nil))))
        #expect(givenUp.retryInSeconds == nil)
        #expect(!givenUp.jsonLine().contains("retryInSeconds"))
    }

    @Test("a backfill pass carries its reason, the gap it followed, records, released events and failures")
    func backfillFields() throws {
        let record = AuditRecord(Fixtures.everyKind[20].0)
        #expect(record.backfillReason == "gap")
        #expect(record.gapStart == Fixtures.gap.start && record.gapEnd == Fixtures.gap.end)
        #expect(record.topicCount == 6)
        #expect(record.records == 40 && record.released == 4)
        #expect(record.failed == 2)
        #expect(record.failedTopics == Fixtures.topics(9).suffix(2).map(\.name))
        #expect(record.withoutData == 1 && record.notBackfillable == 3)
        #expect(record.restarts == 1)
        #expect(record.durationSeconds == 1.25)

        let startup = AuditRecord(Fixtures.health(.backfilled(Fixtures.report(reason: .startup, failed: 0))))
        #expect(startup.backfillReason == "startup")
        #expect(startup.gapStart == nil && startup.failedTopics == nil && startup.failed == 0)
    }

    @Test("sink.failed carries the sink, reason and counts; shutdown its reason; both without a slot")
    func processRecords() throws {
        let sink = AuditRecord.sinkFailed(
            sink: "webhook", reason: "HTTP 500 from the receiver", dropped: 12, queued: 3_000, at: Fixtures.at)
        #expect(sink.event == .sinkFailed)
        #expect(sink.sink == "webhook" && sink.reason == "HTTP 500 from the receiver")
        #expect(sink.dropped == 12 && sink.queued == 3_000)
        #expect(sink.slot == nil && sink.channel == nil)
        #expect(
            sink.jsonLine()
                == #"{"dropped":12,"event":"sink.failed","queued":3000,"reason":"HTTP 500 from the receiver","sink":"webhook","time":"2026-11-18T11:06:40.000Z"}"#
        )
        let shutdown = AuditRecord.shutdown(at: Fixtures.at, reason: "SIGTERM")
        #expect(shutdown.jsonLine() == #"{"event":"shutdown","reason":"SIGTERM","time":"2026-11-18T11:06:40.000Z"}"#)
    }

    @Test("reasons quoting a full channel id, a bearer token or a secret parameter are scrubbed")
    func scrubbedReasons() {
        let reason =
            "handshake to ws://host/channels/\(Fixtures.fullChannel) failed; Authorization: Bearer eyJhbGciOi.abc-123 refused"
        let record = AuditRecord(Fixtures.health(.state(.disconnected(reason: reason))))
        let line = record.jsonLine()
        #expect(!line.contains(Fixtures.fullChannel))
        #expect(!line.contains("eyJhbGciOi"))
        #expect(line.contains("streaming-3-k2fq…"))
        let sink = AuditRecord.sinkFailed(
            sink: "webhook https://user:hunter2@hooks.example/in?token=s3cr3t&x=1", reason: "timeout", dropped: 0,
            queued: 1)
        #expect(!sink.jsonLine().contains("s3cr3t"))
        #expect(!sink.jsonLine().contains("hunter2"))
    }
}

@Suite("Audit log: scrubbing secrets from free text")
struct SecretScrubberTests {
    @Test("full channel ids are shortened as health events shorten them; short ones are left alone")
    func channelIds() {
        #expect(
            SecretScrubber.scrub("GET /api/v2/notifications/channels/\(HealthFixtures.fullChannel)/subscriptions")
                == "GET /api/v2/notifications/channels/streaming-3-k2fq…/subscriptions")
        #expect(SecretScrubber.scrub("channel streaming-3-k2fq…") == "channel streaming-3-k2fq…")
    }

    @Test("credentials in headers, URLs and JSON answers are replaced; ordinary text is kept")
    func credentials() {
        #expect(SecretScrubber.scrub("Authorization: Bearer abc.def-ghi") == "Authorization: Bearer …")
        #expect(SecretScrubber.scrub("basic dXNlcjpwYXNz sent") == "basic … sent")
        #expect(
            SecretScrubber.scrub("https://hooks.example/in?access_token=abc&x=1&client_secret=zzz")
                == "https://hooks.example/in?access_token=…&x=1&client_secret=…")
        #expect(
            SecretScrubber.scrub(#"{"access_token":"abc","expires_in":86399}"#)
                == #"{"access_token":"…","expires_in":86399}"#)
        #expect(SecretScrubber.scrub("redis://default:pa55@cache:6379") == "redis://…@cache:6379")
        #expect(
            SecretScrubber.scrub("HTTP 503 Service Unavailable; retry in 4 s")
                == "HTTP 503 Service Unavailable; retry in 4 s")
    }
}
