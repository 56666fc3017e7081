import AsyncHTTPClient
import Foundation
import GenesysCloud
import GenesysEmulator
import Synchronization

/// A client clock tied to the emulator's: when the client sleeps (a Retry-After, a back-off),
/// emulated time moves by the same amount, so tests never wait for real.
final class LinkedClock: PlatformClock {
    let emulator: ManualEmulatorClock
    private let offset = Mutex<Duration>(.zero)
    private let start = ContinuousClock.now
    private let slept = Mutex<[Duration]>([])

    init(emulator: ManualEmulatorClock) { self.emulator = emulator }

    func now() -> ContinuousClock.Instant { start + offset.withLock { $0 } }
    func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        slept.withLock { $0.append(duration) }
        offset.withLock { $0 += duration }
        emulator.advance(by: duration)
        await Task.yield()
    }
    var sleeps: [Duration] { slept.withLock { $0 } }
}

/// An emulator on a loopback port with a client pointed at it, for one test.
struct EmulatorHarness: Sendable {
    let core: EmulatorCore
    let address: EmulatorServer.Address
    let client: GenesysCloudClient
    let clock: LinkedClock
    let emulatorClock: ManualEmulatorClock

    @discardableResult
    static func run<T: Sendable>(
        _ configuration: EmulatorConfiguration = EmulatorConfiguration(
            organization: .init(agents: 30, queues: 4, seed: 7)),
        clientSecret: String? = nil,
        retry: RetryPolicy = RetryPolicy(),
        _ body: @Sendable (EmulatorHarness) async throws -> T
    ) async throws -> T {
        let emulatorClock = ManualEmulatorClock()
        let core = EmulatorCore(configuration: configuration, clock: emulatorClock)
        return try await EmulatorServer.withRunning(core: core) { address in
            let clock = LinkedClock(emulator: emulatorClock)
            let client = GenesysCloudClient(
                configuration: .init(
                    endpoints: try PlatformEndpoints(apiURL: address.baseURL),
                    credentials: try ClientCredentials(
                        clientId: configuration.clientId, clientSecret: clientSecret ?? configuration.clientSecret),
                    requestTimeout: .seconds(10), retry: retry),
                clock: clock)
            return try await body(
                EmulatorHarness(
                    core: core, address: address, client: client, clock: clock, emulatorClock: emulatorClock))
        }
    }

    /// A raw HTTP exchange, for checking bytes on the wire.
    func raw(
        _ method: String, _ path: String, body: String? = nil, headers: [(String, String)] = [], bearer: Bool = true
    ) async throws -> (status: Int, headers: [(name: String, value: String)], body: String) {
        var request = HTTPClientRequest(url: address.baseURL + path)
        request.method = .init(rawValue: method)
        if bearer {
            request.headers.add(name: "Authorization", value: "Bearer \(try await client.tokens.token().value)")
        }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(.init(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        return (Int(response.status.code), response.headers.map { ($0.name, $0.value) }, String(buffer: bytes))
    }
}

/// A UUID that is well formed but names nothing in the organisation.
let strangerId = "00000000-0000-4000-8000-000000000000"
