import Foundation
import GenesysCloud
import Synchronization

/// A clock tests move by hand; `sleep` returns at once and advances time by the slept amount.
final class ManualClock: PlatformClock {
    private let state: Mutex<(now: ContinuousClock.Instant, sleeps: [Duration])>

    init() { state = Mutex((ContinuousClock.now, [])) }

    func now() -> ContinuousClock.Instant { state.withLock { $0.now } }

    func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        state.withLock {
            $0.sleeps.append(duration)
            $0.now += duration
        }
        await Task.yield()
    }

    func advance(by duration: Duration) { state.withLock { $0.now += duration } }
    var sleeps: [Duration] { state.withLock { $0.sleeps } }
}

/// A transport that answers from a script and records what it was sent.
final class ScriptedTransport: HTTPTransport {
    typealias Handler = @Sendable (HTTPRequestData, Int) async throws -> HTTPResponseData
    private let handler: Handler
    private let log = Mutex<[HTTPRequestData]>([])

    init(_ handler: @escaping Handler) { self.handler = handler }

    func send(_ request: HTTPRequestData, timeout: Duration) async throws -> HTTPResponseData {
        let index = log.withLock {
            $0.append(request)
            return $0.count - 1
        }
        return try await handler(request, index)
    }

    var requests: [HTTPRequestData] { log.withLock { $0 } }
    func requests(to path: String) -> [HTTPRequestData] { requests.filter { $0.url.contains(path) } }
}

func json(_ status: Int, _ text: String, headers: [(name: String, value: String)] = []) -> HTTPResponseData {
    HTTPResponseData(status: status, headers: [("Content-Type", "application/json")] + headers, body: Array(text.utf8))
}

let tokenBody = #"{"access_token":"tok-1","token_type":"bearer","expires_in":86399}"#

func makeClient(
    transport: ScriptedTransport, clock: ManualClock = ManualClock(), retry: RetryPolicy = RetryPolicy(),
    requestsPerMinute: Int = 300
) throws -> GenesysCloudClient {
    GenesysCloudClient(
        configuration: .init(
            endpoints: try PlatformEndpoints(apiURL: "https://api.example.test"),
            credentials: try ClientCredentials(clientId: "client", clientSecret: "s3cret-value"),
            retry: retry, requestsPerMinute: requestsPerMinute),
        transport: transport, clock: clock, random: { 0.5 })
}
