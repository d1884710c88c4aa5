import Foundation
import Testing

/// Two daemons on one PostgreSQL database append to one ledger (no gaps, commit order) and sign
/// checkpoints with a shared key; a checkpoint verifies against the database, and a case deleted
/// behind their backs is named.
@Suite(.serialized, .enabled(if: TestDatabase.url != nil,
                             "CASEFLOW_TEST_POSTGRES is not set: run .ci/run, or point it at a server where the user may create databases"))
struct CheckpointClusterTests {
    @Test func checkpointsOfTwoDaemonsVerify() async throws {
        let setup = try ClusterSetup()
        let db = try await TestDatabase.fresh()
        let a = try await Daemon(db: db, in: setup, name: "a", extra: ["--checkpoint-interval", "1"])
        let b = try await Daemon(db: db, in: setup, name: "b", extra: ["--checkpoint-interval", "1"])
        var ids: [String] = []
        try await withThrowingTaskGroup(of: String?.self) { group in
            for i in 0..<40 {
                let daemon = i % 2 == 0 ? a : b
                group.addTask {
                    let (status, json) = try await daemon.send("POST", "/v1/cases", ["workflow": "ticket", "data": ["note": "n\(i)"]])
                    return status == 201 ? json?["id"] as? String : nil
                }
            }
            for try await id in group { if let id { ids.append(id) } }
        }
        #expect(ids.count == 40)
        let (status, _) = try await a.send("GET", "/v1/audit/checkpoints")
        #expect(status == 403)  // an agent: checkpoints are for admins and auditors
        // Both daemons run in one folder and share its key.
        let key = try Self.caseflow(["audit", "key", "--key", setup.directory.appendingPathComponent("caseflow-audit.key").path])
        #expect(key.status == 0)
        let publicKey = key.output.trimmingCharacters(in: .whitespacesAndNewlines)
        a.stop()
        b.stop()

        let latest = setup.directory.appendingPathComponent("caseflow-checkpoints/latest.json")
        let verify = try Self.caseflow(["verify", "--db", db, "--checkpoint", latest.path, "--public-key", publicKey,
                                        "--workflows", setup.workflows.path, "--policies", setup.policies.path])
        #expect(verify.status == 0, "\(verify.output)")
        #expect(verify.output.contains("checkpoint \(latest.path): ok ("))
        let data = try Data(contentsOf: latest)
        let size = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["size"] as? Int ?? 0
        #expect(size >= 40 * 3)   // every case's opening events: opened, stage entered, SLA started

        let proof = try Self.caseflow(["export", ids[7], "--proof", "--db", db, "--checkpoint", latest.path])
        #expect(proof.status == 0)

        try await TestDatabase.execute(db, [
            "ALTER TABLE events DISABLE TRIGGER USER",
            "DELETE FROM events WHERE case_id = '\(ids[3])'",
            "DELETE FROM cases WHERE id = '\(ids[3])'",
        ])
        let broken = try Self.caseflow(["verify", "--db", db, "--checkpoint", latest.path, "--public-key", publicKey,
                                        "--workflows", setup.workflows.path, "--policies", setup.policies.path])
        #expect(broken.status == 1)
        #expect(broken.output.contains("case \(ids[3]): deleted"))
    }

    static func caseflow(_ args: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = Daemon.executable
        p.arguments = args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
