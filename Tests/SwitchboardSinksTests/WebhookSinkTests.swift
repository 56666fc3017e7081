import Crypto
import Foundation
import Logging
import Testing

@testable import SwitchboardSinks

/// ``WebhookSink`` behind a ``SinkQueue``, posting to a real Hummingbird server on loopback.
@Suite("Webhook sink against a real local HTTP server", .serialized, .timeLimit(.minutes(1)))
struct WebhookSinkTests {
    static let secret = "whsec-test-3f9c1d2e8b"
    /// The queue's retry warnings are expected here.
    static let quietLogger: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }()

    static func deliveries(_ count: Int, from first: Int = 0) -> [Delivery] {
        (first..<(first + count)).map {
            Delivery(
                key: "v2.users.u1.presence|\($0)", kind: .event, time: Date(timeIntervalSince1970: 0),
                json: #"{"key":"v2.users.u1.presence|\#($0)","n":\#($0),"text":"h\u00e9llo \"\#($0)\""}"#)
        }
    }

    /// What a run of a queue left behind. Timeouts are long unless under test: a loaded machine
    /// must not turn a slow answer into an extra attempt.
    struct Outcome {
        var counts: SinkQueue.Counts
        var requests: [WebhookRecorder.Request]
        var deadLetterLines: [[String: Any]]
        var deadLetterText: String
        var givenUpErrors: [String]
    }

    /// Offers `deliveries` to a queue over a web hook sink posting to a fresh server answering
    /// `script`, runs the queue until it has finished with all of them, and reports.
    func run(
        _ deliveries: [Delivery], script: [WebhookAnswer] = [], otherwise: WebhookAnswer = .status(200),
        timeout: Duration = .seconds(20), queue configure: (inout SinkQueue.Configuration) -> Void = { _ in },
        offerWhileRunning: Bool = false
    ) async throws -> Outcome {
        var configuration = SinkQueue.Configuration(
            batchSize: 100, retryBase: .milliseconds(10), retryCap: .milliseconds(40))
        configure(&configuration)
        let queueConfiguration = configuration
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-webhook-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("dead.jsonl").path
        let deadLetters = try DeadLetterFile(path: path)
        let errors = LockedValue<[String]>([])
        let (counts, requests) = try await WebhookTestServer.with { url, recorder in
            await recorder.script(script, otherwise: otherwise)
            let sink = WebhookSink(
                configuration: try WebhookConfiguration(
                    url: url, secret: WebhookSecret(Self.secret), timeout: timeout, headers: ["X-Tenant": "acme"]))
            let record = deadLetters.recorder(sink: sink.name, logger: Logger(label: "test"))
            let queue = SinkQueue(
                sink: sink, configuration: queueConfiguration, logger: Self.quietLogger,
                onGiveUp: { batch, error in
                    errors.withLock { $0.append(String(describing: error)) }
                    record(batch, error)
                })
            if !offerWhileRunning { for delivery in deliveries { await queue.offer(delivery) } }
            let runner = Task { await queue.run() }
            if offerWhileRunning { for delivery in deliveries { await queue.offer(delivery) } }
            await queue.finish()
            await runner.value
            try await sink.shutdown()
            return (await queue.currentCounts, await recorder.requests)
        }
        deadLetters.close()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        return Outcome(
            counts: counts, requests: requests, deadLetterLines: lines, deadLetterText: text,
            givenUpErrors: errors.withLock { $0 })
    }

    @Test("after two 500s the batches are delivered, every delivery in order, retried with the same keys")
    func recoversAfterServerErrors() async throws {
        let deliveries = Self.deliveries(12)
        let outcome = try await run(
            deliveries, script: [.status(500, body: "database down"), .status(503)], queue: { $0.batchSize = 5 })
        #expect(outcome.counts.delivered == 12)
        #expect(outcome.counts.failedAttempts == 2)
        #expect(outcome.counts.givenUp == 0)
        let requests = outcome.requests
        #expect(requests.count == 5)
        // At least once: the failed attempts carried the first batch, exactly as delivered after.
        #expect(requests[0].body == requests[2].body && requests[1].body == requests[2].body)
        #expect(requests[0].headers["idempotency-key"] == requests[2].headers["idempotency-key"])
        #expect(requests[2].headers["idempotency-key"] != requests[3].headers["idempotency-key"])
        #expect(requests[2...].flatMap(\.keys) == deliveries.map(\.key))
        #expect(requests[2...].map(\.keys.count) == [5, 5, 2])
        #expect(outcome.deadLetterLines.isEmpty)
    }

    @Test("a 429 with Retry-After: 1 holds the next attempt back at least a second")
    func honoursRetryAfter() async throws {
        let outcome = try await run(
            Self.deliveries(3), script: [.status(429, headers: ["Retry-After": "1"])])
        #expect(outcome.counts.delivered == 3 && outcome.counts.failedAttempts == 1)
        #expect(outcome.requests.count == 2)
        let pause = outcome.requests[0].receivedAt.duration(to: outcome.requests[1].receivedAt)
        #expect(pause >= .milliseconds(950))
        #expect(pause < .seconds(10))
    }

    @Test("a receiver slower than the timeout fails the request as a retryable timeout, cut at the timeout")
    func timeoutIsRetryable() async throws {
        try await WebhookTestServer.with { url, recorder in
            await recorder.script([.slow(.seconds(8))])
            let sink = WebhookSink(
                configuration: try WebhookConfiguration(url: url, secret: nil, timeout: .milliseconds(500)))
            let started = ContinuousClock.now
            let error = await #expect(throws: WebhookDeliveryError.self) {
                try await sink.deliver(Self.deliveries(1))
            }
            let waited = started.duration(to: .now)
            try await sink.shutdown()
            #expect(error?.reason == .timedOut)
            #expect(error?.retryAfter == nil)
            // Cut at the timeout, not after the handler's 8 s.
            #expect(waited >= .milliseconds(450) && waited < .seconds(6))
        }
    }

    @Test("a timed-out attempt counts as failed, and the same batch then goes through")
    func timeoutThenRecovery() async throws {
        // A loaded machine may time out a fast answer too: hence at least one failed attempt.
        let outcome = try await run(
            Self.deliveries(4), script: [.slow(.seconds(8))], timeout: .seconds(1))
        #expect(outcome.counts.delivered == 4 && outcome.counts.givenUp == 0)
        #expect(outcome.counts.failedAttempts >= 1)
        #expect(outcome.requests.count == outcome.counts.failedAttempts + 1)
        #expect(outcome.requests.allSatisfy { $0.body == outcome.requests[0].body })
        #expect(outcome.requests[0].receivedAt.duration(to: outcome.requests[1].receivedAt) < .seconds(6))
    }

    @Test("a 400 is given up at once, and its deliveries land in the dead letter file with the reason")
    func badRequestIsDeadLettered() async throws {
        let deliveries = Self.deliveries(3)
        let outcome = try await run(deliveries, script: [.status(400, body: "unknown field n")])
        #expect(outcome.requests.count == 1)
        #expect(outcome.counts.givenUp == 3 && outcome.counts.failedAttempts == 1 && outcome.counts.delivered == 0)
        #expect(outcome.deadLetterLines.count == 3)
        for (line, delivery) in zip(outcome.deadLetterLines, deliveries) {
            #expect(line["sink"] as? String == "webhook")
            let reason = try #require(line["reason"] as? String)
            #expect(reason.contains("400") && reason.contains("unknown field n") && reason.contains("not be retried"))
            #expect((line["failedAt"] as? String)?.hasSuffix("Z") == true)
            let inner = try #require(line["delivery"] as? [String: Any])
            #expect(inner["key"] as? String == delivery.key)
        }
        // The delivery's JSON is written as it is, not re-encoded.
        #expect(outcome.deadLetterText.contains(#""delivery":\#(deliveries[0].json)}"#))
    }

    @Test("when maxAttempts runs out, every delivery of every batch is in the dead letter file, in order")
    func exhaustedAttemptsAreDeadLettered() async throws {
        let deliveries = Self.deliveries(10)
        let outcome = try await run(
            deliveries, otherwise: .status(503),
            queue: {
                $0.batchSize = 4
                $0.maximumAttempts = 3
            })
        #expect(outcome.requests.count == 9)
        #expect(outcome.counts.givenUp == 10 && outcome.counts.failedAttempts == 9 && outcome.counts.delivered == 0)
        let keys = outcome.deadLetterLines.compactMap { ($0["delivery"] as? [String: Any])?["key"] as? String }
        #expect(keys == deliveries.map(\.key))
        #expect(outcome.deadLetterLines.allSatisfy { ($0["reason"] as? String)?.contains("503") == true })
    }

    @Test("the signature is the HMAC-SHA256 of timestamp.body with the secret, and the headers are sent")
    func signatureVerifies() async throws {
        let deliveries = Self.deliveries(2)
        let outcome = try await run(deliveries)
        let request = try #require(outcome.requests.first)
        let timestamp = try #require(request.headers["x-switchboard-timestamp"])
        let sent = try #require(Int(timestamp))
        #expect(abs(sent - Int(Date().timeIntervalSince1970)) < 60)
        var material = Array(timestamp.utf8)
        material.append(UInt8(ascii: "."))
        material += request.body
        let expected = HMAC<SHA256>.authenticationCode(
            for: material, using: SymmetricKey(data: Array(Self.secret.utf8)))
        let hex = expected.map { String(format: "%02x", $0) }.joined()
        #expect(request.headers["x-switchboard-signature"] == "sha256=\(hex)")
        // The body is the deliveries' JSON joined, byte for byte.
        #expect(request.bodyText == "[" + deliveries.map(\.json).joined(separator: ",") + "]")
        #expect(request.headers["content-type"] == "application/json")
        #expect(request.headers["x-tenant"] == "acme")
        #expect(request.headers["user-agent"] == WebhookConfiguration.defaultUserAgent)
        let key = try #require(request.headers["idempotency-key"])
        #expect(key.count == 64 && key.allSatisfy(\.isHexDigit))
        #expect(!request.bodyText.contains(Self.secret))
    }

    @Test("batchSize 10 with 25 deliveries sends batches of 10, 10 and 5")
    func batchesByCount() async throws {
        let deliveries = Self.deliveries(25)
        let outcome = try await run(deliveries, queue: { $0.batchSize = 10 })
        #expect(outcome.requests.map(\.keys.count) == [10, 10, 5])
        #expect(outcome.requests.flatMap(\.keys) == deliveries.map(\.key))
    }

    @Test("three deliveries with batchAge 200 ms go as one request about 200 ms after the first")
    func batchesByAge() async throws {
        // finish() would send at once: the batch must be due by age before the test finishes the
        // queue, so the server holds the test's finish() back until it has seen the request.
        let (started, outcome) = try await WebhookTestServer.with { url, recorder in
            let sink = WebhookSink(
                configuration: try WebhookConfiguration(url: url, secret: nil, timeout: .seconds(20)))
            let queue = SinkQueue(
                sink: sink, configuration: .init(batchSize: 100, batchAge: .milliseconds(200)),
                logger: Self.quietLogger)
            let runner = Task { await queue.run() }
            let started = ContinuousClock.now
            for delivery in Self.deliveries(3) { await queue.offer(delivery) }
            try await eventually("the batch") { await !recorder.requests.isEmpty }
            await queue.finish()
            await runner.value
            try await sink.shutdown()
            return (started, await recorder.requests)
        }
        #expect(outcome.map(\.keys.count) == [3])
        let waited = started.duration(to: try #require(outcome.first).receivedAt)
        #expect(waited >= .milliseconds(190))
        #expect(waited < .seconds(3))
        #expect(outcome.first?.headers["x-switchboard-signature"] == nil)
    }

    @Test("a redirect is not followed: the batch is given up, the message names the target")
    func redirectIsRejected() async throws {
        let outcome = try await run(
            Self.deliveries(1), script: [.status(302, headers: ["Location": "https://example.com/new"])])
        #expect(outcome.requests.count == 1 && outcome.counts.givenUp == 1)
        let reason = try #require(outcome.givenUpErrors.first)
        #expect(
            reason.contains("302") && reason.contains("https://example.com/new") && reason.contains("final address"))
    }

    @Test("no error, dead letter or request shows the secret")
    func secretNeverShown() async throws {
        let outcome = try await run(
            Self.deliveries(2), script: [.status(500)], otherwise: .status(401),
            queue: { $0.maximumAttempts = 3 })
        #expect(outcome.givenUpErrors.count == 1)
        for error in outcome.givenUpErrors { #expect(!error.contains(Self.secret)) }
        let text = try JSONSerialization.data(withJSONObject: outcome.deadLetterLines)
        #expect(!String(decoding: text, as: UTF8.self).contains(Self.secret))
        #expect(
            outcome.requests.allSatisfy { request in !request.headers.values.contains { $0.contains(Self.secret) } })
    }

    @Test("an unreachable receiver is a retryable connection failure")
    func unreachableIsRetryable() async throws {
        // A port that was free a moment ago: nothing listens there.
        let url = try await WebhookTestServer.with { url, _ in url }
        let sink = WebhookSink(
            configuration: try WebhookConfiguration(url: url, secret: nil, timeout: .seconds(2)))
        let error = await #expect(throws: WebhookDeliveryError.self) { try await sink.deliver(Self.deliveries(1)) }
        try await sink.shutdown()
        if case .connectionFailed = error?.reason {
        } else {
            Issue.record("not a connection failure: \(String(describing: error))")
        }
        #expect(error?.retryAfter == nil)
    }
}
