import CaseflowTestSupport
import CaseflowServer
import Foundation
import Hummingbird
import Synchronization
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real `caseflow serve` process: killed with SIGKILL under work, restarted, and checked.
@Suite(.serialized) struct DaemonProcessTests {
    @Test func acknowledgedCommandsSurviveSIGKILLAndOverdueTimersFireOnceAfterRestart() async throws {
        // The SLA must not run out before the SIGKILL (escalations raised before it would wait in
        // the killed daemon's memory): 30 s leaves room on a machine loaded by the rest of the
        // suite (browsers, PostgreSQL daemons).
        let sla: TimeInterval = 30
        let site = try DaemonSite(due: "30s")
        let receiver = WebhookReceiver()
        var daemon = try site.start(webhook: receiver.port)
        try await daemon.waitReady()

        var acknowledged: [String] = []
        let firstOpened = Date()
        for i in 0..<12 {
            let opened = try await daemon.request("POST", "/v1/cases", as: "ann",
                                                  body: #"{"workflow": "quick", "data": {"note": "n\#(i)"}}"#)
            #expect(opened.status == 201)
            if let id = opened.json["id"] as? String { acknowledged.append(id) }
        }
        let changed = try await daemon.request("POST", "/v1/cases/\(acknowledged[0])/data", as: "ann",
                                               body: #"{"data": {"note": "changed"}}"#)
        #expect(changed.status == 200)
        let (metrics, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(daemon.port)/metrics")!)
        #expect(String(decoding: metrics, as: UTF8.self).contains("caseflow_commit_batch_size_avg"))
        let lastOpened = Date()
        daemon.kill()                       // SIGKILL, before any SLA fell due
        #expect(Date().timeIntervalSince(firstOpened) < sla, "the machine is too slow for this test's premise")

        // Every deadline passes while the daemon is down.
        try await Task.sleep(for: .seconds(max(1, sla + 1 - Date().timeIntervalSince(lastOpened))))
        daemon = try site.start(webhook: receiver.port)
        try await daemon.waitReady()           // ready only after the overdue timers fired
        try await receiver.start()             // the webhook receiver comes up late

        for id in acknowledged {
            let read = try await daemon.request("GET", "/v1/cases/\(id)", as: "ann")
            #expect(read.status == 200, "acknowledged case \(id) is missing")
            #expect((read.json["sla"] as? [String: Any])?["state"] as? String == "breached")
            let history = try await daemon.request("GET", "/v1/cases/\(id)/history", as: "ann")
            let types = (history.json["events"] as? [[String: Any]] ?? []).compactMap { ($0["event"] as? [String: Any])?["type"] as? String }
            #expect(types.filter { $0 == "sla_breached" }.count == 1)
            #expect(types.filter { $0 == "escalation_raised" }.count == 1)
            let verify = try await daemon.request("GET", "/v1/cases/\(id)/verify", as: "ann")
            #expect(verify.json["intact"] as? Bool == true)
        }
        let first = try await daemon.request("GET", "/v1/cases/\(acknowledged[0])", as: "ann")
        #expect((first.json["data"] as? [String: Any])?["note"] as? String == "changed")

        // The cases open at the restart are counted in the background after ready, once each.
        var open = 0.0
        let counted = Date().addingTimeInterval(30)
        repeat {
            let (text, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(daemon.port)/metrics")!)
            open = String(decoding: text, as: UTF8.self).split(separator: "\n")
                .filter { $0.hasPrefix(#"caseflow_cases_open{workflow="quick""#) }
                .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }
                .reduce(0, +)
            if open == Double(acknowledged.count) { break }
            try await Task.sleep(for: .milliseconds(200))
        } while Date() < counted
        #expect(open == Double(acknowledged.count))

        // Every escalation reaches the receiver that was down at first (at least once; deduped by id).
        // Retries back off up to 30 s apart, and a loaded machine slows every attempt: allow a few rounds.
        let deadline = Date().addingTimeInterval(120)
        while receiver.ids.filter({ !$0.hasPrefix("checkpoint/") }).count < acknowledged.count, Date() < deadline {
            try await Task.sleep(for: .milliseconds(200))
        }
        // Signed checkpoints are posted to the webhooks too (`checkpoint/SIZE`); this test counts escalations.
        let delivered: Set<String> = Set(receiver.ids.filter { !$0.hasPrefix("checkpoint/") }
            .map { id -> String in String(id.split(separator: "/").first ?? "") })
        #expect(delivered == Set(acknowledged))
        daemon.stop()
        try await receiver.stop()

        let verify = try CLIProcess.run(["verify", "--db", site.db.path])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test func aDaemonRefusesToStartOnBrokenDefinitions() throws {
        let site = try DaemonSite()
        try "kind: workflow\nid: quick\nversion: [\n".write(to: site.workflows.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
        let r = try CLIProcess.run(["serve", "--listen", "127.0.0.1:\(DaemonSite.freePort())", "--db", site.db.path,
                                    "--workflows", site.workflows.path, "--policies", site.policies.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("broken.yaml:4:1: error: did not find expected node content"))
    }
}

/// A folder with a short workflow (a 2-second SLA), a directory, tokens and a database.
struct DaemonSite {
    let root: URL
    var workflows: URL { root.appendingPathComponent("Workflows") }
    var policies: URL { root.appendingPathComponent("Policies") }
    var db: URL { root.appendingPathComponent("cases.sqlite") }
    var tokensFile: URL { root.appendingPathComponent("tokens") }
    /// The daemon's standard error (its log), rewritten at each start.
    var log: URL { root.appendingPathComponent("daemon.log") }
    let tokens: [String: String]

    init(due: String = "2s", notify: String = "[owner]", people: String? = nil) throws {
        _ = CLIProcess.ignoringSIGPIPE
        root = Scratch.path("caseflow-daemon")
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("Workflows"), withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appendingPathComponent("Policies"), withIntermediateDirectories: true)
        try """
        kind: workflow
        id: quick
        version: 1
        roles: [agent]
        data:
          note: { type: string }
          customer: { type: string }
        start: work
        stages:
          work:
            title: Work
            instructions: |
              Call the customer back within the hour.
            role: agent
            sla:
              due: \(due)
              escalation:
                - at: breach
                  notify: \(notify)
            next: done
          done: { end: done }
        """.write(to: root.appendingPathComponent("Workflows/quick.yaml"), atomically: true, encoding: .utf8)
        try """
        kind: directory
        id: people
        people:
        \(people ?? """
              ann: { name: Ann, roles: [agent] }
              ada: { name: Ada, roles: [admin] }
            """)
        """.write(to: root.appendingPathComponent("Policies/people.yaml"), atomically: true, encoding: .utf8)
        var tokens: [String: String] = [:]
        var lines: [String] = []
        for person in ["ann", "ada", "dana"] {
            let (token, line) = TokenStore.issue(for: person)
            tokens[person] = token
            lines.append(line)
        }
        self.tokens = tokens
        try lines.joined(separator: "\n").write(to: root.appendingPathComponent("tokens"), atomically: true, encoding: .utf8)
    }

    /// A port the kernel just gave out on loopback (a random one could be in use by another
    /// test's daemon or connection, and the daemon would exit at once).
    static func freePort() -> Int { LoopbackPort.free() }

    func start(webhook: Int? = nil, extra: [String] = []) throws -> RunningDaemon {
        let port = Self.freePort()
        var args = ["serve", "--listen", "127.0.0.1:\(port)", "--db", db.path, "--workflows", workflows.path,
                    "--policies", policies.path, "--tokens", tokensFile.path, "--log-level", "warning"]
        if let webhook { args += ["--webhook", "http://127.0.0.1:\(webhook)/hook"] }
        args += extra
        let process = Process()
        process.executableURL = CLIProcess.executable
        process.arguments = args
        process.standardOutput = FileHandle.nullDevice
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        return RunningDaemon(process: process, port: port, tokens: tokens)
    }
}

struct RunningDaemon {
    let process: Process
    let port: Int
    let tokens: [String: String]

    struct Reply {
        var status: Int
        var json: [String: Any]
    }

    func request(_ method: String, _ path: String, as person: String, body: String? = nil) async throws -> Reply {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.setValue("Bearer \(tokens[person] ?? "")", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = body.map { Data($0.utf8) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return Reply(status: (response as? HTTPURLResponse)?.statusCode ?? 0, json: json)
    }

    func waitReady() async throws {
        let deadline = Date().addingTimeInterval(90)
        while Date() < deadline, process.isRunning {
            if let (_, response) = try? await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/readyz")!),
               (response as? HTTPURLResponse)?.statusCode == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record(process.isRunning ? "the daemon on port \(port) was not ready within 90 s"
                                       : "the daemon on port \(port) exited (status \(process.terminationStatus)) before it was ready")
        throw CocoaError(.fileReadUnknown)
    }

    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

/// A webhook receiver on loopback that records event ids; started late on purpose. It runs in a
/// process of its own (a few lines of Python), so that tests blocking this process's threads
/// never keep it from answering.
final class WebhookReceiver: Sendable {
    let port = DaemonSite.freePort()
    private let file = Scratch.path("caseflow-hooks")
    private let process = Mutex<Process?>(nil)

    var ids: [String] {
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        return Array(Set(text.split(separator: "\n").map(String.init)))
    }

    static let script = """
        import http.server, json, sys
        out = open(sys.argv[2], "a")
        class Hook(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                try:
                    out.write(json.loads(body)["id"] + "\\n"); out.flush()
                except Exception:
                    pass
                self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
            def log_message(self, *args):
                pass
        http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Hook).serve_forever()
        """

    func start() async throws {
        FileManager.default.createFile(atPath: file.path, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", Self.script, String(port), file.path]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        process.withLock { $0 = p }
        try await Task.sleep(for: .milliseconds(500))
    }

    func stop() async throws {
        // SIGKILL: the child may inherit SIGTERM ignored from the test runner.
        let p = process.withLock { $0 }
        if let p, p.isRunning {
            Foundation.kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: file)
    }
}
