import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Requests the HTTP parser cannot read (a garbage request line, headers over the limit) are
/// answered like every other error: a JSON body, 400 or 431, then the connection is closed.
/// The error still travels on, so a route reading the body sees it fail instead of a short body.
final class ProtocolErrorHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var responding = false
    private var answered = false

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let parse = error as? HTTPParserError, !responding, !answered, context.channel.isActive {
            let tooLarge = parse == .headerOverflow
            let status: HTTPResponse.Status = tooLarge ? .requestHeaderFieldsTooLarge : .badRequest
            let code = tooLarge ? "headers_too_large" : "bad_request"
            let message = tooLarge ? "the request headers are larger than the server accepts"
                : "the request is not valid HTTP/1.1 (\(parse))"
            var body = context.channel.allocator.buffer(capacity: 128)
            body.writeString(#"{"error":{"code":"\#(code)","message":"\#(message)"}}"#)
            body.writeString("\n")
            answered = true
            context.write(wrapOutboundOut(.head(HTTPResponse(status: status, headerFields: [
                .contentType: "application/json", .contentLength: "\(body.readableBytes)", .connection: "close",
            ]))), promise: nil)
            context.write(wrapOutboundOut(.body(body)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
        context.fireErrorCaught(error)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if answered {
            // The server's own empty 400 for the same error: already answered.
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        switch unwrapOutboundIn(data) {
        case .head(let r) where r.status.kind != .informational: responding = true
        case .end: responding = false
        default: break
        }
        context.write(data, promise: promise)
    }
}
