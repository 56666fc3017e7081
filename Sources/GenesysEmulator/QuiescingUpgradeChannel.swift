import HTTPTypes
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore

/// Hummingbird's HTTP/1 channel with WebSocket upgrade, with an ``UnusedConnectionCloser`` in
/// front so that a graceful shutdown also ends connections that have not sent a request yet.
///
/// hummingbird-websocket 2.8.1 adds the handler that closes an idle HTTP connection on quiesce
/// only once the connection's first request has been read (`notUpgradingCompletionHandler`), and
/// its upgrade pipeline has no pipelining handler that would otherwise act on the event.
struct QuiescingUpgradeChannel: ServerChildChannel {
    typealias Value = HTTP1WebSocketUpgradeChannel.Value

    let upgrade: HTTP1WebSocketUpgradeChannel

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(UnusedConnectionCloser())
        }.flatMap {
            upgrade.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await upgrade.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// `http1WebSocketUpgrade(configuration:shouldUpgrade:)`, on a ``QuiescingUpgradeChannel``.
    static func quiescingHTTP1WebSocketUpgrade(
        configuration: HTTP1WebSocketUpgradeChannel.Configuration,
        shouldUpgrade:
            @escaping @Sendable (HTTPRequest, any Channel, Logger) async throws -> ShouldUpgradeResult<
                WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>
            >
    ) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            QuiescingUpgradeChannel(
                upgrade: HTTP1WebSocketUpgradeChannel(
                    responder: responder, configuration: configuration, shouldUpgrade: shouldUpgrade))
        }
    }
}
