import NIOCore

/// Turns the server's bytes into replies and hands each to the one reader waiting for it.
/// Lives on the channel's event loop. A read not answered by its deadline fails and closes the
/// connection: the dialogue cannot go on once a reply is lost.
final class SMTPReplyHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    /// RFC 5321 allows 512; anything far longer is not an SMTP server talking.
    static let maxLineLength = 4096

    /// Why no more replies will come.
    enum Failure {
        case closed
        /// A deadline passed; the text names the limit (`a reply may take 20s`).
        case timedOut(String)
        case error(any Error)
    }

    private var pending = ByteBuffer()
    private var parser = SMTPReplyParser()
    private var replies = CircularBuffer<SMTPReply>()
    private var waiter: (promise: EventLoopPromise<SMTPReply>, step: String, timeout: Scheduled<Void>)?
    private var failure: Failure?
    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    /// True when bytes or replies arrived that nobody has read: before TLS starts there must be
    /// none, or a man in the middle could have slipped in replies for after it.
    var hasUnreadInput: Bool { !replies.isEmpty || pending.readableBytes > 0 || parser.isInsideReply }

    /// The next reply (the one to `step`), failing when `deadline` passes first; `limit` says
    /// which limit that deadline is, for the error.
    func nextReply(on eventLoop: any EventLoop, deadline: NIODeadline, limit: String, waitingFor step: String)
        -> EventLoopFuture<SMTPReply>
    {
        if let reply = replies.popFirst() { return eventLoop.makeSucceededFuture(reply) }
        if let failure { return eventLoop.makeFailedFuture(Self.error(failure, waitingFor: step)) }
        guard context != nil else {
            return eventLoop.makeFailedFuture(Self.error(.closed, waitingFor: step))
        }
        precondition(waiter == nil, "one SMTP reply read at a time")
        let promise = eventLoop.makePromise(of: SMTPReply.self)
        let timeout = eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            self.fail(.timedOut(limit))
        }
        waiter = (promise, step, timeout)
        return promise.futureResult
    }

    /// Ends the dialogue: the waiting read (and every later one) fails with `failure`, and the
    /// connection closes.
    func fail(_ failure: Failure) {
        if self.failure == nil { self.failure = failure }
        if let waiter {
            self.waiter = nil
            waiter.timeout.cancel()
            waiter.promise.fail(Self.error(self.failure!, waitingFor: waiter.step))
        }
        context?.close(promise: nil)
    }

    /// The error that explains a failed write: the recorded failure (a timeout) if there is one.
    func explain(_ error: any Error, step: String) -> any Error {
        failure.map { Self.error($0, waitingFor: step) } ?? error
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard failure == nil else { return }
        var bytes = unwrapInboundIn(data)
        pending.writeBuffer(&bytes)
        while failure == nil, let newline = pending.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            let length = newline - pending.readerIndex
            var line = pending.readString(length: length) ?? ""
            pending.moveReaderIndex(forwardBy: 1)
            if line.hasSuffix("\r") { line.removeLast() }
            deliver(line)
        }
        if pending.readableBytes > Self.maxLineLength {
            fail(.error(SMTPError.connection("the server sent a line longer than \(Self.maxLineLength) bytes")))
        }
        pending.discardReadBytes()
    }

    private func deliver(_ line: String) {
        let reply: SMTPReply?
        do {
            reply = try parser.feed(line)
        } catch {
            fail(.error(SMTPError.connection("the server sent a malformed reply (\(error)); is this an SMTP server?")))
            return
        }
        guard let reply else { return }
        if let waiter {
            self.waiter = nil
            waiter.timeout.cancel()
            waiter.promise.succeed(reply)
        } else {
            replies.append(reply)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.closed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(.error(error))
    }

    private static func error(_ failure: Failure, waitingFor step: String) -> any Error {
        switch failure {
        case .closed: SMTPError.connection("the server closed the connection while the client waited for \(step)")
        case .timedOut(let limit): SMTPError.connection("timed out waiting for \(step) (\(limit))")
        case .error(let error): error
        }
    }

}
