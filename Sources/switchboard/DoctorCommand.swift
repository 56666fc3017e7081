import ArgumentParser
import Foundation
import GenesysCloud
import GenesysNotifications

struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract:
            "Check credentials, the users and queues the topics name, metrics, permissions and the channel budget.",
        discussion: """
            Permissions are checked by subscribing the topics with ignoreErrors on a channel of this token (one is \
            created when the token has none; it counts toward the OAuth client's 20 channels until it expires) and \
            removing them again. Exits 1 when a problem is found.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var platform: PlatformOptions

    @Option(name: .customLong("topic"), help: "A topic to verify (repeatable; combined topics are expanded).")
    var topics: [String] = []

    @Option(name: .customLong("metric"), help: "A queue observation metric to verify, such as oWaiting (repeatable).")
    var metrics: [String] = []

    func run() async throws {
        global.bootstrapLogging()
        let parsed = try parseTopicArguments(topics)
        let api = try platform.client()
        let report: SubscriptionVerifier.Report
        do {
            report = try await SubscriptionVerifier(api: api).verify(parsed, metrics: metrics.isEmpty ? nil : metrics)
        } catch {
            throw CommandFailure(String(describing: error))
        }
        for line in report.passed { standardOutput("✓ \(line)\n") }
        for problem in report.problems { standardOutput("✗ \(problem)\n") }
        guard report.isClean else {
            throw CommandFailure("\(report.problems.count) problem(s) found; see the lines marked ✗.")
        }
    }
}
