import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import ServiceLifecycle

/// The emulator on a TCP port: one listener serves `/oauth/token`, `/api/v2/...` and the
/// notification WebSockets at `/channels/<id>` (the real service splits them across `login.`,
/// `api.` and `streaming.` hosts; the SDKs' host derivation leaves a plain `127.0.0.1` host as it
/// is, so one port serves all three), plus the emulator's own `/emulator/...` control endpoints.
public struct EmulatorServer: Sendable {
    public let core: EmulatorCore
    public let host: String
    public let port: Int
    public let logger: Logger
    /// Largest request body accepted.
    public var maximumBodyBytes = 4 * 1024 * 1024

    public init(
        core: EmulatorCore, host: String = "127.0.0.1", port: Int = 0, logger: Logger = Logger(label: "emulator")
    ) {
        self.core = core
        self.host = host
        self.port = port
        self.logger = logger
    }

    /// Where a running emulator listens.
    public struct Address: Sendable, Hashable {
        public let host: String
        public let port: Int
        public var baseURL: String { "http://\(Self.urlHost(host)):\(port)" }
        public var streamingBaseURL: String { "ws://\(Self.urlHost(host)):\(port)" }

        static func urlHost(_ host: String) -> String { host.contains(":") ? "[\(host)]" : host }
    }

    /// Serves until the task is cancelled. `onReady` runs once the port is bound.
    public func run(onReady: @escaping @Sendable (Address) async -> Void = { _ in }) async throws {
        let core = self.core
        let limit = maximumBodyBytes
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            var request = request
            let body = try await request.collectBody(upTo: limit)
            let emulated = EmulatorRequest(
                method: request.method.rawValue, path: request.uri.path,
                query: Self.parseQuery(request.uri.query ?? ""),
                headers: request.headers.map { (name: $0.name.rawName, value: $0.value) },
                body: Array(body.readableBytesView))
            let answer = await core.handle(emulated)
            var fields = HTTPFields()
            for header in answer.headers {
                if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
            }
            return Response(
                status: .init(code: answer.status), headers: fields,
                body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
        }
        let host = self.host
        let configuration = core.configuration
        var services: [any Service] = []
        if configuration.firehose || configuration.simulationSpeed > 0 {
            services.append(
                SimulationService(
                    core: core, speed: configuration.simulationSpeed, firehose: configuration.firehose))
        }
        if !configuration.scheduledFaults.isEmpty {
            services.append(FaultScheduleService(core: core, schedule: configuration.scheduledFaults))
        }
        let app = Application(
            responder: responder,
            server: .quiescingHTTP1WebSocketUpgrade(
                configuration: .init(
                    http1: .init(additionalChannelHandlers: [RefusedUpgradeAnswer()]),
                    // The platform's health checks are application-level heartbeats and pings, so
                    // the library's own ping frames stay off.
                    ws: .init(maxFrameSize: ChannelSocketSession.maximumClientMessage, autoPing: .disabled))
            ) { request, connection, logger in
                guard let channelId = Self.channelId(inPath: request.path ?? ""),
                    await core.acceptsSocket(channelId: channelId)
                else {
                    // Answered 404 by RefusedUpgradeAnswer: the "handshake 404" of a gone channel.
                    return .dontUpgrade
                }
                let session = ChannelSocketSession(
                    core: core, channelId: channelId, heartbeatInterval: configuration.heartbeatInterval,
                    connection: connection, logger: logger)
                return .upgrade([:]) { inbound, outbound, _ in
                    await session.run(inbound: inbound, outbound: outbound)
                }
            },
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            services: services,
            onServerRunning: { channel in
                let address = Address(host: host, port: channel.localAddress?.port ?? 0)
                await core.setStreamingBaseURL(address.streamingBaseURL)
                await onReady(address)
            },
            logger: logger)
        try await app.run()
    }

    /// The channel id of a `/channels/<id>` socket path (query ignored), or nil for any other path.
    static func channelId(inPath path: String) -> String? {
        let withoutQuery = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let segments = withoutQuery.split(separator: "/")
        guard segments.count == 2, segments[0] == "channels" else { return nil }
        return String(segments[1]).removingPercentEncoding ?? String(segments[1])
    }

    static func parseQuery(_ query: String) -> [(name: String, value: String)] {
        query.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            guard let name = parts.first, !name.isEmpty else { return nil }
            return (name, parts.count > 1 ? parts[1] : "")
        }
    }
}

extension EmulatorServer {
    /// Starts an emulator, runs `body` with its address, and shuts the server down gracefully
    /// when `body` returns or throws.
    public static func withRunning<Result: Sendable>(
        core: EmulatorCore, host: String = "127.0.0.1", port: Int = 0, logger: Logger = Logger(label: "emulator"),
        _ body: @Sendable (Address) async throws -> Result
    ) async throws -> Result {
        let (addresses, continuation) = AsyncStream.makeStream(of: Address.self)
        let server = ServerService(server: EmulatorServer(core: core, host: host, port: port, logger: logger)) {
            continuation.yield($0)
        }
        let group = ServiceGroup(configuration: .init(services: [server], logger: logger))
        return try await withThrowingTaskGroup(of: Result?.self) { tasks in
            tasks.addTask {
                defer { continuation.finish() }
                try await group.run()
                return nil
            }
            var iterator = addresses.makeAsyncIterator()
            guard let address = await iterator.next() else {
                // The server stopped before binding: surface its error (a port in use, say).
                while try await tasks.next() != nil {}
                throw CancellationError()
            }
            do {
                let result = try await body(address)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
        }
    }

    /// The server as a ServiceLifecycle service, for a daemon's `ServiceGroup`.
    public func service(onReady: @escaping @Sendable (Address) async -> Void = { _ in }) -> some Service {
        ServerService(server: self, onReady: onReady)
    }
}

struct ServerService: Service {
    let server: EmulatorServer
    let onReady: @Sendable (EmulatorServer.Address) async -> Void

    func run() async throws {
        try await server.run(onReady: onReady)
    }
}
