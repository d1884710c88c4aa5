import CaseflowEngine
import CaseflowModel
import CaseflowStore
import Foundation
import Logging

/// `console`: the time each console page takes to render with N cases in the database (default
/// 100,000), signed in through the sign-in form like a person: the median and p90 of several
/// requests per page after one warm-up. Cases are spread over the sales process's stages.
struct ConsoleBench {
    let settings: BenchSettings
    static let rounds = 9

    init(_ settings: BenchSettings) { self.settings = settings }

    func run() async throws -> BenchResult {
        let definitions = try LoadedDefinitions.load(settings.definitionPaths)
        let script = try SalesScript(definitions: definitions)
        let engine = Engine(catalog: definitions.catalog)
        let dir = try BenchSystem.temporaryDirectory("console")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = settings.db ?? dir + "/bench.sqlite"
        let n = settings.cases ?? 100_000
        let commands = script.stepsBeforeWait.compactMap { step -> (String, Command)? in
            if case .command(let actor, let command, _) = step { return (actor, command) }
            return nil
        }
        let fillStart = BenchSystem.now()
        let store = try await StoreOpener.open(db, logger: Logger(label: "caseflow.bench"))
        let at = TimersBench.wallNow()
        var sample = ""
        try await withThrowingTaskGroup(of: Void.self) { group in
            let workers = 32
            for w in 0..<workers {
                group.addTask {
                    var i = w
                    while i < n {
                        guard case .success(var outcome) = engine.open(caseID: "c\(i)", workflow: script.workflow.id, data: script.openData,
                                                                       by: script.opener, at: at) else { throw SalesScript.Missing(description: "open refused") }
                        var events = outcome.events
                        for (actor, command) in commands.prefix(i % (commands.count + 1)) {
                            guard case .success(let o) = engine.handle(command, on: outcome.state, by: actor, at: at) else { break }
                            outcome = o
                            events += o.events
                        }
                        outcome.events = events
                        try await store.commit(try CaseWrite(outcome: outcome, engine: engine, expectedVersion: 0, at: at))
                        if i % 5000 == 0 { BenchSystem.progress("console: \(i)/\(n) cases stored") }
                        i += workers
                    }
                }
            }
            try await group.waitForAll()
        }
        sample = "c\(commands.count)"
        let fillSeconds = BenchSystem.seconds(since: fillStart)

        let people = Array(Set(script.people + ["ada"]))
        let tokens = try DaemonProcess.issueTokens(people, into: dir + "/tokens")
        let launch = BenchSystem.now()
        let daemon = try DaemonProcess(db: db, tokens: dir + "/tokens", settings: settings, logFile: dir + "/daemon.log")
        defer { daemon.stop() }
        BenchSystem.progress("console: daemon starting over \(n) cases")
        _ = try daemon.waitUntilReady(since: launch)

        var result = BenchResult(scenario: "console", seconds: 0)
        result.add("cases in the database", Double(n), "")
        result.add("store filled at", Double(n) / fillSeconds, "cases/s")
        let start = BenchSystem.now()
        var all = LatencyRecorder()
        let pages: [(String, String, String)] = [
            ("my work", script.opener, "/"),
            ("case", script.opener, "/cases/\(sample)"),
            ("case search", script.opener, "/cases?workflow=\(script.workflow.id)&stage=negotiation"),
            ("escalations", "ada", "/escalations"),
            ("inbox", script.opener, "/inbox"),
            ("KPIs (2,000 cases)", "ada", "/kpis?workflow=\(script.workflow.id)"),
            ("workflow", "ada", "/workflows/\(script.workflow.id)"),
            ("admin", "ada", "/admin"),
        ]
        var sessions: [String: String] = [:]
        for (name, person, path) in pages {
            let client = BenchHTTPClient(host: daemon.host, port: daemon.port)
            if sessions[person] == nil { sessions[person] = try Self.signIn(client, token: tokens[person] ?? "") }
            let cookie = "Cookie: caseflow_session=\(sessions[person]!)"
            var times = LatencyRecorder()
            for round in 0...Self.rounds {
                let t0 = BenchSystem.now()
                let r = try client.request("GET", path, token: nil, headers: [cookie])
                let took = BenchSystem.now() &- t0
                guard r.status == 200 else { throw BenchHTTPClient.Failure(description: "\(path) answered \(r.status): \(r.body.prefix(300))") }
                if round > 0 { times.record(took); all.record(took) }
            }
            BenchSystem.progress("console: \(name) measured")
            if let s = times.summary(of: name) {
                result.add("\(name): median", s.p50Micros / 1000, "ms")
                result.add("\(name): p90", s.p90Micros / 1000, "ms")
            }
        }
        result.seconds = BenchSystem.seconds(since: start)
        result.latency = all.summary(of: "a console page (\(Self.rounds) requests per page after a warm-up)")
        result.peakMemoryBytes = BenchSystem.peakRSS(pid: daemon.pid)
        result.notes.append("pages rendered by the daemon over \(n) cases spread over the first \(commands.count) steps of the sales script")
        return result
    }

    /// The sign-in form as a browser posts it: the form's CSRF token and its cookie, then the token.
    static func signIn(_ client: BenchHTTPClient, token: String) throws -> String {
        let form = try client.request("GET", "/login", token: nil)
        guard let loginCookie = cookie("caseflow_login", client.lastHeaders),
              let r = form.body.range(of: "name=\"csrf\" value=\""), let end = form.body[r.upperBound...].firstIndex(of: "\"") else {
            throw BenchHTTPClient.Failure(description: "the sign-in page has no CSRF token")
        }
        let csrf = String(form.body[r.upperBound..<end])
        let body = "csrf=\(csrf)&next=%2F&token=\(token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token)"
        let answer = try client.request("POST", "/login", token: nil, body: body, headers: ["Cookie: caseflow_login=\(loginCookie)"],
                                        contentType: "application/x-www-form-urlencoded")
        guard answer.status == 303, let session = cookie("caseflow_session", client.lastHeaders) else {
            throw BenchHTTPClient.Failure(description: "sign-in refused (\(answer.status)): \(answer.body.prefix(300))")
        }
        return session
    }

    static func cookie(_ name: String, _ headers: [String]) -> String? {
        for h in headers where h.lowercased().hasPrefix("set-cookie:") {
            let value = h.dropFirst("set-cookie:".count).trimmingCharacters(in: .whitespaces)
            if value.hasPrefix(name + "="), let first = value.split(separator: ";").first {
                return String(first.dropFirst(name.count + 1))
            }
        }
        return nil
    }
}
