import CaseflowServer
import CaseflowTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

struct DaemonError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// A real `caseflow serve` process, as ops run it, with a small HTTP client for its API.
final class Daemon: @unchecked Sendable {
    let port: Int
    let process: Process
    let log: URL
    let token: String

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The built `caseflow` next to the test bundle, else `.build/debug/caseflow`.
    static var executable: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("caseflow")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return repository.appendingPathComponent(".build/debug/caseflow")
    }

    /// Starts a daemon on a free loopback port and waits until it is ready.
    init(db: String, in setup: ClusterSetup, name: String, extra: [String] = []) async throws {
        token = setup.token
        log = setup.directory.appendingPathComponent("\(name).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        var lastError: (any Error)?
        for _ in 0..<5 {
            let port = Int.random(in: 20_000..<60_000)
            let p = Process()
            p.executableURL = Self.executable
            p.arguments = ["serve", "--db", db, "--listen", "127.0.0.1:\(port)", "--tokens", setup.tokens.path,
                           "--workflows", setup.workflows.path, "--policies", setup.policies.path, "--log-level", "warning"] + extra
            p.currentDirectoryURL = setup.directory
            let handle = try FileHandle(forWritingTo: log)
            handle.seekToEndOfFile()
            p.standardOutput = handle
            p.standardError = handle
            try p.run()
            do {
                try await Self.waitReady(port: port, process: p)
                self.port = port
                self.process = p
                return
            } catch {
                lastError = error
                if p.isRunning { p.terminate() }
                p.waitUntilExit()
            }
        }
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        throw DaemonError("daemon \(name) did not start: \(lastError.map { "\($0)" } ?? "?")\n\(text)")
    }

    private static func waitReady(port: Int, process: Process) async throws {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            guard process.isRunning else { throw DaemonError("exited with status \(process.terminationStatus)") }
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/readyz")!)
            request.timeoutInterval = 2
            if let (_, response) = try? await URLSession.shared.data(for: request),
               (response as? HTTPURLResponse)?.statusCode == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw DaemonError("not ready after 30 s")
    }

    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    /// One request; returns the status and the JSON body (nil when it is not an object).
    func send(_ method: String, _ path: String, _ body: [String: Any]? = nil,
              headers: [String: String] = [:]) async throws -> (status: Int, json: [String: Any]?) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.timeoutInterval = 30
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body {
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        return (status, try? JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}

/// A temporary directory with a workflow whose SLA runs out in seconds, its policies, and a token.
struct ClusterSetup: Sendable {
    let directory: URL
    let workflows: URL
    let policies: URL
    let tokens: URL
    var token: String

    /// Levels of the escalation ladder: each fires once per case.
    static let escalationLevels = 3

    static let workflow = """
        kind: workflow
        id: ticket
        version: 1
        roles: [agent]
        data:
          note: { type: string }
        start: triage
        stages:
          triage:
            role: agent
            sla: { due: 3s, warn: 50%, escalation: quick }
            next: done
          done: { end: done }
        """

    /// The same without clocks: no timer adds events between a test's steps.
    static let workflowWithoutClocks = workflow
        .replacingOccurrences(of: "id: ticket", with: "id: note")
        .replacingOccurrences(of: "    sla: { due: 3s, warn: 50%, escalation: quick }\n", with: "")

    static let policies = """
        kind: directory
        id: staff
        people:
          ann: { name: Ann, roles: [agent] }
        ---
        kind: escalation
        id: quick
        levels:
          - at: warn
            notify: [owner]
          - at: breach
            notify: [owner]
          - at: breach + 2s
            notify: [owner]
        """

    init() throws {
        directory = Scratch.path("caseflow-cluster")
        workflows = directory.appendingPathComponent("Workflows")
        policies = directory.appendingPathComponent("Policies")
        tokens = directory.appendingPathComponent("tokens")
        for dir in [workflows, policies] { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) }
        try Self.workflow.write(to: workflows.appendingPathComponent("ticket.yaml"), atomically: true, encoding: .utf8)
        try Self.workflowWithoutClocks.write(to: workflows.appendingPathComponent("note.yaml"), atomically: true, encoding: .utf8)
        try Self.policies.write(to: policies.appendingPathComponent("policies.yaml"), atomically: true, encoding: .utf8)
        let issued = TokenStore.issue(for: "ann")
        try (issued.line + "\n").write(to: tokens, atomically: true, encoding: .utf8)
        token = issued.token
    }
}
