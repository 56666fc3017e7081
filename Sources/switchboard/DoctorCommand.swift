import ArgumentParser
import Foundation
import GenesysCloud
import GenesysNotifications
import SwitchboardDaemon

struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract:
            "Check credentials, the platform's reachability and clock, the users and queues the topics name, metrics, permissions per topic family and the channel budget.",
        discussion: """
            Give the topics with --topic, or a daemon configuration with --config (its watch list is resolved through \
            the directory, as `switchboard run` resolves it). Permissions are checked by subscribing the topics with \
            ignoreErrors on a channel of this token (one is created when the token has none; it counts toward the \
            OAuth client's 20 channels until it expires) and removing them again. Exits 1 when a problem is found.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var platform: PlatformOptions

    @Option(name: .customLong("topic"), help: "A topic to verify (repeatable; combined topics are expanded).")
    var topics: [String] = []

    @Option(name: .customLong("metric"), help: "A queue observation metric to verify, such as oWaiting (repeatable).")
    var metrics: [String] = []

    @Option(help: ArgumentHelp("Check what this daemon configuration would watch.", valueName: "path"))
    var config: String?

    /// Beyond this difference from the platform's clock, latency figures and token refresh times
    /// are off.
    static let clockTolerance: TimeInterval = 5

    func validate() throws {
        if config != nil, !topics.isEmpty { throw ValidationError("Give --topic or --config, not both.") }
    }

    func run() async throws {
        global.bootstrapLogging()
        let api: GenesysCloudClient
        var parsed = try parseTopicArguments(topics)
        var problems = 0
        if let config {
            let configuration: DaemonConfiguration
            do {
                configuration = try DaemonConfiguration.load(
                    path: config, environment: ProcessInfo.processInfo.environment)
            } catch {
                throw CommandFailure(error.description)
            }
            api = GenesysCloudClient(
                configuration: .init(endpoints: configuration.platform, credentials: configuration.credentials.client))
            let watched = try await commandStep { try await ResolvedWatch.fetch(configuration.watch, api: api) }
            standardOutput("✓ watch list resolved: \(watched.queues.count) queue(s), \(watched.users.count) user(s)\n")
            for pattern in watched.unmatchedPatterns {
                standardOutput("✗ watch pattern \"\(pattern)\" matches nothing\n")
            }
            parsed = watched.topics(configuration.watch.families)
        } else {
            api = try platform.client()
        }
        do {
            problems += try await checkPlatform(api)
        } catch {
            throw CommandFailure(String(describing: error))
        }
        let report: SubscriptionVerifier.Report
        do {
            report = try await SubscriptionVerifier(api: api).verify(parsed, metrics: metrics.isEmpty ? nil : metrics)
        } catch {
            throw CommandFailure(String(describing: error))
        }
        for line in report.passed { standardOutput("✓ \(line)\n") }
        for line in Self.familySummary(parsed, problems: report.problems) { standardOutput(line + "\n") }
        for problem in report.problems { standardOutput("✗ \(problem)\n") }
        problems += report.problems.count
        guard problems == 0 else {
            throw CommandFailure("\(problems) problem(s) found; see the lines marked ✗.")
        }
    }

    /// The platform answers, how fast, and whether this machine's clock agrees with its `Date`.
    private func checkPlatform(_ api: GenesysCloudClient) async throws -> Int {
        _ = try await api.tokens.token()
        let started = ContinuousClock.now
        let response = try await api.perform(
            .init(method: "GET", path: "/api/v2/notifications/channels", query: [("includechannels", "oauthclient")]))
        let elapsed = ContinuousClock.now - started
        let host = URL(string: api.configuration.endpoints.apiBaseURL)?.host ?? api.configuration.endpoints.apiBaseURL
        standardOutput(
            "✓ \(host) reachable; a request took \(Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)) ms\n"
        )
        guard let header = response.headers.first(where: { $0.name.lowercased() == "date" })?.value,
            let platformDate = Self.httpDate(header)
        else {
            standardOutput("· the platform sent no Date header: clock skew not checked\n")
            return 0
        }
        // The header has whole seconds: a second of difference is noise.
        let skew = Date().timeIntervalSince(platformDate)
        if abs(skew) > Self.clockTolerance {
            standardOutput(
                "✗ this machine's clock is \(Int(abs(skew).rounded())) s \(skew > 0 ? "ahead of" : "behind") the platform's: "
                    + "synchronise it (NTP); event latencies and token refresh times depend on it\n")
            return 1
        }
        standardOutput("✓ clock within \(Int(Self.clockTolerance)) s of the platform's\n")
        return 0
    }

    /// Per topic family: how many topics, and whether all were permitted.
    static func familySummary(_ topics: [Topic], problems: [SubscriptionVerifier.Problem]) -> [String] {
        var rejected = Set<String>()
        for problem in problems {
            if case .rejectedTopic(let topic, _, _) = problem { rejected.insert(topic.lowercased()) }
        }
        var byFamily: [TopicFamily: (total: Int, refused: Int)] = [:]
        for topic in topics {
            byFamily[topic.family, default: (0, 0)].total += 1
            if rejected.contains(topic.name.lowercased()) { byFamily[topic.family, default: (0, 0)].refused += 1 }
        }
        return byFamily.sorted { $0.key.rawValue < $1.key.rawValue }.map { family, counts in
            counts.refused == 0
                ? "✓ \(family.rawValue): \(counts.total) topic(s) permitted"
                : "✗ \(family.rawValue): \(counts.refused) of \(counts.total) topic(s) refused"
        }
    }

    /// An RFC 7231 date (`Tue, 24 Nov 2026 17:40:00 GMT`).
    static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
