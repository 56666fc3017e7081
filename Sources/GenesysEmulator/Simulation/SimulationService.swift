import Foundation
import ServiceLifecycle

/// Moves the simulation's clock while the server runs: at ``EmulatorConfiguration/simulationSpeed``
/// times real time, or, in firehose mode, as fast as the slowest socket drains its events.
struct SimulationService: Service {
    let core: EmulatorCore
    let speed: Double
    let firehose: Bool

    /// Real time between two advances at a set speed.
    static let tick = Duration.milliseconds(100)
    /// Simulated time one turn of the core runs at most. A simulation that fell behind catches up
    /// a slice at a time, so REST answers and socket writes go out between the slices: run in
    /// one turn, catching up on a large organisation held the core for tens of seconds, REST
    /// calls timed out and the sockets went quiet, then delivered the backlog in one burst.
    static let slice = Duration.milliseconds(250)
    /// Events a firehose advance publishes before letting sockets catch up.
    static let firehoseBatch = 256
    /// Queued, unwritten events on the fullest socket above which the firehose waits.
    static let firehoseBacklog = 1_024

    func run() async {
        if firehose {
            await cancelWhenGracefulShutdown { await runFirehose() }
        } else if speed > 0 {
            await cancelWhenGracefulShutdown { await runPaced() }
        }
    }

    private func runPaced() async {
        let clock = ContinuousClock()
        let started = clock.now
        let simulatedStart = await core.simulationTime()
        var next = started.advanced(by: Self.tick)
        while true {
            do {
                try await Task.sleep(until: next, clock: clock)
            } catch {
                return
            }
            let elapsed = (clock.now - started).inSeconds
            let target = simulatedStart.addingTimeInterval(elapsed * speed)
            var reached = await core.simulationTime()
            while reached < target, !Task.isCancelled {
                reached = min(target, reached.addingTimeInterval(Self.slice.inSeconds))
                await core.advanceSimulation(to: reached)
            }
            // Falling behind (a busy machine) skips ahead: the target is computed from elapsed time.
            next = max(next.advanced(by: Self.tick), clock.now)
        }
    }

    private func runFirehose() async {
        while !Task.isCancelled {
            // Without a connected subscriber there is no one to keep up with: simulated time
            // waits rather than racing through hours of events nobody receives.
            guard await core.hasConnectedSubscriber else {
                guard (try? await Task.sleep(for: .milliseconds(20))) != nil else { return }
                continue
            }
            if await core.largestSocketBacklog > Self.firehoseBacklog {
                guard (try? await Task.sleep(for: .milliseconds(1))) != nil else { return }
                continue
            }
            let published = await core.advanceSimulation(publishing: Self.firehoseBatch, limit: .seconds(3_600))
            if published == 0 { guard (try? await Task.sleep(for: .milliseconds(20))) != nil else { return } }
        }
    }
}
