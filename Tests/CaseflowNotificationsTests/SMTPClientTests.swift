@testable import CaseflowNotifications
import Foundation
import XCTest

/// The SMTP client against a real SMTP server on loopback: aiosmtpd run by
/// Tests/CaseflowTestSupport/smtp_sink.py under Debian's /usr/bin/python3 (python3-aiosmtpd).
final class SMTPClientTests: XCTestCase {
    private var sinks: [SMTPSink] = []
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDown() {
        for sink in sinks { sink.stop() }
        sinks = []
        try? FileManager.default.removeItem(at: directory)
    }

    // MARK: Delivery

    func testSendsPlainTextAndHTMLWithoutAuth() async throws {
        let sink = try startSink()
        let client = SMTPClient(configuration: try .parse("smtp://127.0.0.1:\(sink.port)?from=caseflow%40example.com", passwordFromEnvironment: nil))
        let message = EmailMessage(
            to: ["sales@example.com", "wang.fang@example.com"],
            subject: "升级：客户 ACME 的报价审批已超时 (case 42)",
            text: "您好，\n报价审批已超过 SLA。\n.a line that starts with a dot\n",
            html: "<p>您好，</p><p>报价审批已超过 <b>SLA</b>。</p>",
            messageID: "case-42.7", extraHeaders: ["X-Caseflow-Case": "42", "Reply-To": "desk@example.com"])
        try await client.send(message, timeout: .seconds(10))

        let received = try sink.onlyMessage()
        XCTAssertEqual(received.sidecar.mailFrom, "caseflow@example.com")
        XCTAssertEqual(received.sidecar.rcptTos, ["sales@example.com", "wang.fang@example.com"])
        XCTAssertFalse(received.sidecar.tls)
        XCTAssertFalse(received.sidecar.authenticated)

        let mail = try ParsedMail(received.eml)
        XCTAssertEqual(mail.header("From"), "caseflow@example.com")
        XCTAssertEqual(mail.header("To"), "sales@example.com, wang.fang@example.com")
        XCTAssertEqual(mail.decodedHeader("Subject"), message.subject)
        XCTAssertEqual(mail.header("Message-ID"), "<case-42.7@example.com>")
        XCTAssertEqual(mail.header("MIME-Version"), "1.0")
        XCTAssertEqual(mail.header("X-Caseflow-Case"), "42")
        XCTAssertEqual(mail.header("Reply-To"), "desk@example.com")
        XCTAssertEqual(mail.header("Auto-Submitted"), "auto-generated")
        let date = try XCTUnwrap(mail.header("Date"))
        XCTAssertNotNil(date.range(of: #"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d \+0000$"#, options: .regularExpression), date)
        XCTAssertTrue(try XCTUnwrap(mail.header("Content-Type")).hasPrefix("multipart/alternative; boundary="))

        XCTAssertEqual(mail.parts.map(\.contentType), ["text/plain; charset=utf-8", "text/html; charset=utf-8"])
        XCTAssertEqual(mail.parts.map(\.transferEncoding), ["base64", "base64"])
        XCTAssertEqual(mail.parts[0].text, message.text.replacingOccurrences(of: "\n", with: "\r\n"))
        XCTAssertEqual(mail.parts[1].text, message.html)

        // 7-bit, CRLF only, base64 lines of at most 76 characters.
        XCTAssertTrue(received.eml.allSatisfy { $0 < 0x80 })
        let text = String(decoding: received.eml, as: UTF8.self)
        XCTAssertFalse(text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        XCTAssertTrue(text.components(separatedBy: "\r\n").allSatisfy { $0.count <= 78 })
    }

    func testSendsLongMessagesAndManyInTurn() async throws {
        let sink = try startSink()
        let client = SMTPClient(configuration: SMTPConfiguration(host: "127.0.0.1", port: sink.port))
        let body = String(repeating: "报价 quote line\n.\n..\n", count: 3000)
        for n in 1...3 {
            try await client.send(EmailMessage(to: ["a@example.com"], subject: "#\(n)", text: body, html: "<pre>\(body)</pre>", messageID: "m\(n)"),
                                  timeout: .seconds(10))
        }
        let messages = try sink.messages()
        XCTAssertEqual(messages.count, 3)
        let mail = try ParsedMail(messages[2].eml)
        XCTAssertEqual(mail.header("Subject"), "#3")
        XCTAssertEqual(mail.parts[0].text, body.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    // MARK: AUTH

    func testAuthPlainWithThePasswordFromTheEnvironment() async throws {
        let sink = try startSink("--auth", "robot:s3cr€t pass")
        let configuration = try SMTPConfiguration.parse("smtp://robot@127.0.0.1:\(sink.port)", passwordFromEnvironment: "s3cr€t pass")
        try await SMTPClient(configuration: configuration).send(Self.message(), timeout: .seconds(10))
        let received = try sink.onlyMessage()
        XCTAssertTrue(received.sidecar.authenticated)
        XCTAssertEqual(received.sidecar.user, "robot")
    }

    func testAuthLoginWhenPlainIsNotOffered() async throws {
        let sink = try startSink("--auth", "robot:pw", "--auth-exclude", "PLAIN")
        let configuration = try SMTPConfiguration.parse("smtp://robot:pw@localhost:\(sink.port)", passwordFromEnvironment: nil)
        try await SMTPClient(configuration: configuration).send(Self.message(), timeout: .seconds(10))
        XCTAssertEqual(try sink.onlyMessage().sidecar.user, "robot")
    }

    func testWrongPasswordIsAPermanent535() async throws {
        let sink = try startSink("--auth", "robot:right")
        let configuration = try SMTPConfiguration.parse("smtp://robot:wrong@127.0.0.1:\(sink.port)", passwordFromEnvironment: nil)
        let error = try await sendFailure(SMTPClient(configuration: configuration), Self.message())
        XCTAssertEqual(error.code, 535)
        XCTAssertTrue(error.isPermanent)
        XCTAssertTrue(error.message.contains("authentication as 'robot' failed"), error.message)
        XCTAssertFalse(error.description.contains("wrong"), error.description)
        XCTAssertEqual(try sink.messages().count, 0)
    }

    func testNoPasswordInPlainTextToAnotherMachine() async throws {
        // A non-loopback address of this machine stands in for a relay elsewhere.
        guard let address = Self.nonLoopbackIPv4Address() else { throw XCTSkip("this machine has no non-loopback IPv4 address") }
        let sink = try startSink("--host", address, "--auth", "robot:pw")
        let configuration = try SMTPConfiguration.parse("smtp://robot:pw@\(address):\(sink.port)", passwordFromEnvironment: nil)
        let error = try await sendFailure(SMTPClient(configuration: configuration), Self.message())
        XCTAssertTrue(error.message.contains("refusing to send the password of 'robot' to the SMTP server \(address):\(sink.port) without TLS"),
                      error.message)
        XCTAssertFalse(error.description.contains("pw@"), error.description)
        XCTAssertEqual(try sink.messages().count, 0)
    }

    // MARK: TLS

    func testStartTLSWithATrustedSelfSignedCertificate() async throws {
        let (certificate, key) = try makeCertificate()
        let sink = try startSink("--tls-cert", certificate, "--tls-key", key, "--auth", "robot:pw")
        for host in ["localhost", "127.0.0.1"] {
            let configuration = try SMTPConfiguration.parse(
                "smtp://robot@\(host):\(sink.port)?tls=required", passwordFromEnvironment: "pw", trustRootsFile: certificate)
            try await SMTPClient(configuration: configuration).send(Self.message(), timeout: .seconds(10))
        }
        let messages = try sink.messages()
        XCTAssertEqual(messages.count, 2)
        for received in messages {
            XCTAssertTrue(received.sidecar.tls)
            XCTAssertEqual(received.sidecar.user, "robot")
        }
    }

    func testOpportunisticTLSWhenTheServerRequiresIt() async throws {
        let (certificate, key) = try makeCertificate()
        let sink = try startSink("--tls-cert", certificate, "--tls-key", key, "--require-starttls")
        let configuration = try SMTPConfiguration.parse("smtp://localhost:\(sink.port)", passwordFromEnvironment: nil, trustRootsFile: certificate)
        try await SMTPClient(configuration: configuration).send(Self.message(), timeout: .seconds(10))
        XCTAssertTrue(try sink.onlyMessage().sidecar.tls)
    }

    func testAnUntrustedCertificateStopsTheSend() async throws {
        let (certificate, key) = try makeCertificate()
        let sink = try startSink("--tls-cert", certificate, "--tls-key", key, "--auth", "robot:pw")
        let configuration = try SMTPConfiguration.parse("smtp://robot:pw@localhost:\(sink.port)", passwordFromEnvironment: nil)
        let error = try await sendFailure(SMTPClient(configuration: configuration), Self.message())
        XCTAssertTrue(error.message.contains("TLS with localhost:\(sink.port) failed"), error.message)
        XCTAssertFalse(error.isPermanent)
        XCTAssertEqual(try sink.messages().count, 0)
    }

    func testTLSRequiredWithoutSTARTTLSRefusesToSend() async throws {
        let sink = try startSink()
        let configuration = try SMTPConfiguration.parse("smtp://127.0.0.1:\(sink.port)?tls=required", passwordFromEnvironment: nil)
        let error = try await sendFailure(SMTPClient(configuration: configuration), Self.message())
        XCTAssertTrue(error.message.contains("does not offer STARTTLS, and tls=required refuses to send without TLS"), error.message)
        XCTAssertNil(error.code)
        XCTAssertEqual(try sink.messages().count, 0)
    }

    // MARK: Failures

    func testA451IsTemporaryAndTheRetrySucceeds() async throws {
        let sink = try startSink("--fail-first", "1")
        let client = SMTPClient(configuration: SMTPConfiguration(host: "127.0.0.1", port: sink.port))
        let error = try await sendFailure(client, Self.message())
        XCTAssertEqual(error.code, 451)
        XCTAssertFalse(error.isPermanent)
        XCTAssertTrue(error.message.contains("try again later"), error.message)
        XCTAssertEqual(try sink.messages().count, 0)
        try await client.send(Self.message(), timeout: .seconds(10))
        XCTAssertEqual(try sink.messages().count, 1)
    }

    func testASilentServerTimesOut() async throws {
        let sink = try startSink("--silent")
        let client = SMTPClient(configuration: SMTPConfiguration(host: "127.0.0.1", port: sink.port))
        let start = ContinuousClock.now
        let error = try await sendFailure(client, Self.message(), timeout: .seconds(2))
        let elapsed = ContinuousClock.now - start
        XCTAssertTrue(error.message.contains("timed out waiting for the server's greeting"), error.message)
        XCTAssertFalse(error.isPermanent)
        XCTAssertGreaterThanOrEqual(elapsed, .milliseconds(1900))
        XCTAssertLessThan(elapsed, .seconds(5))
    }

    func testASlowReplyHitsTheReplyTimeout() async throws {
        let sink = try startSink("--silent")
        let client = SMTPClient(configuration: SMTPConfiguration(host: "127.0.0.1", port: sink.port), replyTimeout: .milliseconds(500))
        let error = try await sendFailure(client, Self.message(), timeout: .seconds(10))
        XCTAssertTrue(error.message.contains("a reply may take 0.5s"), error.message)
    }

    func testNobodyListeningIsATemporaryConnectionError() async throws {
        let sink = try startSink()
        let port = sink.port
        sink.stop()
        let error = try await sendFailure(SMTPClient(configuration: SMTPConfiguration(host: "127.0.0.1", port: port)), Self.message())
        XCTAssertTrue(error.message.contains("could not connect to 127.0.0.1:\(port)"), error.message)
        XCTAssertFalse(error.isPermanent)
    }

    func testHeaderInjectionIsRefusedBeforeConnecting() async throws {
        let client = SMTPClient(configuration: SMTPConfiguration(host: "127.0.0.1", port: 9))
        var message = Self.message()
        message.subject = "Hello\r\nBcc: everyone@example.com"
        var error = try await sendFailure(client, message)
        XCTAssertTrue(error.isPermanent)
        XCTAssertTrue(error.message.contains("Subject header may not contain a line break"), error.message)

        message = Self.message()
        message.to = ["a@example.com>\r\nRCPT TO:<b@example.com"]
        error = try await sendFailure(client, message)
        XCTAssertTrue(error.message.contains("recipient may not contain a line break"), error.message)

        message = Self.message()
        message.extraHeaders = ["X-Note": "ok\nBcc: x@example.com"]
        error = try await sendFailure(client, message)
        XCTAssertTrue(error.message.contains("X-Note header may not contain a line break"), error.message)

        message = Self.message()
        message.extraHeaders = ["Content-Type": "text/plain"]
        error = try await sendFailure(client, message)
        XCTAssertTrue(error.message.contains("would replace a header"), error.message)

        message = Self.message()
        message.messageID = "a b"
        error = try await sendFailure(client, message)
        XCTAssertTrue(error.message.contains("message id"), error.message)
    }

    // MARK: URL

    func testParsesTheURL() throws {
        let c = try SMTPConfiguration.parse("smtp://ops%40acme.example:p%3Ass%40@Mail.Example.com:587?tls=required&from=caseflow%40acme.example",
                                            passwordFromEnvironment: "ignored")
        XCTAssertEqual(c.host, "mail.example.com")
        XCTAssertEqual(c.port, 587)
        XCTAssertEqual(c.username, "ops@acme.example")
        XCTAssertEqual(c.password, "p:ss@")
        XCTAssertEqual(c.tls, .required)
        XCTAssertEqual(c.from, "caseflow@acme.example")
        XCTAssertEqual(c.heloName, "localhost")
        XCTAssertEqual(c.redacted, "smtp://ops%40acme.example:***@mail.example.com:587?tls=required&from=caseflow%40acme.example")

        let env = try SMTPConfiguration.parse("smtp://robot@relay:2525/", passwordFromEnvironment: "from-env", trustRootsFile: "/etc/ca.pem")
        XCTAssertEqual(env.password, "from-env")
        XCTAssertEqual(env.trustRootsFile, "/etc/ca.pem")
        XCTAssertEqual(env.tls, .opportunistic)
        XCTAssertEqual(env.redacted, "smtp://robot:***@relay:2525")

        let bare = try SMTPConfiguration.parse("smtp://[::1]", passwordFromEnvironment: "unused without a user")
        XCTAssertEqual(bare, SMTPConfiguration(host: "::1", port: 25))
        XCTAssertNil(bare.password)
        XCTAssertEqual(bare.redacted, "smtp://[::1]:25")
        XCTAssertEqual(try SMTPConfiguration.parse("smtp://h:25?tls=none&helo=caseflow.example", passwordFromEnvironment: nil).redacted,
                       "smtp://h:25?tls=none&helo=caseflow.example")
    }

    func testURLMistakesHaveClearMessages() {
        func message(_ url: String) -> String {
            do {
                _ = try SMTPConfiguration.parse(url, passwordFromEnvironment: nil)
                return "parsed"
            } catch let error as SMTPError {
                return error.message
            } catch {
                return "\(error)"
            }
        }
        XCTAssertTrue(message("http://u:secret@host:25").contains("scheme 'http' is not smtp"))
        XCTAssertFalse(message("http://u:secret@host:25").contains("secret"))
        XCTAssertTrue(message("smtps://host:465").contains("smtps:// (TLS from the first byte) is not supported"))
        XCTAssertTrue(message("host:25").contains("missing scheme smtp://"))
        XCTAssertTrue(message("smtp://:25").contains("missing host"))
        XCTAssertTrue(message("smtp://user@").contains("missing host"))
        XCTAssertTrue(message("smtp://host:99999").contains("bad port '99999'"))
        XCTAssertTrue(message("smtp://host:x").contains("bad port 'x'"))
        XCTAssertTrue(message("smtp://host:").contains("bad port ''"))
        XCTAssertTrue(message("smtp://host:25?tls=always").contains("unknown tls value 'always' (use one of opportunistic, required, none)"))
        XCTAssertTrue(message("smtp://host:25?port=1").contains("unknown parameter 'port'"))
        XCTAssertTrue(message("smtp://host:25/path").contains("a path is not allowed"))
        XCTAssertTrue(message("smtp://:pw@host:25").contains("a user name must come before '@'"))
        XCTAssertTrue(message("smtp://::1:25").contains("IPv6 address must be written in brackets"))
    }

    // MARK: Pieces

    func testReplyParserJoinsMultiLineReplies() throws {
        var parser = SMTPReplyParser()
        XCTAssertNil(try parser.feed("250-mail.example.com"))
        XCTAssertNil(try parser.feed("250-STARTTLS"))
        XCTAssertNil(try parser.feed("250-AUTH=LOGIN"))
        XCTAssertNil(try parser.feed("250-AUTH PLAIN login"))
        XCTAssertNil(try parser.feed("250-SIZE 1000"))
        let reply = try XCTUnwrap(try parser.feed("250 8BITMIME"))
        XCTAssertEqual(reply.code, 250)
        XCTAssertEqual(reply.lines.count, 6)
        let capabilities = SMTPCapabilities(ehlo: reply)
        XCTAssertTrue(capabilities.startTLS)
        XCTAssertEqual(capabilities.authMechanisms, ["PLAIN", "LOGIN"])
        XCTAssertEqual(capabilities.maxSize, 1000)
        XCTAssertTrue(capabilities.eightBitMIME)
        XCTAssertEqual(try parser.feed("221"), SMTPReply(code: 221, lines: [""]))

        XCTAssertNil(try parser.feed("250-a"))
        XCTAssertThrowsError(try parser.feed("251 b"))
        var fresh = SMTPReplyParser()
        XCTAssertThrowsError(try fresh.feed("HTTP/1.1 400 Bad Request"))
        XCTAssertThrowsError(try fresh.feed("25"))
    }

    func testDotStuffingAndHeaderEncoding() {
        XCTAssertEqual(SMTPSession.dotStuffed(".a\r\nb\r\n..c\r\n.\r\nd"), "..a\r\nb\r\n...c\r\n..\r\nd\r\n")
        let words = MIMEHeader.encodedWords(String(repeating: "报价审批", count: 20))
        XCTAssertGreaterThan(words.count, 1)
        XCTAssertTrue(words.allSatisfy { $0.count <= 75 && $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") })
        XCTAssertEqual(ParsedMail.decodeEncodedWords(words.joined(separator: "\r\n ")), String(repeating: "报价审批", count: 20))
        XCTAssertEqual(MIMEHeader.unstructured("Subject", "Plain"), "Subject: Plain")
        XCTAssertTrue(SMTPURL.isLoopback("127.8.9.10"))
        XCTAssertTrue(SMTPURL.isLoopback("::1"))
        XCTAssertTrue(SMTPURL.isLoopback("::ffff:127.0.0.1"))
        XCTAssertTrue(SMTPURL.isLoopback("localhost"))
        XCTAssertFalse(SMTPURL.isLoopback("10.0.0.1"))
        XCTAssertFalse(SMTPURL.isLoopback("127.example.com"))
    }

    // MARK: Helpers

    static func message() -> EmailMessage {
        EmailMessage(to: ["owner@example.com"], subject: "Escalation", text: "Overdue.", html: "<p>Overdue.</p>", messageID: UUID().uuidString)
    }

    private func sendFailure(_ client: SMTPClient, _ message: EmailMessage, timeout: Duration = .seconds(10),
                             file: StaticString = #filePath, line: UInt = #line) async throws -> SMTPError {
        do {
            try await client.send(message, timeout: timeout)
        } catch let error as SMTPError {
            return error
        }
        XCTFail("the send succeeded", file: file, line: line)
        throw CancellationError()
    }

    static func nonLoopbackIPv4Address() -> String? {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return nil }
        defer { freeifaddrs(list) }
        for entry in sequence(first: first, next: { $0.pointee.ifa_next }) {
            guard let socketAddress = entry.pointee.ifa_addr, socketAddress.pointee.sa_family == sa_family_t(AF_INET),
                  entry.pointee.ifa_flags & UInt32(IFF_UP) != 0, entry.pointee.ifa_flags & UInt32(IFF_LOOPBACK) == 0
            else { continue }
            var address = socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
            var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
            guard inet_ntop(AF_INET, &address, &text, socklen_t(text.count)) != nil else { continue }
            return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return nil
    }

    private func startSink(_ arguments: String...) throws -> SMTPSink {
        let out = directory.appendingPathComponent("sink\(sinks.count)")
        let sink = try SMTPSink(out: out, arguments: arguments)
        sinks.append(sink)
        return sink
    }

    /// A self-signed certificate for localhost and 127.0.0.1, valid a day: (certificate, key) paths.
    private func makeCertificate() throws -> (String, String) {
        let certificate = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                             "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-days", "1", "-keyout", key, "-out", certificate]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "openssl req failed")
        return (certificate, key)
    }
}

/// smtp_sink.py running in its own process, and what it received.
final class SMTPSink {
    static let python = "/usr/bin/python3"
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("CaseflowTestSupport/smtp_sink.py")

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    struct Sidecar: Decodable {
        var mailFrom: String
        var rcptTos: [String]
        var tls: Bool
        var authenticated: Bool
        var user: String?

        enum CodingKeys: String, CodingKey {
            case mailFrom = "mail_from", rcptTos = "rcpt_tos", tls, authenticated, user
        }
    }

    struct Received {
        var eml: Data
        var sidecar: Sidecar
    }

    let out: URL
    let port: Int
    private let process: Process
    /// Held open while the sink should run: it stops when this closes, even if the test run is killed.
    private let stdin: Pipe

    init(out: URL, arguments: [String]) throws {
        try Self.requireAiosmtpd()
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let errors = out.appendingPathExtension("stderr")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = [Self.script.path, "0", "--out", out.path, "--exit-on-stdin-eof"] + arguments
        let stdout = Pipe()
        process.standardOutput = stdout
        let stdin = Pipe()
        process.standardInput = stdin
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()

        var first = Data()
        while !first.contains(UInt8(ascii: "\n")) {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            first.append(chunk)
        }
        let words = String(decoding: first, as: UTF8.self).split(whereSeparator: \.isWhitespace)
        guard words.count == 3, words[0] == "listening", let port = Int(words[2]) else {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            let stderr = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            throw Failure(description: "smtp_sink.py did not start: \(String(decoding: first, as: UTF8.self)) \(stderr)")
        }
        self.out = out
        self.port = port
        self.process = process
        self.stdin = stdin
    }

    /// Fails (never skips) without aiosmtpd: CI installs it, and a skipped mail test hides a broken channel.
    static func requireAiosmtpd() throws {
        let check = Process()
        check.executableURL = URL(fileURLWithPath: python)
        check.arguments = ["-c", "import aiosmtpd"]
        check.standardOutput = FileHandle.nullDevice
        check.standardError = FileHandle.nullDevice
        do {
            try check.run()
            check.waitUntilExit()
        } catch {
            throw Failure(description: "\(python) is missing: install Debian's python3 and python3-aiosmtpd (apt-get install python3-aiosmtpd)")
        }
        guard check.terminationStatus == 0 else {
            throw Failure(description: "\(python) cannot import aiosmtpd: apt-get install python3-aiosmtpd (CI installs it)")
        }
    }

    func messages() throws -> [Received] {
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path)
        let numbers = names.compactMap { $0.hasSuffix(".json") ? Int($0.dropLast(5)) : nil }.sorted()
        return try numbers.map { n in
            let eml = try Data(contentsOf: out.appendingPathComponent("\(n).eml"))
            let json = try Data(contentsOf: out.appendingPathComponent("\(n).json"))
            return Received(eml: eml, sidecar: try JSONDecoder().decode(Sidecar.self, from: json))
        }
    }

    func onlyMessage() throws -> Received {
        let all = try messages()
        guard all.count == 1 else { throw Failure(description: "expected one message, the sink has \(all.count)") }
        return all[0]
    }

    /// Closes its stdin and sends SIGTERM; SIGKILL if it is still there after five seconds.
    func stop() {
        try? stdin.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

/// Just enough of a MIME parser to read back what the client wrote.
struct ParsedMail {
    struct Part {
        var contentType: String
        var transferEncoding: String
        var text: String
    }

    var headers: [(name: String, value: String)] = []
    var parts: [Part] = []

    init(_ data: Data) throws {
        let lines = String(decoding: data, as: UTF8.self).components(separatedBy: "\r\n")
        var index = 0
        headers = Self.headers(lines, &index)
        let contentType = headers.first { $0.name.lowercased() == "content-type" }?.value ?? ""
        guard let range = contentType.range(of: "boundary=\"") else { throw SMTPSink.Failure(description: "no boundary in \(contentType)") }
        let boundary = String(contentType[range.upperBound...].prefix { $0 != "\"" })
        while index < lines.count {
            if lines[index] == "--\(boundary)--" { break }
            guard lines[index] == "--\(boundary)" else { index += 1; continue }
            index += 1
            let partHeaders = Self.headers(lines, &index)
            var base64 = ""
            while index < lines.count, !lines[index].hasPrefix("--\(boundary)") {
                if lines[index].count > 76 { throw SMTPSink.Failure(description: "base64 line longer than 76") }
                base64 += lines[index]
                index += 1
            }
            func header(_ name: String) -> String { partHeaders.first { $0.name.lowercased() == name }?.value ?? "" }
            guard let decoded = Data(base64Encoded: base64) else { throw SMTPSink.Failure(description: "bad base64 in a part") }
            parts.append(Part(contentType: header("content-type"), transferEncoding: header("content-transfer-encoding"),
                              text: String(decoding: decoded, as: UTF8.self)))
        }
    }

    /// Header lines up to the blank line, unfolded; `index` ends after the blank line.
    private static func headers(_ lines: [String], _ index: inout Int) -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        while index < lines.count, !lines[index].isEmpty {
            let line = lines[index]
            index += 1
            if line.hasPrefix(" ") || line.hasPrefix("\t"), !result.isEmpty {
                result[result.count - 1].value += line
            } else if let colon = line.firstIndex(of: ":") {
                result.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
            }
        }
        index += 1
        return result
    }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    func decodedHeader(_ name: String) -> String? {
        header(name).map(Self.decodeEncodedWords)
    }

    /// A value made only of `=?UTF-8?B?…?=` words, decoded; anything else as it is.
    static func decodeEncodedWords(_ value: String) -> String {
        let words = value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r\n" })
        var bytes = Data()
        for word in words {
            guard word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?="),
                  let data = Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))
            else { return value }
            bytes.append(data)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
