import ServiceLifecycle

/// Injects ``EmulatorConfiguration/scheduledFaults`` at their times after start-up, then waits
/// for the server to stop (a finished service would stop its service group).
struct FaultScheduleService: Service {
    let core: EmulatorCore
    let schedule: [ScheduledFault]

    func run() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        await cancelWhenGracefulShutdown {
            for entry in schedule.sorted(by: { $0.after < $1.after }) {
                do {
                    try await Task.sleep(until: start.advanced(by: entry.after), clock: clock)
                } catch {
                    return
                }
                await core.inject(entry.fault)
            }
        }
        try? await gracefulShutdown()
    }
}
