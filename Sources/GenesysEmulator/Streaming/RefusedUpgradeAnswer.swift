import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Turns Hummingbird's answer to a refused WebSocket upgrade (400, empty body) into the 404 a
/// client gets for a channel that does not exist or has expired: the "handshake 404" clients key
/// their "make a new channel" logic on.
///
/// It sits on the HTTP side of every connection. hummingbird-websocket 2.8.1 answers a refused
/// upgrade itself and never asks the responder, so the status is rewritten on its way out. NIO's
/// upgrade handler keeps the upgrade request to itself, so a response written before any request
/// reached this handler can only be that answer; the emulator refuses an upgrade only when the
/// path is not a live channel.
final class RefusedUpgradeAnswer: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var sawRequest = false
    private var rewriting = false
    private let body = ByteBuffer(
        bytes: EmulatorResponse.platformError(
            404, code: "not.found", message: "No notification channel here: it does not exist or has expired."
        ).body)

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) { sawRequest = true }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head) where !sawRequest && head.status == .badRequest:
            rewriting = true
            head.status = .notFound
            head.headerFields[.contentType] = "application/json"
            head.headerFields[.contentLength] = String(body.readableBytes)
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .end(let trailers) where rewriting:
            rewriting = false
            context.write(wrapOutboundOut(.body(body)), promise: nil)
            context.write(wrapOutboundOut(.end(trailers)), promise: promise)
        default:
            context.write(data, promise: promise)
        }
    }
}
