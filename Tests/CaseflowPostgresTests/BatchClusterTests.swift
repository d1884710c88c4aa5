import CaseflowServer
import Foundation
import Testing

/// A bulk action on PostgreSQL that a stopped daemon left running, resumed by two daemons at once:
/// every case is acted on once, and the batch's counts agree.
@Suite(.serialized, .enabled(if: TestDatabase.url != nil)) struct BatchClusterTests {
    @Test func aRunningBatchResumedByTwoDaemonsActsOnceOnEveryCase() async throws {
        let setup = try Self.adminSetup()
        let db = try await TestDatabase.fresh()

        let first = try await Daemon(db: db, in: setup, name: "a")
        var ids: [String] = []
        for i in 0..<40 {
            let (status, json) = try await first.send("POST", "/v1/cases", ["workflow": "ticket", "data": ["note": "n\(i)"]])
            #expect(status == 201)
            if let id = json?["id"] as? String { ids.append(id) }
        }
        first.stop()
        // What a daemon stopped just after starting the batch leaves behind.
        let spec = #"{"filter": {"workflow": "ticket"}, "action": {"cancel": {"reason": "drill"}}}"#
        try await TestDatabase.execute(db, ["""
            INSERT INTO batches (id, created_at, created_by, spec, status, done, refused, cursor, updated_at)
            VALUES ('b-clusterdrill', 0, 'ada', '\(spec)', 'running', 0, 0, NULL, 0)
            """])

        async let a = Daemon(db: db, in: setup, name: "a2")
        async let b = Daemon(db: db, in: setup, name: "b")
        let (da, dbb) = try await (a, b)
        var batch: [String: Any] = [:]
        var results: [[String: Any]] = []
        for _ in 0..<300 {
            let answer = try await da.send("GET", "/v1/admin/batches/b-clusterdrill").json
            batch = (answer?["batch"] as? [String: Any]) ?? [:]
            results = (answer?["results"] as? [[String: Any]]) ?? []
            if batch["status"] as? String == "done" { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(batch["status"] as? String == "done", "\(batch)")
        let refused = results.filter { $0["outcome"] as? String != "done" }
        #expect(batch["done"] as? Int == 40 && batch["refused"] as? Int == 0, "\(batch); not done: \(refused)")
        for id in ids {
            let (_, history) = try await dbb.send("GET", "/v1/cases/\(id)/history")
            let types = (history?["events"] as? [[String: Any]] ?? []).compactMap { ($0["event"] as? [String: Any])?["type"] as? String }
            #expect(types.filter { $0 == "case_cancelled" }.count == 1, "case \(id) cancelled once")
        }
        da.stop()
        dbb.stop()
    }

    /// A batch leased by a daemon that is gone waits for its lease to run out, then another daemon
    /// takes it over and finishes it (without a restart).
    @Test func aBatchWhoseDaemonStoppedGoesOnOnAnotherOnceItsLeaseRunsOut() async throws {
        let setup = try Self.adminSetup()
        let db = try await TestDatabase.fresh()
        let daemon = try await Daemon(db: db, in: setup, name: "survivor")
        for i in 0..<10 {
            #expect(try await daemon.send("POST", "/v1/cases", ["workflow": "ticket", "data": ["note": "n\(i)"]]).status == 201)
        }
        let spec = #"{"filter": {"workflow": "ticket"}, "action": {"cancel": {"reason": "drill"}}}"#
        let leaseEnds = Int64(Date().timeIntervalSince1970 * 1000) + 12_000
        try await TestDatabase.execute(db, ["""
            INSERT INTO batches (id, created_at, created_by, spec, status, done, refused, cursor, updated_at, lease_owner, lease_until)
            VALUES ('b-orphan', 0, 'ada', '\(spec)', 'running', 0, 0, NULL, 0, 'daemon-gone', \(leaseEnds))
            """])
        func batch() async throws -> [String: Any] {
            (try await daemon.send("GET", "/v1/admin/batches/b-orphan").json?["batch"] as? [String: Any]) ?? [:]
        }
        // The gone daemon's lease still holds: nothing is done yet. (Checked only when the answer
        // came well before the lease ran out: a machine busy with other tests can stall longer.)
        try await Task.sleep(for: .seconds(3))
        let early = try await batch()
        if Int64(Date().timeIntervalSince1970 * 1000) < leaseEnds - 1_000 {
            #expect(early["status"] as? String == "running" && early["done"] as? Int == 0, "\(early)")
        }
        var late: [String: Any] = [:]
        for _ in 0..<450 {
            late = try await batch()
            if late["status"] as? String == "done" { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(late["status"] as? String == "done" && late["done"] as? Int == 10, "\(late)")
        daemon.stop()
    }

    /// The cluster's files with ada, an admin, in the directory and her token the one requests use.
    static func adminSetup() throws -> ClusterSetup {
        var setup = try ClusterSetup()
        let admin = TokenStore.issue(for: "ada")
        let tokens = try String(contentsOf: setup.tokens, encoding: .utf8) + admin.line + "\n"
        try tokens.write(to: setup.tokens, atomically: true, encoding: .utf8)
        let policies = ClusterSetup.policies.replacingOccurrences(of: "  ann: { name: Ann, roles: [agent] }",
                                                                  with: "  ann: { name: Ann, roles: [agent] }\n  ada: { name: Ada, roles: [admin] }")
        try policies.write(to: setup.policies.appendingPathComponent("policies.yaml"), atomically: true, encoding: .utf8)
        setup.token = admin.token
        return setup
    }
}
