import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// Sends mail through one SMTP relay, a connection per message: EHLO, STARTTLS when offered
/// (or required), AUTH PLAIN or LOGIN when a user is set, then the message as plain text and
/// HTML. Never logs the password.
public final class SMTPClient: Sendable {
    public let configuration: SMTPConfiguration
    private let eventLoopGroup: any EventLoopGroup
    private let replyTimeout: Duration
    private let logger: Logger
    /// Built once; nil when `tls=none`, the error when the trust roots could not be loaded.
    private let tlsContext: Result<NIOSSLContext, SMTPError>?

    /// `replyTimeout` bounds each single reply, within the whole exchange's `timeout` of `send`.
    public init(
        configuration: SMTPConfiguration, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        replyTimeout: Duration = .seconds(20), logger: Logger = Logger(label: "caseflow.smtp")
    ) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.replyTimeout = replyTimeout
        self.logger = logger
        self.tlsContext = configuration.tls == .none ? nil : Self.makeTLSContext(configuration)
    }

    /// Sends `message` to every recipient in one transaction, or throws `SMTPError` (see its
    /// `isPermanent` for whether to retry). The whole exchange, connecting included, is bounded
    /// by `timeout`. Once the server has accepted the message, `send` returns.
    public func send(_ message: EmailMessage, timeout: Duration = .seconds(30)) async throws {
        let data = try MIMEMessage(from: configuration.from, message: message, date: Date(), boundary: MIMEMessage.randomBoundary())
            .render()
        let overall = TimeAmount(timeout)
        let limit = "the whole send may take \(overall.seconds)"
        var logger = self.logger
        logger[metadataKey: "smtp.server"] = "\(configuration.host):\(configuration.port)"
        logger[metadataKey: "smtp.message_id"] = "\(message.messageID)"

        let connection = try await SMTPConnection.connect(
            host: configuration.host, port: configuration.port, group: eventLoopGroup, deadline: .now() + overall,
            replyTimeout: TimeAmount(replyTimeout), limit: limit)
        do {
            try await withTaskCancellationHandler {
                var session = SMTPSession(connection: connection, configuration: configuration, tlsContext: tlsContext, logger: logger)
                try await session.deliver(from: configuration.from, to: message.to, data: data)
            } onCancel: {
                connection.channel.close(promise: nil)
            }
        } catch {
            await connection.close()
            try Task.checkCancellation()
            let failure = describe(error)
            logger.debug("smtp send failed", metadata: ["smtp.error": "\(failure)"])
            throw failure
        }
        await connection.close()
    }

    /// Every error as an `SMTPError` that names the server.
    private func describe(_ error: any Error) -> SMTPError {
        if let error = error as? SMTPError { return error }
        let server = "\(configuration.host):\(configuration.port)"
        if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError {
            return .connection("TLS with \(server) failed: \(error)")
        }
        return .connection("the connection to \(server) failed: \(error)")
    }

    private static func makeTLSContext(_ configuration: SMTPConfiguration) -> Result<NIOSSLContext, SMTPError> {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        // Closing after QUIT should not wait long for the server's close_notify.
        tls.shutdownTimeout = .seconds(2)
        if let file = configuration.trustRootsFile {
            do {
                tls.additionalTrustRoots = [.certificates(try NIOSSLCertificate.fromPEMFile(file))]
            } catch {
                return .failure(.configuration("could not read the trusted certificates in \(file): \(error)"))
            }
        }
        do {
            return .success(try NIOSSLContext(configuration: tls))
        } catch {
            return .failure(.configuration("could not set up TLS: \(error)"))
        }
    }
}
