import CaseflowTestSupport
import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real daemon signs checkpoints at intervals and at shutdown; they verify across a restart.
/// Requests the HTTP parser cannot read get a JSON error too.
@Suite(.serialized) struct AuditDaemonTests {
    @Test func checkpointsSignedAcrossARestartVerify() async throws {
        let site = try DaemonSite()
        var daemon = try site.start(extra: ["--checkpoint-interval", "1"])
        try await daemon.waitReady()
        var ids: [String] = []
        for i in 0..<3 {
            let opened = try await daemon.request("POST", "/v1/cases", as: "ann", body: #"{"workflow": "quick", "data": {"note": "n\#(i)"}}"#)
            ids.append(try #require(opened.json["id"] as? String))
        }
        try await Task.sleep(for: .milliseconds(1500))
        let listed = try await daemon.request("GET", "/v1/audit/checkpoints", as: "ada")
        #expect(listed.status == 200)
        #expect(((listed.json["checkpoints"] as? [[String: Any]])?.first?["size"] as? Int ?? 0) > 0)
        let publicKey = try #require(listed.json["public_key"] as? String)
        #expect(try await daemon.request("GET", "/v1/audit/checkpoints", as: "ann").status == 403)
        daemon.stop()                                        // SIGTERM: one more checkpoint at shutdown

        daemon = try site.start(extra: ["--checkpoint-interval", "1"])
        try await daemon.waitReady()
        let done = try await daemon.request("POST", "/v1/cases/\(ids[0])/complete", as: "ann", body: #"{"stage": "work"}"#)
        #expect(done.status == 200)
        daemon.stop()

        let key = try CLIProcess.run(["audit", "key", "--db", site.db.path])
        #expect(key.status == 0)
        #expect(key.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == publicKey)
        // A mistyped database: no key is made beside it, and the message says what to give.
        let typo = site.root.appendingPathComponent("nowhere/cases.sqlite").path
        let mistyped = try CLIProcess.run(["audit", "key", "--db", typo])
        #expect(mistyped.status == 1 && mistyped.stdout.isEmpty)
        #expect(mistyped.stderr.contains("no database at \(typo)"), "\(mistyped.stderr)")
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("nowhere").path))
        let folder = site.root.appendingPathComponent("caseflow-checkpoints")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("checkpoint-") }.sorted()
        #expect(files.count >= 2)
        for file in [files.first!, files.last!, "latest.json"] {
            let r = try CLIProcess.run(["verify", "--db", site.db.path, "--checkpoint", folder.appendingPathComponent(file).path,
                                        "--public-key", publicKey, "--workflows", site.workflows.path, "--policies", site.policies.path])
            #expect(r.status == 0, "\(file): \(r.stdout)\(r.stderr)")
            #expect(r.stdout.contains("checkpoint ") && r.stdout.contains(": ok ("))
        }
        // The restart's command was signed at the second shutdown: the newest checkpoint covers more.
        func size(_ file: String) throws -> Int {
            let data = try Data(contentsOf: folder.appendingPathComponent(file))
            return (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["size"] as? Int ?? -1
        }
        #expect(try size("latest.json") > size(files.first!))
        #expect(try size("latest.json") == size(files.last!))
        let proof = try CLIProcess.run(["export", ids[0], "--proof", "--db", site.db.path])
        #expect(proof.status == 0)
        let proofFile = site.root.appendingPathComponent("proof.json")
        try proof.stdout.write(to: proofFile, atomically: true, encoding: .utf8)
        let offline = try CLIProcess.run(["verify", "--proof", proofFile.path, "--public-key", publicKey])
        #expect(offline.status == 0, "\(offline.stdout)\(offline.stderr)")
    }

    @Test func malformedAndOversizeRequestsGetAJSONError() async throws {
        let site = try DaemonSite()
        let daemon = try site.start()
        try await daemon.waitReady()
        defer { daemon.stop() }
        let garbage = try Self.raw(port: daemon.port, "THIS IS NOT HTTP\r\n\r\n")
        #expect(garbage.hasPrefix("HTTP/1.1 400"))
        #expect(garbage.contains("application/json"))
        #expect(garbage.contains(#""code":"bad_request""#))
        let big = try Self.raw(port: daemon.port, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "a", count: 100_000) + "\r\n\r\n")
        #expect(big.hasPrefix("HTTP/1.1 431"))
        #expect(big.contains(#""code":"headers_too_large""#))
        #expect(try await daemon.request("GET", "/healthz", as: "ann").status == 200)  // still serving
    }

    /// Sends bytes on a fresh connection and reads what comes back until the server closes it.
    static func raw(port: Int, _ text: String) throws -> String {
        let script = """
            import socket, sys
            s = socket.create_connection(("127.0.0.1", \(port)), timeout=10)
            s.sendall(sys.stdin.buffer.read())
            out = b""
            try:
                while True:
                    chunk = s.recv(65536)
                    if not chunk: break
                    out += chunk
            except Exception:
                pass
            sys.stdout.write(out.decode("utf-8", "replace"))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
