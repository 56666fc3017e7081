import NIOCore

/// Closes a connection on which the client has not sent a byte yet when the server starts to
/// shut down. It steps aside at the first byte: from then on Hummingbird's own handlers take the
/// quiesce event (an HTTP connection closes once its response is written, a WebSocket's session
/// says goodbye with 1001).
///
/// Without it nothing on such a connection hears the quiesce event, and the server's graceful
/// shutdown waits for the client to hang up. AsyncHTTPClient opens connections it sometimes
/// never uses: a request that finds another connection free first leaves its new one idle in the
/// pool, which closes it after `connectionPool.idleTimeout`, 60 s by default.
final class UnusedConnectionCloser: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}
