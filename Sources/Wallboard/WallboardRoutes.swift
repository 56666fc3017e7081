import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The wallboard's HTTP routes: the page, the snapshot as JSON, and a server-sent event stream
/// of snapshots.
///
/// It binds nothing: add the routes to the router of an application you run, and give it the
/// snapshot to show.
///
/// ```swift
/// let wallboard = WallboardRoutes { board.snapshot() }
/// let router = Router()
/// wallboard.addRoutes(to: router)
/// let app = Application(router: router, configuration: .init(address: .hostname("0.0.0.0", port: 8080)))
/// try await app.runService()
/// ```
///
/// | Route | Answer |
/// |---|---|
/// | `GET /` | The page: one HTML document with its styles and script inline, no external assets. |
/// | `GET /api/wallboard` | The current ``WallboardSnapshot`` as JSON. |
/// | `GET /api/wallboard/events` | `text/event-stream`: an event `snapshot` at once, then one whenever the snapshot's sequence changes (checked every ``Configuration/updateInterval``), and a comment line after ``Configuration/keepAliveInterval`` of silence. |
///
/// Event streams end when the client goes away, when the application shuts down gracefully
/// (so an open page never holds a shutdown up), when the task serving them is cancelled, and on
/// ``close()``.
public final class WallboardRoutes: Sendable {
    /// How often streams look for a new snapshot and how long they may stay silent.
    public struct Configuration: Sendable {
        /// How often each event stream asks for the snapshot and sends it if its sequence
        /// changed.
        public var updateInterval: Duration
        /// Silence after which a stream writes a comment line; proxies often close connections
        /// quiet for 30 to 60 seconds.
        public var keepAliveInterval: Duration
        /// How long a browser waits before reconnecting a dropped stream.
        public var reconnectDelay: Duration

        public init(
            updateInterval: Duration = .seconds(1), keepAliveInterval: Duration = .seconds(15),
            reconnectDelay: Duration = .seconds(2)
        ) {
            self.updateInterval = updateInterval
            self.keepAliveInterval = keepAliveInterval
            self.reconnectDelay = reconnectDelay
        }
    }

    public let configuration: Configuration
    private let snapshot: @Sendable () -> WallboardSnapshot
    private let logger: Logger
    private let streams = OpenEventStreams()

    /// - Parameters:
    ///   - configuration: Stream timings.
    ///   - logger: Streams opening and closing, and snapshots that cannot be encoded.
    ///   - snapshot: The snapshot to show now; called for every request and every stream tick,
    ///     from any task, so it should be quick (read what the owner keeps up to date).
    public init(
        configuration: Configuration = .init(), logger: Logger = Logger(label: "switchboard.wallboard"),
        snapshot: @escaping @Sendable () -> WallboardSnapshot
    ) {
        self.configuration = configuration
        self.logger = logger
        self.snapshot = snapshot
    }

    /// Event streams open now.
    public var openStreams: Int { streams.count }

    /// Adds `GET /`, `GET /api/wallboard` and `GET /api/wallboard/events` to `router`.
    ///
    /// The page asks for its data relative to its own address, so the routes also work in a
    /// router group when the page is opened with a trailing slash (`/wallboard/`).
    public func addRoutes<Context: RequestContext>(to router: some RouterMethods<Context>) {
        router.get("/") { _, _ in self.pageResponse() }
        router.get("/api/wallboard") { _, _ in try self.snapshotResponse() }
        router.get("/api/wallboard/events") { _, _ in self.eventStreamResponse() }
    }

    /// Ends every open event stream, and every stream opened from now on after its first
    /// snapshot. For owners that stop the application some other way than a graceful shutdown.
    public func close() {
        streams.closeAll()
    }

    // MARK: - Responses

    func pageResponse() -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                // The page needs nothing from anywhere else; the browser enforces that.
                .contentSecurityPolicy: WallboardPage.contentSecurityPolicy,
                .xContentTypeOptions: "nosniff",
            ],
            body: .init(byteBuffer: ByteBuffer(string: WallboardPage.html)))
    }

    func snapshotResponse() throws -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: try snapshot().jsonText())))
    }

    func eventStreamResponse() -> Response {
        var headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache"]
        // nginx buffers responses unless told otherwise, which would hold events back.
        if let accelBuffering = HTTPField.Name("X-Accel-Buffering") { headers[accelBuffering] = "no" }
        return Response(
            status: .ok, headers: headers, body: ResponseBody { writer in try await self.stream(to: &writer) })
    }

    // MARK: - Event stream

    private func stream(to writer: inout any ResponseBodyWriter) async throws {
        let (wakeUps, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let registration = streams.register(wake)
        defer {
            streams.remove(registration)
            logger.debug("wallboard stream closed", metadata: ["open": "\(streams.count)"])
        }
        logger.debug("wallboard stream opened", metadata: ["open": "\(streams.count)"])
        var schedule = EventStreamSchedule(keepAliveInterval: configuration.keepAliveInterval)
        let first = snapshot()
        _ = schedule.next(sequence: first.sequence, at: .now)
        try await writer.write(
            ByteBuffer(string: ServerSentEvent.retry(configuration.reconnectDelay) + (try event(first))))

        let interval = configuration.updateInterval
        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    while true {
                        try await Task.sleep(for: interval)
                        wake.yield()
                    }
                }
                // Ends when the wake-ups finish (close, graceful shutdown) or the task is
                // cancelled; a write to a client that went away throws out of it.
                for await _ in wakeUps {
                    let current = snapshot()
                    switch schedule.next(sequence: current.sequence, at: .now) {
                    case .sendSnapshot: try await writer.write(ByteBuffer(string: try event(current)))
                    case .sendKeepAlive:
                        try await writer.write(ByteBuffer(string: ServerSentEvent.comment("keep-alive")))
                    case .wait: break
                    }
                }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            wake.finish()
        }
        try await writer.finish(nil)
    }

    private func event(_ snapshot: WallboardSnapshot) throws -> String {
        ServerSentEvent.event("snapshot", id: String(snapshot.sequence), data: try snapshot.jsonText())
    }
}
