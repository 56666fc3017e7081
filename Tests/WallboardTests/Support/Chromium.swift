import Foundation
import Logging
import Synchronization
import WSClient

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// A headless Chromium driven over the Chrome DevTools Protocol, for tests that load real pages.
// It knows nothing of what it loads, so any test target can use it:
//
//     let browser = try await Chromium.launch()
//     let page = try await browser.newPage()
//     try await page.navigate(to: "http://127.0.0.1:8080/")
//     let title = try await page.evaluate("document.title").string
//     await browser.close()
//
// Each browser has its own profile in a temporary directory and its own process group, which
// `close()` kills with SIGKILL and reaps, so nothing outlives a test even when it fails.

/// Why a browser could not be had or did not answer.
struct ChromiumError: Error, CustomStringConvertible {
    var description: String

    static let notInstalled = ChromiumError(
        description: "no chromium binary on PATH (or in $CHROMIUM): run scripts/test.sh, which installs it, "
            + "or `apt-get install chromium`")
}

/// A headless Chromium with its DevTools connection.
final class Chromium: Sendable {
    /// The browser binary: `$CHROMIUM`, else the first of `chromium`, `chromium-browser`,
    /// `google-chrome` on `PATH`; `nil` when there is none (tests then skip).
    static let executable: String? = {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["CHROMIUM"], FileManager.default.isExecutableFile(atPath: explicit) {
            return explicit
        }
        let directories = (environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/bin"]
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for directory in directories where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
                return "\(directory)/\(name)"
            }
        }
        return nil
    }()

    static var isInstalled: Bool { executable != nil }

    private let process: pid_t
    private let directory: URL
    private let connection: DevToolsConnection
    private let closed = Mutex(false)

    private init(process: pid_t, directory: URL, connection: DevToolsConnection) {
        self.process = process
        self.directory = directory
        self.connection = connection
    }

    /// Starts a headless browser with a fresh profile and connects to it.
    ///
    /// - Parameter timeout: How long the browser may take to start listening; generous, for
    ///   loaded machines.
    static func launch(timeout: Duration = .seconds(60)) async throws -> Chromium {
        guard let executable else { throw ChromiumError.notInstalled }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chromium-\(UUID().uuidString)")
        let profile = directory.appendingPathComponent("profile")
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        let log = directory.appendingPathComponent("chromium.log")
        let process = try spawn(
            executable,
            arguments: [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0",
                "--user-data-dir=\(profile.path)",
                // The WebSocket client sends `Origin: ws://127.0.0.1`; DevTools refuses origins it
                // was not told to accept.
                "--remote-allow-origins=ws://127.0.0.1", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--mute-audio", "about:blank",
            ],
            output: log.path)
        do {
            let url = try await devToolsURL(in: log, process: process, timeout: timeout)
            let connection = try await DevToolsConnection.open(url: url, timeout: timeout)
            return Chromium(process: process, directory: directory, connection: connection)
        } catch {
            kill(process: process)
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    /// Opens a new tab on `about:blank`.
    func newPage() async throws -> ChromiumPage {
        let target = try await connection.send("Target.createTarget", ["url": "about:blank"])
        guard let targetId = target["targetId"].string else {
            throw ChromiumError(description: "Target.createTarget answered without a targetId: \(target)")
        }
        let attached = try await connection.send(
            "Target.attachToTarget", ["targetId": .string(targetId), "flatten": true])
        guard let sessionId = attached["sessionId"].string else {
            throw ChromiumError(description: "Target.attachToTarget answered without a sessionId: \(attached)")
        }
        return ChromiumPage(connection: connection, sessionId: sessionId)
    }

    /// Closes the connection, kills the browser and every process it started, and removes its
    /// profile. Safe to call more than once.
    func close() async {
        let first = closed.withLock { closed in
            defer { closed = true }
            return !closed
        }
        guard first else { return }
        connection.close()
        Self.kill(process: process)
        // Reaped without blocking a thread of the cooperative pool; SIGKILL makes this quick.
        let deadline = ContinuousClock.now + .seconds(10)
        var status: Int32 = 0
        while waitpid(process, &status, WNOHANG) == 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        try? FileManager.default.removeItem(at: directory)
    }

    deinit {
        // A browser never closed (a test that crashed past its cleanup) is still killed.
        if !closed.withLock({ $0 }) { Self.kill(process: process) }
    }

    // MARK: - Process

    /// Starts `executable` in a process group of its own, so one signal reaches the browser and
    /// all its helpers; standard output and error go to `output`.
    private static func spawn(_ executable: String, arguments: [String], output: String) throws -> pid_t {
        #if canImport(Darwin)
            var actions: posix_spawn_file_actions_t? = nil
            var attributes: posix_spawnattr_t? = nil
        #else
            var actions = posix_spawn_file_actions_t()
            var attributes = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard result == 0 else {
            throw ChromiumError(description: "could not start \(executable): \(String(cString: strerror(result)))")
        }
        return pid
    }

    private static func kill(process: pid_t) {
        #if canImport(Glibc)
            _ = Glibc.kill(-process, SIGKILL)
            _ = Glibc.kill(process, SIGKILL)
        #elseif canImport(Darwin)
            _ = Darwin.kill(-process, SIGKILL)
            _ = Darwin.kill(process, SIGKILL)
        #endif
    }

    /// The browser's DevTools address, from the line it prints once it listens:
    /// `DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID`.
    private static func devToolsURL(in log: URL, process: pid_t, timeout: Duration) async throws -> String {
        let marker = "DevTools listening on "
        let deadline = ContinuousClock.now + timeout
        while true {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: marker) {
                let line = text[range.upperBound...].prefix { !$0.isNewline }
                if line.hasPrefix("ws://") { return String(line) }
            }
            var status: Int32 = 0
            if waitpid(process, &status, WNOHANG) == process {
                throw ChromiumError(description: "chromium exited at start (status \(status)): \(text.suffix(2000))")
            }
            guard ContinuousClock.now < deadline else {
                throw ChromiumError(
                    description: "chromium did not start listening within \(timeout): \(text.suffix(2000))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}

/// One tab of a ``Chromium``.
struct ChromiumPage: Sendable {
    fileprivate let connection: DevToolsConnection
    fileprivate let sessionId: String

    /// Loads `url` and waits until its document has loaded (`readyState` is `complete`).
    func navigate(to url: String, timeout: Duration = .seconds(30)) async throws {
        let result = try await connection.send("Page.navigate", ["url": .string(url)], session: sessionId)
        if let failure = result["errorText"].string, !failure.isEmpty {
            throw ChromiumError(description: "navigating to \(url) failed: \(failure)")
        }
        let target = try String(decoding: JSONEncoder().encode(url), as: UTF8.self)
        let loaded = "document.readyState === 'complete' && location.href === new URL(\(target)).href"
        try await waitUntil(loaded, timeout: timeout)
    }

    /// Evaluates `expression` in the page and returns its value as JSON; a promise is awaited.
    /// `undefined` comes back as `.null`; a thrown exception throws.
    @discardableResult
    func evaluate(_ expression: String) async throws -> BrowserValue {
        let answer = try await connection.send(
            "Runtime.evaluate", ["expression": .string(expression), "returnByValue": true, "awaitPromise": true],
            session: sessionId)
        if answer["exceptionDetails"] != .null {
            let details = answer["exceptionDetails"]
            let message = details["exception"]["description"].string ?? details["text"].string ?? "\(details)"
            throw ChromiumError(description: "the page threw evaluating `\(expression.prefix(200))`: \(message)")
        }
        return answer["result"]["value"]
    }

    /// A PNG of the page as shown in a `width` × `height` viewport, to look at when a test fails.
    func screenshot(width: Int = 1600, height: Int = 1000) async throws -> Data {
        try await connection.send(
            "Emulation.setDeviceMetricsOverride",
            [
                "width": .number(Double(width)), "height": .number(Double(height)), "deviceScaleFactor": 1,
                "mobile": false,
            ],
            session: sessionId)
        let answer = try await connection.send("Page.captureScreenshot", ["format": "png"], session: sessionId)
        guard let base64 = answer["data"].string, let data = Data(base64Encoded: base64) else {
            throw ChromiumError(description: "Page.captureScreenshot answered without an image")
        }
        return data
    }

    /// Evaluates `expression` until it is `true`, every 50 ms, for at most `timeout`.
    func waitUntil(_ expression: String, timeout: Duration = .seconds(10)) async throws {
        let deadline = ContinuousClock.now + timeout
        var last = BrowserValue.null
        while true {
            last = (try? await evaluate(expression)) ?? .null
            if last == .bool(true) { return }
            guard ContinuousClock.now < deadline else {
                throw ChromiumError(
                    description: "`\(expression.prefix(300))` was not true within \(timeout) (last: \(last))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}

// MARK: - Protocol connection

/// One WebSocket to the browser: commands go out with an id, answers come back with it, and
/// events (which carry no id) are ignored.
private final class DevToolsConnection: Sendable {
    private struct State {
        var nextId = 0
        var pending: [Int: Pending] = [:]
        var outbound: WebSocketOutboundWriter?
        var failure: String?
    }

    /// A command waiting for its answer, and the timer that gives up on it.
    private struct Pending {
        var continuation: CheckedContinuation<BrowserValue, any Error>
        var timer: Task<Void, Never>?
    }

    /// How long a command may wait for its answer: a hung browser fails the test instead of
    /// hanging it.
    private static let commandTimeout: Duration = .seconds(30)

    private let state = Mutex(State())
    private let task = Mutex<Task<Void, Never>?>(nil)

    static func open(url: String, timeout: Duration) async throws -> DevToolsConnection {
        let connection = DevToolsConnection()
        let (ready, readyContinuation) = AsyncStream.makeStream(of: Bool.self)
        let task = Task {
            var logger = Logger(label: "chromium-devtools")
            logger.logLevel = .critical
            var failure = "the DevTools socket closed"
            do {
                // Answers carrying a whole page's values can be large.
                let configuration = WebSocketClientConfiguration(maxFrameSize: 64 << 20)
                try await WebSocketClient.connect(url: url, configuration: configuration, logger: logger) {
                    inbound, outbound, _ in
                    connection.state.withLock { $0.outbound = outbound }
                    readyContinuation.yield(true)
                    for try await message in inbound.messages(maxSize: 64 << 20) {
                        if case .text(let text) = message { connection.received(text) }
                    }
                }
            } catch {
                failure = "the DevTools socket failed: \(error)"
            }
            connection.fail(failure)
            readyContinuation.yield(false)
            readyContinuation.finish()
        }
        connection.task.withLock { $0 = task }
        let opened = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await opened in ready { return opened }
                return false
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return false
            }
            defer { group.cancelAll() }
            return try await group.next() ?? false
        }
        guard opened else {
            let failure = connection.state.withLock { $0.failure } ?? "no answer within \(timeout)"
            connection.close()
            throw ChromiumError(description: "could not open the DevTools socket \(url): \(failure)")
        }
        return connection
    }

    /// Sends a command (to the browser, or to a page's `session`) and returns its `result`.
    @discardableResult
    func send(_ method: String, _ parameters: [String: BrowserValue] = [:], session: String? = nil)
        async throws -> BrowserValue
    {
        try await withCheckedThrowingContinuation { continuation in
            let prepared: (Int, WebSocketOutboundWriter)? = state.withLock { state in
                guard state.failure == nil, let outbound = state.outbound else { return nil }
                state.nextId += 1
                state.pending[state.nextId] = Pending(continuation: continuation)
                return (state.nextId, outbound)
            }
            guard let (id, outbound) = prepared else {
                let failure = state.withLock { $0.failure } ?? "the DevTools socket is not open"
                continuation.resume(throwing: ChromiumError(description: failure))
                return
            }
            var message: [String: BrowserValue] = [
                "id": .number(Double(id)), "method": .string(method), "params": .object(parameters),
            ]
            if let session { message["sessionId"] = .string(session) }
            let text: String
            do {
                text = String(decoding: try JSONEncoder().encode(BrowserValue.object(message)), as: UTF8.self)
            } catch {
                answer(id, with: .failure(error))
                return
            }
            let timer = Task {
                try? await Task.sleep(for: Self.commandTimeout)
                guard !Task.isCancelled else { return }
                let failure = "no answer to \(method) within \(Self.commandTimeout)"
                self.answer(id, with: .failure(ChromiumError(description: failure)))
            }
            state.withLock { $0.pending[id]?.timer = timer }
            Task {
                do {
                    try await outbound.write(.text(text))
                } catch {
                    self.answer(id, with: .failure(ChromiumError(description: "sending \(method) failed: \(error)")))
                }
            }
        }
    }

    func close() {
        task.withLock { $0 }?.cancel()
        fail("the DevTools connection was closed")
    }

    private func received(_ text: String) {
        guard let message = try? JSONDecoder().decode(BrowserValue.self, from: Data(text.utf8)),
            let id = message["id"].number.map({ Int($0) })
        else { return }
        if message["error"] != .null {
            let error = message["error"]
            let description = "\(error["message"].string ?? "error") (\(error["code"]))"
            answer(id, with: .failure(ChromiumError(description: "DevTools refused the command: \(description)")))
        } else {
            answer(id, with: .success(message["result"]))
        }
    }

    private func answer(_ id: Int, with result: Result<BrowserValue, any Error>) {
        guard let pending = state.withLock({ $0.pending.removeValue(forKey: id) }) else { return }
        pending.timer?.cancel()
        pending.continuation.resume(with: result)
    }

    /// Fails every command waiting for an answer, and every later one.
    private func fail(_ reason: String) {
        let waiting = state.withLock { state in
            state.failure = state.failure ?? reason
            defer { state.pending.removeAll() }
            return Array(state.pending.values)
        }
        for pending in waiting {
            pending.timer?.cancel()
            pending.continuation.resume(throwing: ChromiumError(description: reason))
        }
    }
}

// MARK: - Values

/// A JSON value as the DevTools protocol carries it.
enum BrowserValue: Sendable, Hashable, Codable, CustomStringConvertible, ExpressibleByStringLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral
{
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([BrowserValue])
    case object([String: BrowserValue])

    init(stringLiteral value: String) { self = .string(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(integerLiteral value: Int) { self = .number(Double(value)) }

    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The number when it is a whole one.
    var int: Int? { number.flatMap { $0.rounded() == $0 ? Int($0) : nil } }

    var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    var array: [BrowserValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    var object: [String: BrowserValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The member `key` of an object; `.null` for anything else or a missing key.
    subscript(key: String) -> BrowserValue { object?[key] ?? .null }

    /// The element at `index` of an array; `.null` for anything else or out of range.
    subscript(index: Int) -> BrowserValue {
        guard let array, array.indices.contains(index) else { return .null }
        return array[index]
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([BrowserValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: BrowserValue].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    var description: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "?"
    }
}
