import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
import Wallboard

/// Snapshots for the route and browser tests: two queues and two agents, times whole
/// milliseconds so they survive the JSON round trip.
enum SampleSnapshots {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func first(sequence: Int = 1) -> WallboardSnapshot {
        WallboardSnapshot(
            generatedAt: now, sequence: sequence,
            health: WallboardHealth(
                state: .healthy, summary: "2 of 2 channels connected", channelsConnected: 2, channelsTotal: 2,
                eventsPerSecond: 3.5, eventsTotal: 120, lastEventAt: now.addingTimeInterval(-0.25), gaps: 0),
            queues: [
                WallboardQueue(
                    id: "q-billing", name: "Billing", waiting: 4, interacting: 3, longestWaitSeconds: 75,
                    serviceLevelPercent: 82.5, agentsOnQueue: 6, offered: 40, answered: 35, abandoned: 1),
                WallboardQueue(id: "q-sales", name: "Sales", waiting: 0, agentsOnQueue: 2),
            ],
            agents: [
                WallboardAgent(
                    id: "u-alice", name: "Alice Archer", presence: "On Queue", systemPresence: "ON_QUEUE",
                    routingStatus: "IDLE", presenceSince: now.addingTimeInterval(-3600),
                    routingStatusSince: now.addingTimeInterval(-65), secondsInRoutingStatus: 65, interactions: 0),
                WallboardAgent(
                    id: "u-bob", name: "Bob Baker", presence: "Lunch", systemPresence: "MEAL",
                    routingStatus: "OFF_QUEUE", presenceSince: now.addingTimeInterval(-300),
                    routingStatusSince: now.addingTimeInterval(-300), secondsInRoutingStatus: 300),
            ])
    }
}

