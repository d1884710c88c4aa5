import NIOCore
import NIOPosix
import NIOSSL

/// One TCP connection to the relay: commands out, replies in, each reply read before a
/// deadline and the whole connection closed when the overall deadline passes.
struct SMTPConnection: Sendable {
    let channel: any Channel
    private let replies: NIOLoopBound<SMTPReplyHandler>
    private let watchdog: Scheduled<Void>
    private let deadline: NIODeadline
    private let replyTimeout: TimeAmount
    private let limit: String

    /// Connects within the time left before `deadline` (the end of the whole exchange, whose
    /// length `limit` describes for errors).
    static func connect(
        host: String, port: Int, group: any EventLoopGroup, deadline: NIODeadline, replyTimeout: TimeAmount, limit: String
    ) async throws -> SMTPConnection {
        let left = deadline - .now()
        guard left > .zero else { throw SMTPError.connection("timed out before connecting (\(limit))") }
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(min(left, replyTimeout))
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(SMTPReplyHandler())
                    }
                }
                .connect(host: host, port: port).get()
        } catch {
            throw SMTPError.connection("could not connect to \(host):\(port): \(error)")
        }
        return try await channel.eventLoop.submit {
            let handler = try channel.pipeline.syncOperations.handler(type: SMTPReplyHandler.self)
            let watchdog = channel.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
                handler.fail(.timedOut(limit))
            }
            return SMTPConnection(
                channel: channel, replies: NIOLoopBound(handler, eventLoop: channel.eventLoop), watchdog: watchdog,
                deadline: deadline, replyTimeout: replyTimeout, limit: limit)
        }.get()
    }

    /// True when the peer is this machine (127.0.0.0/8 or ::1), by the address actually connected to.
    var peerIsLoopback: Bool {
        guard let address = channel.remoteAddress?.ipAddress else { return false }
        return SMTPURL.isLoopback(address)
    }

    /// The next reply, within the reply timeout (or `within`, when shorter) and the overall
    /// deadline; `step` names what it answers, for errors.
    func reply(to step: String, within: TimeAmount? = nil) async throws -> SMTPReply {
        let wait = min(within ?? replyTimeout, replyTimeout)
        let replyDeadline = min(deadline, .now() + wait)
        let limit = replyDeadline < deadline ? "a reply may take \(wait.seconds)" : self.limit
        let replies = self.replies
        return try await channel.eventLoop.flatSubmit {
            replies.value.nextReply(on: channel.eventLoop, deadline: replyDeadline, limit: limit, waitingFor: step)
        }.get()
    }

    /// Writes `text` (a command line with its CRLF, or the message data) and flushes it.
    func write(_ text: String, step: String) async throws {
        do {
            try await channel.writeAndFlush(ByteBuffer(string: text))
        } catch {
            let replies = self.replies
            throw try await channel.eventLoop.submit { replies.value.explain(error, step: step) }.get()
        }
    }

    /// Puts TLS under the dialogue (after the server's `220` to STARTTLS). Refuses when the
    /// server already sent more, which only an attacker injecting plain text would do.
    func startTLS(context: NIOSSLContext, serverHostname: String?) async throws {
        let replies = self.replies
        try await channel.eventLoop.submit {
            guard !replies.value.hasUnreadInput else {
                throw SMTPError.connection("the server sent data after agreeing to STARTTLS; refusing to go on")
            }
            let tls = try NIOSSLClientHandler(context: context, serverHostname: serverHostname)
            try channel.pipeline.syncOperations.addHandler(tls, position: .first)
        }.get()
    }

    /// Closes the connection and stops its watchdog; waits for the close to finish.
    func close() async {
        watchdog.cancel()
        try? await channel.close()
    }
}

extension TimeAmount {
    /// `2s`, `1.5s`: for error messages.
    var seconds: String {
        let millis = nanoseconds / 1_000_000
        return millis % 1000 == 0 ? "\(millis / 1000)s" : "\(Double(millis) / 1000)s"
    }
}
