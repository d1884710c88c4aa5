import CaseflowTestSupport
import CaseflowServer
import Foundation
import Synchronization
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Escalations reaching people through the real daemon: the outbox under SIGKILL, signed webhooks
/// checked by an independent receiver, failing and silent receivers, email over SMTP, the inbox.
@Suite(.serialized) struct NotificationDaemonTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwMfKQ9r8G"
    static let rotated = "whsec_dGhlIHNlY29uZCBzZWNyZXQgb2YgdGhpcyByZWNlaXZlcg=="

    static func receivers(_ entries: [(name: String, port: Int, secret: String)]) -> String {
        "webhooks:\n" + entries.map {
            "  - name: \($0.name)\n    url: http://127.0.0.1:\($0.port)/\($0.name)\n    secret: \($0.secret)\n"
        }.joined()
    }

    @Test func pendingDeliveriesSurviveSIGKILLAndArriveOnceEachSigned() async throws {
        let site = try DaemonSite(due: "2s")
        let receiver = try SigningReceiver(secret: Self.secret)
        let file = site.root.appendingPathComponent("receivers.yaml")
        try Self.receivers([("crm", receiver.port, Self.secret)]).write(to: file, atomically: true, encoding: .utf8)
        chmod(file.path, 0o600)
        var daemon = try site.start(extra: ["--receivers", file.path])
        try await daemon.waitReady()
        var opened: [String] = []
        for i in 0..<6 {
            let r = try await daemon.request("POST", "/v1/cases", as: "ann", body: #"{"workflow": "quick", "data": {"note": "n\#(i)"}}"#)
            #expect(r.status == 201)
            if let id = r.json["id"] as? String { opened.append(id) }
        }
        // The receiver is down: every escalation waits in the outbox, the first ones tried already.
        try await until("six escalations pending in the outbox") {
            let list = try await daemon.request("GET", "/v1/admin/deliveries?state=pending", as: "ada")
            let items = (list.json["deliveries"] as? [[String: Any]] ?? []).filter { ($0["case"] as? String).map(opened.contains) ?? false }
            return items.count == 6 && items.contains { ($0["attempts"] as? Int ?? 0) >= 1 }
        }
        let metrics = try await daemon.metrics()
        #expect(metrics.contains("caseflow_deliveries_pending"))
        daemon.kill()

        try receiver.start()
        daemon = try site.start(extra: ["--receivers", file.path])
        try await daemon.waitReady()
        try await until("every escalation delivered") { Set(receiver.escalations.map(\.caseID)) == Set(opened) }
        try await Task.sleep(for: .seconds(2))   // anything sent twice would have arrived by now
        let received = receiver.escalations
        #expect(received.count == 6, "each delivered exactly once: \(received.map(\.id))")
        #expect(Set(received.map(\.id)).count == 6)
        #expect(received.allSatisfy { $0.valid }, "every signature checks out with the receiver's secret")
        #expect(received.allSatisfy { $0.id == $0.bodyID }, "webhook-id is the body's id")
        let delivered = try await daemon.request("GET", "/v1/admin/deliveries?state=delivered", as: "ada")
        #expect((delivered.json["deliveries"] as? [[String: Any]] ?? []).filter { $0["receiver"] as? String == "crm" && $0["case"] != nil
            && !($0["case"] is NSNull) }.count == 6)

        // A new secret, read on SIGHUP: the next delivery is signed with it.
        func looseModeWarnings() -> Int {
            ((try? String(contentsOf: site.log, encoding: .utf8)) ?? "").components(separatedBy: "others may read it").count - 1
        }
        let warnedBefore = looseModeWarnings()
        try Self.receivers([("crm", receiver.port, Self.rotated)]).write(to: file, atomically: true, encoding: .utf8)
        try receiver.rotate(to: Self.rotated)
        Foundation.kill(daemon.process.processIdentifier, SIGHUP)
        try await Task.sleep(for: .seconds(1))
        let late = try await daemon.request("POST", "/v1/cases", as: "ann", body: #"{"workflow": "quick", "data": {"note": "late"}}"#)
        let lateID = try #require(late.json["id"] as? String)
        try await until("the case opened after SIGHUP is delivered") { receiver.escalations.contains { $0.caseID == lateID } }
        #expect(receiver.escalations.first { $0.caseID == lateID }?.valid == true)
        // The new file was written readable by others: the reload warns, as a start does (it warned only at start).
        #expect(looseModeWarnings() > warnedBefore)
        let log = (try? String(contentsOf: site.log, encoding: .utf8)) ?? ""
        #expect(!log.contains(String(Self.secret.dropFirst(6))) && !log.contains(String(Self.rotated.dropFirst(6))),
                "secrets never reach the log")
        daemon.stop()
        receiver.stop()
    }

    @Test func aFailingReceiverRetriesASilentOneFailsAndNeitherDelaysAHealthyOne() async throws {
        let site = try DaemonSite(due: "1s")
        let receiver = try SigningReceiver(secret: Self.secret)
        try receiver.start()
        let file = site.root.appendingPathComponent("receivers.yaml")
        try Self.receivers([("healthy", receiver.port, Self.secret), ("flaky", receiver.port, Self.secret),
                            ("silent", receiver.port, Self.secret), ("closed", DaemonSite.freePort(), Self.secret)])
            .write(to: file, atomically: true, encoding: .utf8)
        let daemon = try site.start(extra: ["--receivers", file.path, "--webhook-timeout", "1", "--delivery-backoff", "0.2",
                                            "--delivery-attempts", "3"])
        try await daemon.waitReady()
        let r = try await daemon.request("POST", "/v1/cases", as: "ann", body: #"{"workflow": "quick", "data": {"note": "x"}}"#)
        let id = try #require(r.json["id"] as? String)
        try await until("the healthy receiver has the escalation") { receiver.records.contains { $0.path == "healthy" && $0.caseID == id } }
        let silentNow = try await delivery(daemon, receiver: "silent")
        #expect(silentNow?["state"] as? String == "pending", "the healthy receiver was not kept waiting for the silent one")
        // 500, 500, then 200: delivered on the third attempt.
        try await until("the flaky receiver accepted it") { receiver.records.contains { $0.path == "flaky" && $0.status == 200 } }
        try await until("the flaky delivery is recorded as delivered") {
            try await delivery(daemon, receiver: "flaky")?["state"] as? String == "delivered"
        }
        #expect(try await delivery(daemon, receiver: "flaky")?["attempts"] as? Int == 3)
        #expect(receiver.records.filter { $0.path == "flaky" }.map(\.status) == [500, 500, 200])
        // Never answers: each attempt times out, and after three the delivery is failed.
        try await until("the silent delivery failed") { try await delivery(daemon, receiver: "silent")?["state"] as? String == "failed" }
        let failed = try #require(try await delivery(daemon, receiver: "silent"))
        #expect(failed["attempts"] as? Int == 3)
        #expect((failed["last_error"] as? String ?? "").contains("gave up after 3 attempts"))
        // Nothing listens: the error in words (it read "connection reset (error set): Connection refused) (errno: 111)").
        try await until("the closed delivery failed") { try await delivery(daemon, receiver: "closed")?["state"] as? String == "failed" }
        let refusedError = try #require(try await delivery(daemon, receiver: "closed"))["last_error"] as? String ?? ""
        #expect(refusedError.contains("unreachable: connection refused") && !refusedError.contains("errno"), "\(refusedError)")
        let failedID = try #require(failed["id"] as? Int)

        // Operators see it and send it again, from the CLI and over HTTP.
        let list = try CLIProcess.run(["deliveries", "--state", "failed", "--db", site.db.path])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("\(failedID)\tfailed\t3\twebhook\tsilent\t\(id)/"))
        #expect(list.stderr.contains("2 failed"), "the silent and the closed receivers' deliveries: \(list.stderr)")
        let retried = try CLIProcess.run(["deliveries", "--retry", "\(failedID)", "--db", site.db.path])
        #expect(retried.status == 0 && retried.stdout.contains("will be sent again"), "\(retried.stderr)")
        #expect(try await delivery(daemon, receiver: "silent")?["state"] as? String == "pending")
        let again = try await daemon.request("POST", "/v1/admin/deliveries/\(failedID)/retry", as: "ada")
        #expect(again.status == 409, "a pending delivery is not retried twice")
        let notAdmin = try await daemon.request("POST", "/v1/admin/deliveries/\(failedID)/retry", as: "ann")
        #expect(notAdmin.status == 403)
        let badState = try await daemon.request("GET", "/v1/admin/deliveries?state=lost", as: "ada")
        #expect(badState.status == 400)
        try await until("it failed again") { try await delivery(daemon, receiver: "silent")?["state"] as? String == "failed" }
        let viaHTTP = try await daemon.request("POST", "/v1/admin/deliveries/\(failedID)/retry", as: "ada")
        #expect(viaHTTP.status == 200)
        #expect((viaHTTP.json["delivery"] as? [String: Any])?["state"] as? String == "pending")
        daemon.stop()
        receiver.stop()
    }

    @Test func escalationsEmailThePeopleTheyReachAndFillTheirInbox() async throws {
        let site = try DaemonSite(due: "1s", notify: "[owner, dana]", people: """
              ann: { name: Ann Lee, roles: [agent], email: ann@example.com }
              ada: { name: Ada, roles: [admin] }
              dana: { name: 王丹, roles: [admin], email: dana@example.com, locale: zh-CN }
            """)
        let sink = try SMTPSink()
        let daemon = try site.start(extra: ["--smtp", "smtp://127.0.0.1:\(sink.port)?from=caseflow@example.com",
                                            "--public-url", "http://console.example/"])
        try await daemon.waitReady()
        let r = try await daemon.request("POST", "/v1/cases", as: "ann",
                                         body: #"{"workflow": "quick", "data": {"note": "x", "customer": "ACME 华东"}}"#)
        let id = try #require(r.json["id"] as? String)
        try await until("two emails sent") { sink.messages().count == 2 }
        let mails = sink.messages()
        let ann = try #require(mails.first { $0.to == ["ann@example.com"] })
        #expect(ann.subject.contains("ACME 华东") && ann.subject.contains("Escalation level 1"))
        #expect(ann.text.contains("Hello Ann Lee") && ann.text.contains("Customer: ACME 华东") && ann.text.contains("Stage: Work"))
        #expect(ann.text.contains("What is asked of you: Complete Work"))
        // The stage's instructions follow what is asked (lines end in CRLF on the wire).
        #expect(ann.text.replacingOccurrences(of: "\r\n", with: "\n").contains("Instructions:\nCall the customer back within the hour.\n"),
                "\(ann.text)")
        #expect(ann.html.replacingOccurrences(of: "\r\n", with: "\n").contains("<pre>Call the customer back within the hour.\n</pre>"), "\(ann.html)")
        #expect(ann.text.contains("http://console.example/cases/\(id)"))
        #expect(ann.html.contains("href=\"http://console.example/cases/\(id)\""))
        let dana = try #require(mails.first { $0.to == ["dana@example.com"] })
        #expect(dana.subject.contains("升级") && dana.text.contains("王丹") && dana.text.contains("客户: ACME 华东"))
        #expect(dana.text.replacingOccurrences(of: "\r\n", with: "\n").contains("说明：\nCall the customer back within the hour."), "\(dana.text)")

        let history = try await daemon.request("GET", "/v1/cases/\(id)/history", as: "ann")
        let escalation = (history.json["events"] as? [[String: Any]] ?? []).compactMap { $0["event"] as? [String: Any] }
            .first { $0["type"] as? String == "escalation_raised" }
        #expect(((escalation?["data"] as? [String: Any])?["notified"] as? [String]) == ["ann", "dana"])

        let inbox = try await daemon.request("GET", "/v1/notifications?unread=true", as: "ann")
        let items = inbox.json["notifications"] as? [[String: Any]] ?? []
        #expect(items.count == 1)
        let about = items.first?["about"] as? [String: Any] ?? [:]
        #expect(about["case"] as? String == id && about["customer"] as? String == "ACME 华东" && about["level"] as? Int == 1)
        #expect(about["url"] as? String == "http://console.example/cases/\(id)")
        let nid = try #require(items.first?["id"] as? Int)
        #expect(try await daemon.request("POST", "/v1/notifications/\(nid)/read", as: "ada").status == 404, "not ada's")
        // These routes take no fields: one sent is refused, not ignored.
        let stray = try await daemon.request("POST", "/v1/notifications/\(nid)/read", as: "ann", body: #"{"x": 1}"#)
        #expect(stray.status == 400 && ((stray.json["error"] as? [String: Any])?["message"] as? String)?.contains("unknown field 'x'; this request takes no fields") == true,
                "\(stray.json)")
        #expect(try await daemon.request("POST", "/v1/admin/deliveries/retry-failed", as: "ada", body: #"{"state": "pending"}"#).status == 400)
        #expect(try await daemon.request("POST", "/v1/admin/deliveries/retry-failed", as: "ada", body: "{}").status == 200)
        let read = try await daemon.request("POST", "/v1/notifications/\(nid)/read", as: "ann")
        #expect(read.status == 200 && (read.json["notification"] as? [String: Any])?["read"] as? Bool == true)
        let after = try await daemon.request("GET", "/v1/notifications?unread=true", as: "ann")
        #expect((after.json["notifications"] as? [Any])?.isEmpty == true)
        #expect(try await daemon.request("GET", "/v1/notifications?unread=maybe", as: "ann").status == 400)
        daemon.stop()
        sink.stop()
    }

    /// A warning comes before the deadline: its email once said "it is past its deadline" (and
    /// in Chinese showed the raw moment `warn`); and a customer name with a line break failed
    /// every email of its case for good (a header may not hold one).
    @Test func aWarningSaysWhatIsLeftAndALineBreakInTheCustomerIsFolded() async throws {
        let site = try DaemonSite(due: "60s\n      warn: 5%", notify: "[owner, dana]", people: """
              ann: { name: Ann Lee, roles: [agent], email: ann@example.com }
              ada: { name: Ada, roles: [admin] }
              dana: { name: 王丹, roles: [admin], email: dana@example.com, locale: zh-CN }
            """)
        let file = site.workflows.appendingPathComponent("quick.yaml")
        try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "- at: breach", with: "- at: warn")
            .write(to: file, atomically: true, encoding: .utf8)
        let sink = try SMTPSink()
        let daemon = try site.start(extra: ["--smtp", "smtp://127.0.0.1:\(sink.port)?from=caseflow@example.com"])
        try await daemon.waitReady()
        let r = try await daemon.request("POST", "/v1/cases", as: "ann",
                                         body: #"{"workflow": "quick", "data": {"note": "x", "customer": "Acme\nCorp"}}"#)
        #expect(r.status == 201)
        try await until("two emails sent") { sink.messages().count == 2 }
        let mails = sink.messages()
        let ann = try #require(mails.first { $0.to == ["ann@example.com"] })
        #expect(ann.subject == "[Caseflow] Escalation level 1: Acme Corp — Work", "\(ann.subject)")
        #expect(ann.text.contains("What is asked of you: Complete Work: it is due in 5"), "\(ann.text)")
        #expect(!ann.text.contains("past its deadline"))
        #expect(ann.text.contains("SLA: warn"))
        let dana = try #require(mails.first { $0.to == ["dana@example.com"] })
        #expect(dana.text.contains("时限: 预警"), "\(dana.text)")
        #expect(!dana.text.contains("已超过时限"))
        daemon.stop()
        sink.stop()
    }

    /// A mistyped `--smtp` is the operator's to fix at start, not a "temporary" sending failure.
    @Test func aBadSMTPURLIsRefusedAtStartAsAnOption() throws {
        let dir = try Scratch.folder("caseflow-smtp-url")
        let db = dir.appendingPathComponent("cases.sqlite")
        let out = try CLIProcess.run(["serve", "--smtp", "smtps://mail.example.com", "--db", db.path,
                                      "--listen", "127.0.0.1:\(DaemonSite.freePort())"])
        #expect(out.status == 1)
        #expect(out.stderr.contains("error: --smtp: invalid SMTP URL: smtps:// (TLS from the first byte) is not supported"), "\(out.stderr)")
        #expect(!out.stderr.contains("temporary"))
        #expect(!FileManager.default.fileExists(atPath: db.path), "nothing is left behind")
    }

    private func delivery(_ daemon: RunningDaemon, receiver: String) async throws -> [String: Any]? {
        let list = try await daemon.request("GET", "/v1/admin/deliveries", as: "ada")
        return (list.json["deliveries"] as? [[String: Any]] ?? []).first { $0["receiver"] as? String == receiver && !($0["case"] is NSNull) }
    }
}

