import Foundation
import Logging
import NIOCore
import NIOSSL

/// The dialogue of one delivery (RFC 5321): greeting, EHLO (HELO for old servers), STARTTLS
/// and EHLO again, AUTH, one mail transaction, QUIT.
struct SMTPSession {
    let connection: SMTPConnection
    let configuration: SMTPConfiguration
    /// The TLS settings, or why they could not be loaded; nil when `tls=none`.
    let tlsContext: Result<NIOSSLContext, SMTPError>?
    let logger: Logger
    private var encrypted = false

    init(connection: SMTPConnection, configuration: SMTPConfiguration, tlsContext: Result<NIOSSLContext, SMTPError>?, logger: Logger) {
        self.connection = connection
        self.configuration = configuration
        self.tlsContext = tlsContext
        self.logger = logger
    }

    /// Returns once the server has accepted the message (its 250 after the data); what happens
    /// after that (QUIT) can no longer fail the delivery.
    mutating func deliver(from sender: String, to recipients: [String], data: String) async throws {
        let greeting = try await connection.reply(to: "the server's greeting")
        guard greeting.code == 220 else { throw SMTPError.unexpected(greeting, to: "connecting") }
        var capabilities = try await hello()
        if configuration.tls != .none {
            capabilities = try await startTLS(capabilities)
        }
        if let username = configuration.username {
            try await authenticate(username, capabilities)
        }
        try await transaction(from: sender, to: recipients, data: data, capabilities)
        logger.debug("smtp message accepted", metadata: ["smtp.tls": "\(encrypted)"])
        await quit()
    }

    private func hello() async throws -> SMTPCapabilities {
        let name = configuration.heloName
        guard !name.isEmpty, name.unicodeScalars.allSatisfy({ (33...126).contains($0.value) }) else {
            throw SMTPError.configuration("the HELO name '\(name)' must be printable ASCII without spaces")
        }
        let ehlo = try await command("EHLO \(name)", step: "EHLO")
        if ehlo.code == 250 { return SMTPCapabilities(ehlo: ehlo) }
        // 5xx: a server from before ESMTP; anything else (421) is a refusal.
        guard ehlo.isPermanentFailure else { throw SMTPError.unexpected(ehlo, to: "EHLO") }
        let helo = try await command("HELO \(name)", step: "HELO")
        guard helo.code == 250 else { throw SMTPError.unexpected(helo, to: "HELO") }
        return SMTPCapabilities()
    }

    /// STARTTLS when offered (RFC 3207); the capabilities are asked for again under TLS, since
    /// what the server said in plain text may have been tampered with.
    private mutating func startTLS(_ capabilities: SMTPCapabilities) async throws -> SMTPCapabilities {
        guard capabilities.startTLS else {
            if configuration.tls == .required {
                throw SMTPError.configuration(
                    "\(server) does not offer STARTTLS, and tls=required refuses to send without TLS")
            }
            logger.debug("smtp server offers no STARTTLS; continuing without TLS")
            return capabilities
        }
        guard let tlsContext else { return capabilities }
        let context = try tlsContext.get()
        let reply = try await command("STARTTLS", step: "STARTTLS")
        guard reply.code == 220 else { throw SMTPError.unexpected(reply, to: "STARTTLS") }
        // SNI and certificate checks use the host name; an IP address is checked against the
        // certificate's IP addresses instead (NIOSSL uses the peer address when the name is nil).
        let isIPAddress = (try? SocketAddress(ipAddress: configuration.host, port: 0)) != nil
        try await connection.startTLS(context: context, serverHostname: isIPAddress ? nil : configuration.host)
        encrypted = true
        return try await hello()
    }

