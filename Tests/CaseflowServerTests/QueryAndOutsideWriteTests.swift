import CaseflowEngine
import CaseflowModel
import CaseflowServer
import CaseflowStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import CaseflowTestSupport

/// Query strings read as browsers and tools write them, refused where a route takes none, and a
/// case changed around the daemon (`caseflow migrate` on its SQLite file) judged as it now stands.
@Suite struct QueryAndOutsideWriteTests {
    static func open(_ client: any TestClientProtocol, _ d: TestDaemon, customer: String = "Acme") async throws -> String {
        let r = try await client.call(.post, "/v1/cases", as: "alice",
                                      body: #"{"workflow": "service-sales", "data": {"customer": "\#(customer)", "channel": "exhibition"}}"#, daemon: d)
        return try #require(r.json["id"] as? String, "\(r.text)")
    }

    /// `?dry_run=true` on a command or a batch was ignored, and the command done for real.
    @Test func aRouteThatTakesNoParametersRefusesThemAndDoesNothing() async throws {
        let d = try await TestDaemon()
        try await d.test { client in
            let id = try await Self.open(client, d)
            let before = try await client.call(.get, "/v1/cases/\(id)", as: "alice", daemon: d)
            let complete = try await client.call(.post, "/v1/cases/\(id)/complete?dry_run=true", as: "alice",
                                                 body: #"{"stage": "prospecting"}"#, daemon: d)
            #expect(complete.status == .badRequest, "\(complete.text)")
            #expect(complete.errorMessage?.hasPrefix("unknown parameter 'dry_run'") == true, "\(complete.text)")
            let after = try await client.call(.get, "/v1/cases/\(id)", as: "alice", daemon: d)
            #expect(after.json["stage"] as? String == "prospecting" && after.json["version"] as? Int == before.json["version"] as? Int)

            let spec = #"{"filter": {"workflow": "service-sales"}, "action": {"assign": {"to": "carl"}}}"#
            let batch = try await client.call(.post, "/v1/admin/batches?dry_run=true", as: "ada", body: spec, daemon: d)
            #expect(batch.status == .badRequest, "\(batch.text)")
            #expect(try await d.store.batches(status: nil, limit: 10).isEmpty, "no batch was started")
            #expect(try await client.call(.get, "/v1/cases/\(id)", as: "alice", daemon: d).json["assignee"] is NSNull)

            #expect(try await client.call(.get, "/v1/workflows/service-sales?version=1", as: "alice", daemon: d).status == .badRequest)
            #expect(try await client.call(.get, "/v1/cases/\(id)?bogus=1", as: "alice", daemon: d).status == .badRequest)
            // The routes that take parameters still take theirs.
            #expect(try await client.call(.get, "/v1/cases/\(id)/history?limit=5", as: "alice", daemon: d).status == .ok)
            #expect(try await client.call(.get, "/v1/cases?workflow=service-sales&limit=5", as: "alice", daemon: d).status == .ok)
            // A parameter given twice kept only its last value.
            let twice = try await client.call(.get, "/v1/cases?status=open&status=closed", as: "alice", daemon: d)
            #expect(twice.status == .badRequest && twice.errorMessage?.contains("'status' is given more than once") == true, "\(twice.text)")
        }
    }

    /// A stage, role or version no workflow has answered 200 with no cases, as if none stood there.
    @Test func aFilterValueNoWorkflowHasIsATypoNotAnEmptyList() async throws {
        let d = try await TestDaemon()
        try await d.test { client in
            _ = try await Self.open(client, d)
            let stage = try await client.call(.get, "/v1/cases?workflow=service-sales&stage=propsal", as: "alice", daemon: d)
            #expect(stage.status == .badRequest && stage.errorMessage == "no stage 'propsal' in workflow service-sales (did you mean 'proposal'?)",
                    "\(stage.text)")
            let role = try await client.call(.get, "/v1/cases?role=sales_repp", as: "alice", daemon: d)
            #expect(role.status == .badRequest && role.errorMessage?.hasPrefix("no role 'sales_repp' in any workflow") == true, "\(role.text)")
            let version = try await client.call(.get, "/v1/cases?workflow=service-sales&version=7", as: "alice", daemon: d)
            #expect(version.status == .badRequest && version.errorMessage?.hasPrefix("workflow service-sales has no version 7") == true, "\(version.text)")
            #expect(try await client.call(.get, "/v1/cases?workflow=service-sales&stage=proposal", as: "alice", daemon: d).status == .ok)
        }
    }

    /// A browser's GET form (the console's search) and most HTTP tools send a space as `+`.
    @Test func aSpaceSentAsPlusIsASpace() async throws {
        let d = try await TestDaemon()
        try await d.test { client in
            let id = try await Self.open(client, d)
            let plus = try await client.call(.get, "/v1/cases?workflow=service-sales&where=channel+%3D%3D+%22exhibition%22", as: "alice", daemon: d)
            #expect(plus.status == .ok, "\(plus.text)")
            #expect((plus.json["cases"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [id])
            // An encoded plus is a plus.
            let sum = try await client.call(.get, "/v1/cases?workflow=service-sales&where=size(customer)+%2B+1+%3D%3D+5", as: "alice", daemon: d)
            #expect(sum.status == .ok, "\(sum.text)")
            #expect((sum.json["cases"] as? [[String: Any]])?.count == 1, "\(sum.text)")
        }
    }

    /// `caseflow migrate` on the daemon's SQLite file moved a case the daemon had in memory: the
    /// daemon went on showing the old case and refused commands as if it stood where it was.
    @Test func aCaseMigratedAroundTheDaemonIsJudgedAsItNowStands() async throws {
        let dir = Scratch.path("caseflow-outside-write")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("cases.sqlite").path
        let d = try await TestDaemon(database: path)
        try await d.test { client in
            let id = try await Self.open(client, d)
            let read = try await client.call(.get, "/v1/cases/\(id)", as: "alice", daemon: d)
            let oldVersion = try #require(read.json["version"] as? Int)
            #expect((read.json["workflow"] as? [String: Any])?["version"] as? Int == 2)
            // A second case the daemon keeps, sent a command before anything reads it again.
            let second = try await Self.open(client, d)
            #expect(try await client.call(.get, "/v1/cases/\(second)", as: "alice", daemon: d).json["stage"] as? String == "prospecting")

            // What `caseflow migrate --db` does: a store of its own on the same file.
            let outside = try SQLiteStore(path: path)
            let engine = try d.daemon.cases.engine().engine
            let report = try await MigrationRunner(store: outside, engine: engine, clock: { d.clock.now }).run(
                MigrationJob(workflow: "service-sales", from: 2, to: 1, options: MigrationOptions(map: ["prospecting": "needs_survey"], reason: "qa"),
                             dryRun: false, by: "ada"))
            #expect(report.moved.count == 2, "\(report.refused)")

            // Meant for the stage the case now stands at: refused on the kept copy (still at
            // prospecting), so the daemon reads the case again and runs the command on it.
            let first = try await client.call(.post, "/v1/cases/\(second)/complete", as: "alice",
                                              body: #"{"stage": "needs_survey", "data": {"budget": 900000.0, "intent": 9}}"#, daemon: d)
            #expect(first.status == .ok, "\(first.text)")

            let now = try await client.call(.get, "/v1/cases/\(id)", as: "alice", daemon: d)
            #expect((now.json["workflow"] as? [String: Any])?["version"] as? Int == 1, "\(now.text)")
            #expect(now.json["stage"] as? String == "needs_survey", "\(now.text)")

            // The version read before the migration no longer matches: 412, as any stale If-Match.
            var h = HTTPFields()
            h[.ifMatch] = "\"\(oldVersion)\""
            let stale = try await client.call(.post, "/v1/cases/\(id)/data", as: "alice", body: #"{"data": {"budget": 5.0}}"#, headers: h, daemon: d)
            #expect(stale.status == .preconditionFailed, "\(stale.text)")

            let survey = try await client.call(.post, "/v1/cases/\(id)/complete", as: "alice",
                                               body: #"{"stage": "needs_survey", "data": {"budget": 900000.0, "intent": 9}}"#, daemon: d)
            #expect(survey.status == .ok, "\(survey.text)")
        }
    }
}