/// Polls until `condition` holds, or fails the test after `seconds`.
func until(_ what: String, seconds: TimeInterval = 60, _ condition: () async throws -> Bool) async throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(100))
    }
    Issue.record("timed out waiting: \(what)")
    throw CancellationError()
}

extension RunningDaemon {
    func metrics() async throws -> String {
        let (data, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/metrics")!)
        return String(decoding: data, as: UTF8.self)
    }
}

/// A webhook receiver in Python that checks each Standard Webhooks signature on its own (hmac,
/// base64): `/flaky` answers 500 twice then 200, `/silent` never answers, others answer 200.
final class SigningReceiver: Sendable {
    let port = DaemonSite.freePort()
    let dir = Scratch.path("caseflow-receiver")
    private let process = Mutex<Process?>(nil)

    struct Record {
        var path: String
        var id: String
        var bodyID: String
        var valid: Bool
        var status: Int
        var caseID: String { String(id.split(separator: "/").first ?? "") }
    }

    init(secret: String) throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try rotate(to: secret)
        _ = FileManager.default.createFile(atPath: dir.appendingPathComponent("log").path, contents: nil)
    }

    func rotate(to secret: String) throws {
        try secret.write(to: dir.appendingPathComponent("secret"), atomically: true, encoding: .utf8)
    }