    private func authenticate(_ username: String, _ capabilities: SMTPCapabilities) async throws {
        guard encrypted || connection.peerIsLoopback else {
            throw SMTPError.configuration(
                "refusing to send the password of '\(username)' to \(server) without TLS (the server offers no STARTTLS"
                    + (configuration.tls == .none ? " or tls=none" : "") + "); only a relay on this machine may get it in plain text")
        }
        guard let password = configuration.password else {
            throw SMTPError.configuration("the SMTP user '\(username)' has no password (give it in the URL or the environment)")
        }
        let failed = { (reply: SMTPReply, mechanism: String) in
            SMTPError(code: reply.code, message: "authentication as '\(username)' failed (AUTH \(mechanism)): server answered \(reply.code) \(reply.text)",
                      isPermanent: reply.isPermanentFailure)
        }
        if capabilities.authMechanisms.contains("PLAIN") {
            let token = Data("\0\(username)\0\(password)".utf8).base64EncodedString()
            let reply = try await command("AUTH PLAIN \(token)", step: "AUTH PLAIN")
            guard reply.code == 235 else { throw failed(reply, "PLAIN") }
        } else if capabilities.authMechanisms.contains("LOGIN") {
            var reply = try await command("AUTH LOGIN", step: "AUTH LOGIN")
            guard reply.code == 334 else { throw failed(reply, "LOGIN") }
            reply = try await command(Data(username.utf8).base64EncodedString(), step: "the AUTH LOGIN user name")
            guard reply.code == 334 else { throw failed(reply, "LOGIN") }
            reply = try await command(Data(password.utf8).base64EncodedString(), step: "the AUTH LOGIN password")
            guard reply.code == 235 else { throw failed(reply, "LOGIN") }
        } else {
            let offered = capabilities.authMechanisms.sorted().joined(separator: " ")
            throw SMTPError.configuration(
                "\(server) offers neither AUTH PLAIN nor AUTH LOGIN (it offers \(offered.isEmpty ? "no AUTH at all" : offered))")
        }
        logger.debug("smtp authenticated", metadata: ["smtp.user": "\(username)"])
    }

    private func transaction(from sender: String, to recipients: [String], data: String, _ capabilities: SMTPCapabilities) async throws {
        let size = data.utf8.count
        if let max = capabilities.maxSize, max > 0, size > max {
            throw SMTPError.invalidMessage("the message is \(size) bytes and \(server) takes at most \(max)")
        }
        let mail = try await command("MAIL FROM:<\(sender)>" + (capabilities.maxSize != nil ? " SIZE=\(size)" : ""), step: "MAIL FROM")
        guard mail.code == 250 else { throw SMTPError.unexpected(mail, to: "MAIL FROM:<\(sender)>") }
        // Every recipient or none: a message half delivered would be sent twice on retry.
        for recipient in recipients {
            let reply = try await command("RCPT TO:<\(recipient)>", step: "RCPT TO")
            guard reply.code == 250 || reply.code == 251 else { throw SMTPError.unexpected(reply, to: "RCPT TO:<\(recipient)>") }
        }
        let start = try await command("DATA", step: "DATA")
        guard start.code == 354 else { throw SMTPError.unexpected(start, to: "DATA") }
        try await connection.write(Self.dotStuffed(data) + ".\r\n", step: "the message data")
        let accepted = try await connection.reply(to: "the reply to the message data")
        guard accepted.code == 250 else { throw SMTPError.unexpected(accepted, to: "the message data") }
    }

    /// Best effort: the message is already accepted.
    private func quit() async {
        do {
            try await connection.write("QUIT\r\n", step: "QUIT")
            _ = try await connection.reply(to: "the reply to QUIT", within: .seconds(2))
        } catch {
            logger.debug("smtp QUIT failed after delivery", metadata: ["smtp.error": "\(error)"])
        }
    }

    /// Writes a command line and reads its reply. `step` names the command in logs and errors,
    /// so arguments (AUTH credentials) never reach either.
    private func command(_ line: String, step: String) async throws -> SMTPReply {
        logger.trace("smtp command", metadata: ["smtp.command": "\(step)"])
        try await connection.write(line + "\r\n", step: step)
        let reply = try await connection.reply(to: "the reply to \(step)")
        logger.trace("smtp reply", metadata: ["smtp.command": "\(step)", "smtp.code": "\(reply.code)"])
        return reply
    }

    private var server: String { "the SMTP server \(configuration.host):\(configuration.port)" }

    /// RFC 5321 §4.5.2: a line starting with "." gets one more; the data ends with CRLF.
    static func dotStuffed(_ data: String) -> String {
        var text = data.hasSuffix("\r\n") ? data : data + "\r\n"
        text = text.replacingOccurrences(of: "\r\n.", with: "\r\n..")
        return text.hasPrefix(".") ? "." + text : text
    }
}
