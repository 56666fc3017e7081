import Foundation
import GenesysCloud
import GenesysEmulator
import Testing

@Suite("Emulator: the simulation on the wire")
struct SimulationStreamingTests {
    /// Metric counts of one observation group, keyed `metric` or `metric/qualifier`.
    typealias Counts = [String: Int]

    @Test("the events tell the same story the REST API answers")
    func eventsMatchREST() async throws {
        try await EmulatorHarness.run(.streaming()) { harness in
            let organization = await harness.core.organization
            let topics =
                organization.agents.flatMap { ["v2.users.\($0.id).presence", "v2.users.\($0.id).routingStatus"] }
                + organization.queues.map { "v2.analytics.queues.\($0.id).observations" }
            let channel = try await harness.channel(subscribedTo: topics)
            try await SocketProbe.with(channel.connectUri) { socket in
                #expect(await eventually { await harness.core.connectedChannelIds() == [channel.id] })
                var published = 0
                for _ in 0..<60 { published += await harness.core.advanceSimulation(by: .seconds(90)) }
                // Run on until two quiet seconds in a row: no observation is then held back by the
                // once-a-second cadence, so the last snapshot of each queue is the current state.
                var quiet = 0
                for _ in 0..<600 where quiet < 2 {
                    let more = await harness.core.advanceSimulation(by: .seconds(1))
                    published += more
                    quiet = more == 0 ? quiet + 1 : 0
                }
                #expect(quiet == 2)
                #expect(published > 200)

                var presence: [String: String] = [:]
                var routing: [String: String] = [:]
                var observed: [String: Counts] = [:]
                var aggregates = 0
                for index in 0..<published {
                    let message = try await socket.nextSkippingHeartbeats(
                        timeout: .seconds(5), "event \(index + 1) of \(published)")
                    let envelope = try #require(
                        try JSONSerialization.jsonObject(with: Data((message.text ?? "").utf8)) as? [String: Any])
                    let topic = try #require(envelope["topicName"] as? String)
                    let body = try #require(envelope["eventBody"] as? [String: Any])
                    let parts = topic.split(separator: ".").map(String.init)
                    switch parts.last {
                    case "presence":
                        presence[parts[2]] = value(body, "presenceDefinition.id") as? String
                    case "routingStatus":
                        routing[parts[2]] = value(body, "routingStatus.status") as? String
                    case "observations":
                        let data = try #require((body["data"] as? [[String: Any]])?.first)
                        let bounds = (data["interval"] as? String ?? "").split(separator: "/")
                        guard bounds.count == 2, bounds[0] == bounds[1] else {
                            aggregates += 1
                            continue
                        }
                        observed[Self.groupKey(body)] = Self.counts(data["metrics"])
                    default:
                        Issue.record("unexpected topic \(topic)")
                    }
                }
                #expect(observed.count >= organization.queues.count)

                let users = try await harness.raw("GET", "/api/v2/users?pageSize=100&expand=presence,routingStatus")
                let entities = try #require(
                    (try JSONSerialization.jsonObject(with: Data(users.body.utf8)) as? [String: Any])?["entities"]
                        as? [[String: Any]])
                var restPresence: [String: String] = [:]
                var restRouting: [String: String] = [:]
                for user in entities {
                    let id = try #require(user["id"] as? String)
                    restPresence[id] = value(user, "presence.presenceDefinition.id") as? String
                    restRouting[id] = value(user, "routingStatus.status") as? String
                }
                // Every agent that changed agrees with REST; REST has the rest from before.
                #expect(!presence.isEmpty && !routing.isEmpty)
                for (id, status) in routing { #expect(restRouting[id] == status, "routing status of \(id)") }
                for (id, definition) in presence { #expect(restPresence[id] == definition, "presence of \(id)") }

                let predicates = organization.queues.map { #"{"dimension":"queueId","value":"\#($0.id)"}"# }
                let query = #"{"filter":{"type":"or","predicates":[\#(predicates.joined(separator: ","))]}}"#
                let answer = try await harness.raw("POST", "/api/v2/analytics/queues/observations/query", body: query)
                let results = try #require(
                    (try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any])?["results"]
                        as? [[String: Any]])
                var rest: [String: Counts] = [:]
                for result in results { rest[Self.groupKey(result)] = Self.counts(result["data"]) }
                for (group, counts) in observed { #expect(rest[group] == counts, "observations of \(group)") }
            }
        }
    }

    @Test("--speed runs simulated time faster than real time while the server runs")
    func speed() async throws {
        let core = EmulatorCore(configuration: .streaming(simulationSpeed: 600))
        let startedAt = await core.simulationTime()
        try await EmulatorServer.withRunning(core: core) { _ in
            #expect(await eventually(timeout: .seconds(5)) { await core.simulationTime() > startedAt + 120 })
        }
    }

    @Test("firehose mode publishes as fast as the subscriber reads")
    func firehose() async throws {
        var configuration = EmulatorConfiguration.streaming()
        configuration.firehose = true
        try await EmulatorHarness.run(configuration) { harness in
            let organization = await harness.core.organization
            let startedAt = await harness.core.simulationTime()
            let channel = try await harness.channel(
                subscribedTo: organization.agents.map { "v2.users.\($0.id).routingStatus" })
            try await SocketProbe.with(channel.connectUri) { socket in
                for index in 0..<2_000 {
                    _ = try await socket.nextSkippingHeartbeats(timeout: .seconds(5), "event \(index + 1)")
                }
            }
            // Thousands of routing changes need hours of simulated time among twelve agents.
            #expect(await harness.core.simulationTime() > startedAt + 3_600)
        }
    }

    static func groupKey(_ object: [String: Any]) -> String {
        "\(value(object, "group.queueId") as? String ?? "?")|\(value(object, "group.mediaType") as? String ?? "")"
    }

    static func counts(_ metrics: Any?) -> Counts {
        var counts: Counts = [:]
        for metric in metrics as? [[String: Any]] ?? [] {
            guard let name = metric["metric"] as? String, let count = value(metric, "stats.count") as? Int,
                !name.hasPrefix("oLongest")
            else { continue }
            counts[(metric["qualifier"] as? String).map { "\(name)/\($0)" } ?? name] = count
        }
        return counts
    }
}