    var records: [Record] {
        let text = (try? String(contentsOf: dir.appendingPathComponent("log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return Record(path: o["path"] as? String ?? "", id: o["id"] as? String ?? "", bodyID: o["body_id"] as? String ?? "",
                          valid: o["valid"] as? Bool ?? false, status: o["status"] as? Int ?? 0)
        }
    }

    /// Escalations accepted (signed checkpoints, `checkpoint/N`, are left out).
    var escalations: [Record] { records.filter { $0.status == 200 && !$0.id.hasPrefix("checkpoint/") } }

    static let script = """
        import base64, hashlib, hmac, http.server, json, sys, threading, time
        port, folder = int(sys.argv[1]), sys.argv[2]
        lock, seen = threading.Lock(), {}
        class Hook(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                path = self.path.strip("/")
                if path == "silent":
                    time.sleep(60)
                    return
                with lock:
                    seen[path] = seen.get(path, 0) + 1
                    n = seen[path]
                secret = open(folder + "/secret").read().strip()
                key = base64.b64decode(secret[6:] if secret.startswith("whsec_") else secret)
                mid, ts = self.headers.get("webhook-id", ""), self.headers.get("webhook-timestamp", "0")
                signed = mid.encode() + b"." + ts.encode() + b"." + body
                expected = "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
                valid = any(hmac.compare_digest(s, expected) for s in self.headers.get("webhook-signature", "").split(" "))
                valid = valid and abs(time.time() - int(ts)) < 300
                status = 500 if path == "flaky" and n <= 2 else 200
                record = {"path": path, "id": mid, "body_id": json.loads(body).get("id"), "valid": valid, "status": status}
                with lock:
                    with open(folder + "/log", "a") as out:
                        out.write(json.dumps(record) + "\\n")
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()
            def log_message(self, *args):
                pass
        http.server.ThreadingHTTPServer(("127.0.0.1", port), Hook).serve_forever()
        """

    func start() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", Self.script, String(port), dir.path]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        process.withLock { $0 = p }
        Thread.sleep(forTimeInterval: 0.5)
    }

