import ArgumentParser
import Foundation
import GenesysNotifications
import Logging
import SwitchboardDaemon
import SwitchboardPipeline
import SwitchboardSinks

struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay a recording through the pipeline: deliveries as JSON lines on standard output.",
        discussion: """
            Events pass de-duplication and the filter, the boards fold them, and every event, presence change, \
            closed window and outlier is written as one JSON line (the sinks' delivery format). By default as fast \
            as possible; --as-recorded keeps the recorded pace (--speed 10 ten times faster).
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("A file written by `switchboard record`.", valueName: "recording"))
    var recording: String

    @Flag(help: "Keep the recorded gaps between events.")
    var asRecorded = false

    @Option(help: "With --as-recorded, play this many times faster.")
    var speed: Double = 1

    @Option(help: ArgumentHelp("Replay only the events this filter expression admits.", valueName: "expression"))
    var filter: String?

    func validate() throws {
        guard speed > 0, speed <= 1_000_000 else { throw ValidationError("--speed must be above 0.") }
    }

    func run() async throws {
        global.bootstrapLogging()
        let eventFilter = try ListenCommand.eventFilter(filter)
        let replay: RecordingReplay
        do {
            replay = try RecordingReplay(path: recording, pace: asRecorded ? .recorded(speed: speed) : .maximum)
        } catch {
            throw CommandFailure(error.description)
        }
        let metrics = PipelineMetrics()
        let stage = PipelineStage(configuration: .init(intake: .init(filter: eventFilter)), metrics: metrics)
        let output = SinkQueue(
            sink: try await commandStep { try JSONLinesSink(.standardOutput, name: "stdout") },
            configuration: .init(capacity: 100_000, batchSize: 1_000))
        let runtime = SwitchboardRuntime(
            source: replay, stage: stage,
            routes: [SinkRoute(queue: output, selection: [.events, .presenceDeltas, .windows, .outliers])],
            metrics: metrics, configuration: .init(drainTimeout: .seconds(60)))
        try await withThrowingDiscardingTaskGroup { tasks in
            tasks.addTask { await replay.play() }
            tasks.addTask { try await runtime.run() }
        }
        let counts = stage.counts
        standardError(
            "switchboard: replayed \(replay.frames.count) envelope(s): \(counts.passed) passed, "
                + "\(counts.droppedAsDuplicate) duplicate(s), \(counts.filteredOut) filtered out\n")
    }
}