@Suite("Wallboard: the routes over real HTTP")
struct WallboardRoutesTests {
    static func get(_ url: String) async throws -> (HTTPClientResponse, String) {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 4 << 20)
        return (response, String(buffer: body))
    }

    @Test("/ serves one HTML document that refers to nothing on another host")
    func page() async throws {
        let routes = WallboardRoutes { SampleSnapshots.first() }
        try await WallboardTestServer.with(routes) { server in
            let (response, html) = try await Self.get(server.url())
            #expect(response.status == .ok)
            #expect(response.headers.first(name: "Content-Type") == "text/html; charset=utf-8")
            #expect(response.headers.first(name: "Cache-Control") == "no-store")
            #expect(html.hasPrefix("<!DOCTYPE html>"))
            #expect(html.contains("<style>") && html.contains("<script>"))
            // Nothing loaded from elsewhere: no absolute or protocol-relative URLs, no src or
            // href attributes, no CSS imports or url() references.
            for forbidden in ["http://", "https://", "src=", "href=", "@import", "url("] {
                #expect(!html.contains(forbidden), "the page contains \(forbidden)")
            }
            let policy = try #require(response.headers.first(name: "Content-Security-Policy"))
            #expect(policy.contains("default-src 'none'") && policy.contains("connect-src 'self'"))
        }
    }

    @Test("/api/wallboard answers the current snapshot as JSON")
    func snapshotJSON() async throws {
        let box = SnapshotBox(SampleSnapshots.first())
        let routes = WallboardRoutes { box.snapshot }
        try await WallboardTestServer.with(routes) { server in
            let (response, text) = try await Self.get(server.url("api/wallboard"))
            #expect(response.status == .ok)
            #expect(response.headers.first(name: "Content-Type") == "application/json; charset=utf-8")
            #expect(response.headers.first(name: "Cache-Control") == "no-store")
            let decoded = try JSONDecoder().decode(WallboardSnapshot.self, from: Data(text.utf8))
            #expect(decoded == SampleSnapshots.first())

            box.update { $0.sequence = 2 }
            let (_, again) = try await Self.get(server.url("api/wallboard"))
            #expect(try JSONDecoder().decode(WallboardSnapshot.self, from: Data(again.utf8)).sequence == 2)
        }
    }

    @Test("the event stream sends a snapshot at once, then the next one only after the source changes")
    func eventStreamFollowsChanges() async throws {
        let box = SnapshotBox(SampleSnapshots.first())
        let routes = WallboardRoutes(configuration: .init(updateInterval: .milliseconds(50))) { box.snapshot }
        try await WallboardTestServer.with(routes) { server in
            let url = server.url("api/wallboard/events")
            try await withTimeout(.seconds(30), "the event stream's snapshots") {
                var reader = try await EventStreamReader.open(url)
                #expect(reader.response.status == .ok)
                #expect(reader.response.headers.first(name: "Content-Type") == "text/event-stream")
                #expect(reader.response.headers.first(name: "Cache-Control") == "no-cache")
                #expect(try await reader.next() == .retry("2000"))

                let first = try #require(try await reader.nextEvent())
                #expect(first.name == "snapshot" && first.id == "1")
                #expect(try JSONDecoder().decode(WallboardSnapshot.self, from: Data(first.data.utf8)) == box.snapshot)

                box.update { snapshot in
                    snapshot.sequence = 2
                    snapshot.queues[0].waiting = 9
                    snapshot.agents[0].routingStatus = "INTERACTING"
                }
                let second = try #require(try await reader.nextEvent())
                #expect(second.id == "2")
                let decoded = try JSONDecoder().decode(WallboardSnapshot.self, from: Data(second.data.utf8))
                #expect(decoded.queues[0].waiting == 9 && decoded.agents[0].routingStatus == "INTERACTING")
            }
        }
    }

    @Test("a quiet event stream sends keep-alive comments and nothing else")
    func keepAlive() async throws {
        let routes = WallboardRoutes(
            configuration: .init(updateInterval: .milliseconds(20), keepAliveInterval: .milliseconds(100))
        ) { SampleSnapshots.first() }
        try await WallboardTestServer.with(routes) { server in
            let url = server.url("api/wallboard/events")
            try await withTimeout(.seconds(30), "keep-alive comments") {
                var reader = try await EventStreamReader.open(url)
                #expect(try await reader.nextEvent()?.id == "1")
                #expect(try await reader.next() == .comment("keep-alive"))
                #expect(try await reader.next() == .comment("keep-alive"))
            }
        }
    }

    @Test("a graceful shutdown ends open event streams and completes with a client still connected")
    func gracefulShutdownEndsStreams() async throws {
        // Intervals far beyond the test: only the shutdown itself can end the stream.
        let routes = WallboardRoutes(
            configuration: .init(updateInterval: .seconds(3600), keepAliveInterval: .seconds(3600))
        ) { SampleSnapshots.first() }
        try await WallboardTestServer.with(routes) { server in
            let url = server.url("api/wallboard/events")
            try await withTimeout(.seconds(30), "the event stream to end at shutdown") {
                var reader = try await EventStreamReader.open(url)
                #expect(try await reader.nextEvent()?.id == "1")
                #expect(routes.openStreams == 1)

                let started = ContinuousClock.now
                async let stopped: Void = server.shutDown()
                // The stream ends cleanly: no more events, then the end of the body.
                while let item = try await reader.next() {
                    Issue.record("unexpected \(item) after shutdown began")
                }
                try await stopped
                let elapsed = ContinuousClock.now - started
                #expect(elapsed < .seconds(5), "shutdown took \(elapsed)")
                #expect(routes.openStreams == 0)
            }
        }
    }

    @Test("close() ends open event streams, and later streams after their first snapshot")
    func closeEndsStreams() async throws {
        let routes = WallboardRoutes(
            configuration: .init(updateInterval: .seconds(3600), keepAliveInterval: .seconds(3600))
        ) { SampleSnapshots.first() }
        try await WallboardTestServer.with(routes) { server in
            let url = server.url("api/wallboard/events")
            try await withTimeout(.seconds(30), "close() to end the streams") {
                var reader = try await EventStreamReader.open(url)
                #expect(try await reader.nextEvent()?.id == "1")
                routes.close()
                #expect(try await reader.next() == nil)

                var late = try await EventStreamReader.open(url)
                #expect(try await late.nextEvent()?.id == "1")
                #expect(try await late.next() == nil)
            }
            #expect(routes.openStreams == 0)
        }
    }

    @Test("a client that goes away is noticed at the next write and its stream ends")
    func clientGoesAway() async throws {
        let routes = WallboardRoutes(
            configuration: .init(updateInterval: .milliseconds(20), keepAliveInterval: .milliseconds(100))
        ) { SampleSnapshots.first() }
        try await WallboardTestServer.with(routes) { server in
            let url = server.url("api/wallboard/events")
            let client = Task {
                var reader = try await EventStreamReader.open(url)
                while try await reader.next() != nil {}
            }
            try await eventually("the stream to open") { routes.openStreams == 1 }
            client.cancel()
            _ = await client.result
            try await eventually("the server to notice the client left") { routes.openStreams == 0 }
        }
    }
}
