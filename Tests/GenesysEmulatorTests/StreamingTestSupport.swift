import AsyncHTTPClient
import Foundation
import GenesysCloud
import GenesysEmulator
import Testing

extension EmulatorConfiguration {
    /// A small organisation with fast heartbeats, for socket tests.
    static func streaming(
        heartbeat: Duration = .seconds(30), socketClosingGrace: Duration = .seconds(60),
        simulationSpeed: Double = 0
    ) -> EmulatorConfiguration {
        EmulatorConfiguration(
            organization: .init(agents: 12, queues: 3, seed: 11), heartbeatInterval: heartbeat,
            socketClosingGrace: socketClosingGrace, simulationSpeed: simulationSpeed)
    }
}

extension EmulatorHarness {
    /// A new channel subscribed over REST to `topics`.
    func channel(subscribedTo topics: [String] = []) async throws -> Channel {
        let channel = try await client.createChannel()
        if !topics.isEmpty { _ = try await client.addSubscriptions(channelId: channel.id, topics: topics) }
        return channel
    }

    /// Topics of the first `count` agents' presence.
    func presenceTopics(_ count: Int) async -> [String] {
        await core.organization.agents.prefix(count).map { "v2.users.\($0.id).presence" }
    }

    /// The log entry of `correlationId`.
    func logged(_ correlationId: String) async -> PublishedEvent? {
        await core.publishedLog().first { $0.correlationId == correlationId }
    }

    /// A raw WebSocket upgrade request, to read the handshake's HTTP status. It goes on a new
    /// connection, as a WebSocket client's does: Hummingbird redirects an upgrade request that
    /// arrives on a connection already used for plain HTTP.
    func handshake(_ path: String) async throws -> (status: Int, body: String) {
        let http = HTTPClient(
            eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        var request = HTTPClientRequest(url: address.baseURL + path)
        for (name, value) in [
            ("Connection", "Upgrade"), ("Upgrade", "websocket"), ("Sec-WebSocket-Version", "13"),
            ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="),
        ] {
            request.headers.add(name: name, value: value)
        }
        do {
            let response = try await http.execute(request, timeout: .seconds(10))
            let body = try await response.body.collect(upTo: 1 << 20)
            try await http.shutdown()
            return (Int(response.status.code), String(buffer: body))
        } catch {
            try? await http.shutdown()
            throw error
        }
    }
}

/// Waits until `condition` holds, checking every few milliseconds; false after `timeout`.
func eventually(timeout: Duration = .seconds(3), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return try await condition()
}

/// A received message's JSON at a key path such as `eventBody.presenceDefinition.id`.
func value(_ message: Received, _ path: String) -> Any? {
    var current: Any? = message.json
    for key in path.split(separator: ".") {
        current = (current as? [String: Any])?[String(key)]
    }
    return current
}

/// A JSON object's value at a key path such as `presenceDefinition.id`.
func value(_ object: [String: Any], _ path: String) -> Any? {
    var current: Any? = object
    for key in path.split(separator: ".") {
        current = (current as? [String: Any])?[String(key)]
    }
    return current
}