    func stop() {
        if let p = process.withLock({ $0 }), p.isRunning {
            Foundation.kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
        }
    }
}

/// Debian's aiosmtpd on loopback (Tests/CaseflowTestSupport/smtp_sink.py): every message it
/// receives is kept as a file, read back with Python's email parser.
final class SMTPSink: Sendable {
    let port: Int
    let dir = Scratch.path("caseflow-smtp")
    private let process: Process

    struct Mail {
        var to: [String]
        var subject: String
        var text: String
        var html: String
    }

    static var script: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("CaseflowTestSupport/smtp_sink.py")
    }

    init() throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        p.arguments = [Self.script.path, "0", "--out", dir.path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        process = p
        let line = String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
        guard let port = line.split(separator: " ").last.flatMap({ Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) else {
            p.terminate()
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey:
                "the SMTP sink did not start (is python3-aiosmtpd installed? .ci/run installs it): \(line)"])
        }
        self.port = port
    }

    func messages() -> [Mail] {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".eml") }.sorted()
        return files.compactMap { name in
            let r = try? CLIProcess.runTool("/usr/bin/python3", ["-c", """
                import email, json, sys
                from email import policy
                m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=policy.default)
                print(json.dumps({"to": [a.strip() for a in str(m["To"]).split(",")], "subject": str(m["Subject"]),
                                  "text": m.get_body(("plain",)).get_content(), "html": m.get_body(("html",)).get_content()}))
                """, dir.appendingPathComponent(name).path])
            guard let r, r.status == 0, let o = try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] else { return nil }
            return Mail(to: o["to"] as? [String] ?? [], subject: o["subject"] as? String ?? "", text: o["text"] as? String ?? "",
                        html: o["html"] as? String ?? "")
        }
    }

    func stop() {
        if process.isRunning {
            Foundation.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}
