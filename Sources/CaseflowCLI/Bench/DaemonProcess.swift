import CaseflowServer
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `caseflow serve` started as a child process on a temporary database and token file.
final class DaemonProcess {
    let process = Process()
    let port: Int
    let host = "127.0.0.1"
    let logFile: String

    /// Makes a token for each person (appended to `tokensFile`).
    static func issueTokens(_ people: [String], into tokensFile: String) throws -> [String: String] {
        var tokens: [String: String] = [:]
        var lines = "# caseflow bench tokens\n"
        for p in people {
            let (token, line) = TokenStore.issue(for: p)
            tokens[p] = token
            lines += line + "\n"
        }
        try Data(lines.utf8).write(to: URL(fileURLWithPath: tokensFile))
        return tokens
    }

    /// A free port on loopback.
    static func freePort() -> Int {
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { _ = Glibc.close(s) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(s, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    init(db: String, tokens: String, settings: BenchSettings, logFile: String) throws {
        port = Self.freePort()
        self.logFile = logFile
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["serve", "--listen", "\(host):\(port)", "--db", db, "--tokens", tokens,
                             "--workflows", settings.workflowsPath, "--policies", settings.policiesPath, "--log-level", "warning"]
            + (settings.caseCache.map { ["--case-cache", String($0)] } ?? [])
        FileManager.default.createFile(atPath: logFile, contents: nil)
        let log = FileHandle(forWritingAtPath: logFile)
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    var pid: String { "\(process.processIdentifier)" }

    /// Polls /readyz until it answers 200; returns the seconds since `since`.
    func waitUntilReady(since start: UInt64, timeout: Double = 600) throws -> Double {
        let client = BenchHTTPClient(host: host, port: port)
        while BenchSystem.seconds(since: start) < timeout {
            guard process.isRunning else {
                let log = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
                throw BenchHTTPClient.Failure(description: "the daemon stopped before it was ready:\n\(log.suffix(2000))")
            }
            if let r = try? client.request("GET", "/readyz", token: nil), r.status == 200 { return BenchSystem.seconds(since: start) }
            client.close()
            usleep(5_000)
        }
        throw BenchHTTPClient.Failure(description: "the daemon was not ready after \(Int(timeout)) s")
    }

    /// SIGTERM, then wait for it to end.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        for _ in 0..<200 where process.isRunning { usleep(50_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
