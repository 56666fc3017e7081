import Foundation
import ServiceLifecycle

/// Runs the event generator at ``EmulatorConfiguration/eventRate`` events a second until the
/// server stops.
struct EventGeneratorService: Service {
    let core: EmulatorCore
    let eventsPerSecond: Double

    func run() async throws {
        guard eventsPerSecond > 0 else { return }
        let period = Duration.seconds(1 / eventsPerSecond)
        let clock = ContinuousClock()
        await cancelWhenGracefulShutdown {
            var next = clock.now.advanced(by: period)
            while true {
                do {
                    try await Task.sleep(until: next, clock: clock)
                } catch {
                    return
                }
                await core.publishGeneratedEvents()
                // A generator that fell behind (a busy machine) skips ahead rather than bursting.
                next = max(next.advanced(by: period), clock.now)
            }
        }
    }
}

extension EmulatorCore {
    /// Publishes the generator's next events over the topics of channels with an open socket.
    @discardableResult
    func publishGeneratedEvents() -> [PublishedEvent] {
        var seen = Set<String>()
        var topics: [String] = []
        for channelId in streaming.registry.connectedChannels.sorted() {
            for topic in channels[channelId]?.topics ?? [] where seen.insert(topic.lowercased()).inserted {
                topics.append(topic)
            }
        }
        let events = streaming.generator.next(topics: topics, organization: &organization, now: clock.now())
        return events.map { publishNow(topic: $0.topic, eventBody: $0.body) }
    }
}
