import ArgumentParser
import Foundation
import Logging

@main
struct Switchboard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "Genesys Cloud real-time events: a client, a pipeline and a local emulator.",
        subcommands: [
            DemoCommand.self, RunCommand.self, ListenCommand.self, RecordCommand.self, ReplayCommand.self,
            DoctorCommand.self,
            ChannelsCommand.self, EmulatorCommand.self,
        ],
        defaultSubcommand: DemoCommand.self)
}

/// Options every command shares.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long, help: "Log level for diagnostics on standard error (trace, debug, info, notice, warning, error).")
    var logLevel: Logger.Level = .warning

    func bootstrapLogging() {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// A failure a command reports as one line: the cause and the fix.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Writes to standard output at once, without stdio's buffering.
func standardOutput(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

/// Whether starting a server failed because its address is taken (NIO reports the bind's
/// `EADDRINUSE` only in its description).
func isAddressInUse(_ error: any Error) -> Bool {
    String(describing: error).contains("Address already in use")
}
