import CaseflowServer
import CaseflowTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real `caseflow serve` on the shipped definitions, with tokens for the people the browser
/// tests sign in as, and the HTTP API beside it for the steps a test does not click through.
final class ConsoleSite: @unchecked Sendable {
    let root: URL
    let port = LoopbackPort.free()
    let tokens: [String: String]
    let process = Process()
    var url: String { "http://127.0.0.1:\(port)" }
    static let people = ["alice", "carl", "bob", "pat", "dana", "fay", "otto", "sam", "ada", "lena"]

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-console-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        var tokens: [String: String] = [:]
        var lines: [String] = []
        for person in Self.people {
            let (token, line) = TokenStore.issue(for: person)
            tokens[person] = token
            lines.append(line)
        }
        self.tokens = tokens
        try lines.joined(separator: "\n").write(to: root.appendingPathComponent("tokens"), atomically: true, encoding: .utf8)
    }

    /// `extraWorkflows`: more workflow files (name, YAML) beside the shipped ones.
    static func start(extraWorkflows: [(String, String)] = []) async throws -> ConsoleSite {
        let site = try ConsoleSite()
        let repo = CLIProcess.repository
        var workflows = repo.appendingPathComponent("Workflows")
        if !extraWorkflows.isEmpty {
            let copy = site.root.appendingPathComponent("Workflows")
            try FileManager.default.copyItem(at: workflows, to: copy)
            for (name, yaml) in extraWorkflows { try yaml.write(to: copy.appendingPathComponent(name), atomically: true, encoding: .utf8) }
            workflows = copy
        }
        site.process.executableURL = CLIProcess.executable
        site.process.arguments = ["serve", "--listen", "127.0.0.1:\(site.port)", "--db", site.root.appendingPathComponent("cases.db").path,
                                  "--workflows", workflows.path,
                                  "--policies", repo.appendingPathComponent("Policies").path,
                                  "--tokens", site.root.appendingPathComponent("tokens").path, "--log-level", "warning"]
        let log = site.root.appendingPathComponent("daemon.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        site.process.standardOutput = FileHandle.nullDevice
        site.process.standardError = try FileHandle(forWritingTo: log)
        try site.process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let (_, r) = try? await URLSession.shared.data(from: URL(string: "\(site.url)/readyz")!), (r as? HTTPURLResponse)?.statusCode == 200 {
                return site
            }
            guard site.process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        site.stop()
        throw NotReady(log: text)
    }

    struct NotReady: Error, CustomStringConvertible {
        var log: String
        var description: String { "caseflow serve did not become ready:\n\(log)" }
    }

    var log: String { (try? String(contentsOf: root.appendingPathComponent("daemon.log"), encoding: .utf8)) ?? "" }

    func stop() {
        // SIGKILL: a child started from a test thread may inherit SIGTERM blocked.
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: root)
    }

    /// A JSON API call as `person`.
    func api(_ method: String, _ path: String, as person: String, body: String? = nil) async throws -> (status: Int, json: [String: Any]) {
        var request = URLRequest(url: URL(string: url + path)!)
        request.httpMethod = method
        request.setValue("Bearer \(tokens[person] ?? "")", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = body.map { Data($0.utf8) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:])
    }

    /// A plain GET without following redirects' cookies: status, headers, body.
    func get(_ path: String, headers: [String: String] = [:]) async throws -> (status: Int, headers: [String: String], body: String) {
        var request = URLRequest(url: URL(string: url + path)!)
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        var h: [String: String] = [:]
        for (k, v) in http?.allHeaderFields ?? [:] { h[String(describing: k).lowercased()] = String(describing: v) }
        return (http?.statusCode ?? 0, h, String(decoding: data, as: UTF8.self))
    }
}

extension BrowserSession {
    /// Signs `person` in through the sign-in form and waits for the work page.
    func signIn(_ site: ConsoleSite, as person: String) async throws {
        try await deleteCookies()
        try await open(site.url + "/login")
        try await fill("#token", site.tokens[person] ?? "")
        try await find("#sign-in").click()
        _ = try await waitFor("#who")
    }

    /// Runs `body`; when it fails, the page as it was is kept as `failed-NAME.png` beside the
    /// other screenshots, to see what the browser saw.
    func keepingFailure(_ name: String, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch {
            _ = try? await screenshot(named: "failed-\(name)")
            throw error
        }
    }

    /// Clicks `css` and waits for the page the click leads to (a new document, not the one
    /// clicked on), then for `selector` on it: a wait for an element alone can find it on the page
    /// still shown while the post is under way.
    @discardableResult
    func clickThrough(_ css: String, until selector: String) async throws -> Element {
        try await executeScript("window.caseflowPageLeft = true")
        try await find(css).click()
        try await waitUntil("the page after clicking \(css)") {
            try await executeScript("return window.caseflowPageLeft === undefined && document.readyState === 'complete'").bool == true
        }
        return try await waitFor(selector)
    }

    /// The stage the case page shows ("" while a page is loading).
    func caseStage() async throws -> String {
        guard let shown = try await findAll("#case-stage").first else { return "" }
        return (try? await shown.attribute("data-stage")) ?? ""
    }
}
