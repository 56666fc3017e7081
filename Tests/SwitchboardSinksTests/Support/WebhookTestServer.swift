import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// What the test server answers to one request.
enum WebhookAnswer: Sendable {
    /// This status, with these headers and body.
    case status(Int, headers: [String: String] = [:], body: String = "")
    /// 200, after this long: slower than a sink's timeout.
    case slow(Duration)
}

/// What a real local web hook receiver saw, and what it answers next.
actor WebhookRecorder {
    struct Request: Sendable {
        /// Header names lowercased.
        var headers: [String: String]
        var body: [UInt8]
        var receivedAt: ContinuousClock.Instant

        var bodyText: String { String(decoding: body, as: UTF8.self) }

        /// The `key` of each delivery in the JSON array body.
        var keys: [String] {
            let objects = (try? JSONSerialization.jsonObject(with: Data(body))) as? [[String: Any]] ?? []
            return objects.map { $0["key"] as? String ?? "?" }
        }
    }

    private(set) var requests: [Request] = []
    private var script: [WebhookAnswer] = []
    /// The answer once the script is used up.
    private var otherwise: WebhookAnswer = .status(200)

    /// Answers `answers` to the next requests, in order, then `otherwise`.
    func script(_ answers: [WebhookAnswer], otherwise: WebhookAnswer = .status(200)) {
        script = answers
        self.otherwise = otherwise
    }

    func record(_ request: Request) -> WebhookAnswer {
        requests.append(request)
        return script.isEmpty ? otherwise : script.removeFirst()
    }
}

/// A Hummingbird server on 127.0.0.1 and a free port, posting to `/hook` records the request and
/// answers as scripted.
enum WebhookTestServer {
    /// Runs `body` with the hook's URL and the recorder, and stops the server afterwards (by
    /// cancellation, so a slow handler does not hold the test up).
    static func with<Result: Sendable>(
        _ body: @Sendable (_ url: String, _ recorder: WebhookRecorder) async throws -> Result
    ) async throws -> Result {
        let recorder = WebhookRecorder()
        let router = Router()
        router.post("hook") { request, _ -> Response in
            var request = request
            let bytes = try await request.collectBody(upTo: 16 * 1024 * 1024)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let answer = await recorder.record(
                .init(headers: headers, body: Array(bytes.readableBytesView), receivedAt: .now))
            switch answer {
            case .status(let code, let extra, let text):
                var fields = HTTPFields()
                for (name, value) in extra {
                    if let name = HTTPField.Name(name) { fields.append(HTTPField(name: name, value: value)) }
                }
                return Response(
                    status: .init(code: code), headers: fields, body: .init(byteBuffer: ByteBuffer(string: text)))
            case .slow(let delay):
                try await Task.sleep(for: delay)
                return Response(status: .ok)
            }
        }
        var logger = Logger(label: "webhook-test-server")
        // Stopping by cancellation makes Hummingbird log an error that means nothing here.
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            }, logger: logger)
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                // A server that fails to bind ends the wait for its port.
                defer { continuation.finish() }
                try await app.run()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else {
                group.cancelAll()
                throw EventuallyTimedOut(what: "the web hook test server to start")
            }
            do {
                let result = try await body("http://127.0.0.1:\(port)/hook", recorder)
                group.cancelAll()
                return result
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }
}
