import CaseflowModel
import CaseflowServer
import CaseflowStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import CaseflowTestSupport

/// Bulk actions: a dry run, a batch in the background with its progress and per-case results,
/// refusals recorded, and a batch resumed after a stop that never acts twice on a case.
@Suite struct BatchAPITests {
    static func open(_ n: Int, _ client: any TestClientProtocol, _ d: TestDaemon) async throws -> [String] {
        var ids: [String] = []
        for i in 0..<n {
            let body = #"{"workflow": "service-sales", "data": {"customer": "Lead \#(i)", "channel": "exhibition"}}"#
            let r = try await client.call(.post, "/v1/cases", as: "alice", body: body, daemon: d)
            ids.append(try #require(r.json["id"] as? String))
        }
        return ids.sorted()
    }

    static func waitDone(_ id: String, _ client: any TestClientProtocol, _ d: TestDaemon) async throws -> Reply {
        for _ in 0..<200 {
            let r = try await client.call(.get, "/v1/admin/batches/\(id)", as: "ada", daemon: d)
            if (r.json["batch"] as? [String: Any])?["status"] as? String == "done" { return r }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("batch \(id) did not finish")
        throw CancellationError()
    }

    /// The list of batches showed the newest 100 and no more; it is paged like every other list.
    @Test func theListOfBatchesIsPaged() async throws {
        let d = try await TestDaemon()
        try await d.test { client in
            _ = try await Self.open(2, client, d)
            let spec = #"{"filter": {"workflow": "service-sales"}, "action": {"assign": {"to": "carl"}}}"#
            var started: [String] = []
            for _ in 0..<3 {
                let r = try await client.call(.post, "/v1/admin/batches", as: "ada", body: spec, daemon: d)
                #expect(r.status == .accepted, "\(r.text)")
                let id = try #require((r.json["batch"] as? [String: Any])?["id"] as? String ?? r.json["id"] as? String)
                _ = try await Self.waitDone(id, client, d)
                started.append(id)
                d.advance(1_000)
            }
            let first = try await client.call(.get, "/v1/admin/batches?limit=2", as: "ada", daemon: d)
            #expect(first.status == .ok, "\(first.text)")
            let firstIDs = (first.json["batches"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(firstIDs == [started[2], started[1]])
            let next = try #require(first.json["next"] as? String)
            let second = try await client.call(.get, "/v1/admin/batches?limit=2&before=\(next)", as: "ada", daemon: d)
            #expect((second.json["batches"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } == [started[0]])
            #expect(second.json["next"] is NSNull, "\(second.text)")
            let all = try await client.call(.get, "/v1/admin/batches", as: "ada", daemon: d)
            #expect((all.json["batches"] as? [Any])?.count == 3)
            // A full last page says so: no `next` that leads to an empty page.
            let exact = try await client.call(.get, "/v1/admin/batches?limit=3", as: "ada", daemon: d)
            #expect((exact.json["batches"] as? [Any])?.count == 3 && exact.json["next"] is NSNull, "\(exact.text)")

            let unknown = try await client.call(.get, "/v1/admin/batches?before=b-nobody", as: "ada", daemon: d)
            #expect(unknown.status == .badRequest && unknown.text.contains("b-nobody"), "\(unknown.text)")
            let typo = try await client.call(.get, "/v1/admin/batches?limt=2", as: "ada", daemon: d)
            #expect(typo.status == .badRequest && typo.text.contains("limt"), "\(typo.text)")
            let tooMany = try await client.call(.get, "/v1/admin/batches?limit=5000", as: "ada", daemon: d)
            #expect(tooMany.status == .badRequest, "\(tooMany.text)")
        }
    }

    @Test func dryRunThenABatchThatAssignsAndOneThatIsRefused() async throws {
        let d = try await TestDaemon()
        try await d.test { client in
            let ids = try await Self.open(12, client, d)
            let spec = #"{"filter": {"workflow": "service-sales", "where": "channel == \"exhibition\""}, "action": {"assign": {"to": "carl"}}}"#
            let dry = try await client.call(.post, "/v1/admin/batches", as: "ada", body: String(spec.dropLast()) + #", "dry_run": true}"#, daemon: d)
            #expect(dry.status == .ok, "\(dry.text)")
            #expect(dry.json["count"] as? Int == 12 && (dry.json["sample"] as? [String])?.count == 10 && dry.json["complete"] as? Bool == true)
            #expect(try await client.call(.get, "/v1/cases/\(ids[0])", as: "alice", daemon: d).json["assignee"] is NSNull,
                    "a dry run changes nothing")
            #expect(try await client.call(.post, "/v1/admin/batches", as: "alice", body: spec, daemon: d).status == .forbidden)
            let noFilter = try await client.call(.post, "/v1/admin/batches", as: "ada", body: #"{"action": {"cancel": {"reason": "x"}}}"#, daemon: d)
            #expect(noFilter.status == .badRequest && noFilter.errorMessage?.contains("needs a filter") == true)

            let started = try await client.call(.post, "/v1/admin/batches", as: "ada", body: spec, daemon: d)
            #expect(started.status == .accepted, "\(started.text)")
            let id = try #require((started.json["batch"] as? [String: Any])?["id"] as? String)
            let done = try await Self.waitDone(id, client, d)
            #expect((done.json["batch"] as? [String: Any])?["done"] as? Int == 12)
            #expect((done.json["results"] as? [[String: Any]])?.count == 12)
            for case_ in ids {
                #expect(try await client.call(.get, "/v1/cases/\(case_)", as: "carl", daemon: d).json["assignee"] as? String == "carl")
            }

            let refusedSpec = #"{"filter": {"workflow": "service-sales"}, "action": {"assign": {"to": "bob"}}}"#
            let refusedStart = try await client.call(.post, "/v1/admin/batches", as: "ada", body: refusedSpec, daemon: d)
            let refusedID = try #require((refusedStart.json["batch"] as? [String: Any])?["id"] as? String)
            let refused = try await Self.waitDone(refusedID, client, d)
            #expect((refused.json["batch"] as? [String: Any])?["refused"] as? Int == 12)
            let first = (refused.json["results"] as? [[String: Any]])?.first
            #expect(first?["outcome"] as? String == "refused" && (first?["message"] as? String)?.contains("bob does not hold role sales_rep") == true)
        }
    }

    /// An action no case could take is refused before anything runs, on a dry run and on a start
    /// (a batch used to start, then refuse every case one by one).
    @Test func anActionThatCannotSucceedIsRefusedUpFront() async throws {
        let d = try await TestDaemon()
        try await d.test { client in
            _ = try await Self.open(2, client, d)
            let cases: [(action: String, message: String)] = [
                (#"{"move": {"to": "nope", "reason": "r"}}"#, "action move: no stage 'nope' in workflow service-sales"),
                (#"{"assign": {"to": "nobody"}}"#, "action assign: no person 'nobody' in the directory"),
                (#"{"set": {"data": {"intent": "high"}}}"#, "action set: intent: expected an int"),
                (#"{"set": {"data": {"budgett": 1.0}}}"#, "action set: no field 'budgett' in workflow service-sales (did you mean 'budget'?)"),
                (#"{"migrate": {"to": 99}}"#, "action migrate: workflow service-sales has no version 99"),
                // A migration's data that no case could take (each case was refused one by one).
                (#"{"migrate": {"to": 2, "set": {"budgett": 1.0}}}"#,
                 "action migrate: set budgett: version 2 of service-sales has no field 'budgett' (did you mean 'budget'?)"),
                (#"{"migrate": {"to": 2, "set": {"priority": "urgent"}}}"#, #"action migrate: set priority: the text "urgent" is not one of"#),
                // Of the field's type but outside what it takes: every case would refuse it.
                (#"{"set": {"data": {"priority": "urgent"}}}"#, #"action set: priority: the text "urgent" is not one of"#),
                (#"{"set": {"data": {"intent": 99}}}"#, "action set: intent: 99 is above the maximum 10.0"),
            ]
            for (action, message) in cases {
                let version = action.contains("migrate") ? #", "version": "1""# : ""
                let spec = #"{"filter": {"workflow": "service-sales"\#(version)}, "action": \#(action)"#
                let dry = try await client.call(.post, "/v1/admin/batches", as: "ada", body: spec + #", "dry_run": true}"#, daemon: d)
                #expect(dry.status == .badRequest, "\(action): \(dry.text)")
                #expect(dry.errorMessage?.hasPrefix(message) == true, "\(action): \(dry.text)")
                let start = try await client.call(.post, "/v1/admin/batches", as: "ada", body: spec + "}", daemon: d)
                #expect(start.status == .badRequest, "\(action): \(start.text)")
            }
            // Malformed JSON says what is wrong with it, as on every other route.
            let duplicate = try await client.call(.post, "/v1/admin/batches", as: "ada",
                                                  body: #"{"filter": {"stage": "a", "stage": "b"}, "action": {"assign": {"to": "carl"}}}"#, daemon: d)
            #expect(duplicate.status == .badRequest && duplicate.errorMessage?.hasPrefix("malformed JSON: duplicate key") == true, "\(duplicate.text)")
            #expect(try await d.store.batches(status: nil, limit: 10).isEmpty, "no batch was recorded")
        }
    }

    @Test func aResumedBatchNeverActsTwiceOnACase() async throws {
        let dir = Scratch.path("caseflow-batch")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let d = try await TestDaemon(database: dir.appendingPathComponent("cases.sqlite").path)
        try await d.test { client in
            let ids = try await Self.open(10, client, d)
            // A daemon stopped mid-batch: progress recorded up to the 4th case, the 5th acted on but not recorded.
            let spec = #"{"filter": {"workflow": "service-sales"}, "action": {"assign": {"to": "carl"}}}"#
            let now = d.clock.now
            let batch = StoredBatch(id: "b-resumetest", createdAt: now, createdBy: "ada", spec: spec, status: "running", done: 4,
                                    refused: 0, cursor: ids[3], updatedAt: now)
            try await d.store.recordBatch(batch, results: ids.prefix(4).map { BatchResult(caseID: $0, outcome: "done", message: nil) })
            // The stopped daemon's lease has 30 s to run: alone on its SQLite file, this daemon takes
            // the batch over at once (it waited for the lease to run out).
            #expect(try await d.store.leaseBatch(id: "b-resumetest", owner: "daemon-stopped", until: Instant(millis: now.millis + 30_000), now: now))
            _ = try await d.daemon.cases.handle(.assign(to: "carl"), on: ids[4], by: "ada", ifMatch: nil,
                                                receipt: Receipt(key: "batch:b-resumetest:\(ids[4])", fingerprint: "batch b-resumetest"))
            await d.daemon.batches.resumeAll()
            let done = try await Self.waitDone("b-resumetest", client, d)
            #expect((done.json["batch"] as? [String: Any])?["done"] as? Int == 10)
            let history = try await client.call(.get, "/v1/cases/\(ids[4])/history", as: "ada", daemon: d)
            let assigned = (history.json["events"] as? [[String: Any]] ?? []).filter { ($0["event"] as? [String: Any])?["type"] as? String == "assigned" }
            #expect(assigned.count == 1, "the case acted on before the stop is not acted on again")
            #expect(try await client.call(.get, "/v1/cases/\(ids[0])", as: "ada", daemon: d).json["assignee"] is NSNull,
                    "cases before the cursor were done by the stopped run (here: left as they were)")
            #expect(try await client.call(.get, "/v1/cases/\(ids[9])", as: "ada", daemon: d).json["assignee"] as? String == "carl")
        }
    }

    /// A daemon stopped half way through a page of a cancel batch: the cases it cancelled no longer
    /// match `status=open`, yet the resumed batch counts every one of them once.
    @Test func aResumedBatchCountsCasesItsFilterNoLongerFinds() async throws {
        let dir = Scratch.path("caseflow-batch")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let d = try await TestDaemon(database: dir.appendingPathComponent("cases.sqlite").path)
        try await d.test { client in
            let ids = try await Self.open(6, client, d)
            let spec = #"{"filter": {"workflow": "service-sales", "status": "open"}, "action": {"cancel": {"reason": "drill"}}}"#
            let now = d.clock.now
            let batch = StoredBatch(id: "b-pendingtest", createdAt: now, createdBy: "ada", spec: spec, status: "running", done: 0,
                                    refused: 0, cursor: nil, updatedAt: now)
            // The page was remembered as pending, then its first three cases cancelled before the stop.
            try await d.store.recordBatch(batch, results: ids.map { BatchResult(caseID: $0, outcome: BatchResult.pending, message: nil) })
            for id in ids.prefix(3) {
                _ = try await d.daemon.cases.handle(.cancel(reason: "drill"), on: id, by: "ada", ifMatch: nil,
                                                    receipt: Receipt(key: "batch:b-pendingtest:\(id)", fingerprint: "batch b-pendingtest"))
            }
            await d.daemon.batches.resumeAll()
            let done = try await Self.waitDone("b-pendingtest", client, d)
            let figures = done.json["batch"] as? [String: Any]
            #expect(figures?["done"] as? Int == 6 && figures?["refused"] as? Int == 0, "\(String(describing: figures))")
            for id in ids {
                let history = try await client.call(.get, "/v1/cases/\(id)/history", as: "ada", daemon: d)
                let cancels = (history.json["events"] as? [[String: Any]] ?? []).filter { ($0["event"] as? [String: Any])?["type"] as? String == "case_cancelled" }
                #expect(cancels.count == 1)
            }
        }
    }
}

/// A batch that moves running cases to another version of their workflow.
@Suite struct BatchMigrateAPITests {
    @Test func aBatchMigratesTheCasesItsFilterFinds() async throws {
        let dir = Scratch.path("caseflow-bmig")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("w"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("p"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try ReleaseAndMigrationAPITests.workflow(version: 1, due: "4h", review: false)
            .write(to: dir.appendingPathComponent("w/deal.yaml"), atomically: true, encoding: .utf8)
        try ReleaseAndMigrationAPITests.people.write(to: dir.appendingPathComponent("p/people.yaml"), atomically: true, encoding: .utf8)
        let d = try await TestDaemon(paths: [dir.appendingPathComponent("w").path, dir.appendingPathComponent("p").path])
        try await d.test { client in
            var ids: [String] = []
            for i in 0..<4 {
                let opened = try await client.call(.post, "/v1/cases", as: "alice", body: #"{"workflow": "deal", "data": {"amount": \#(i)}}"#, daemon: d)
                ids.append(try #require(opened.json["id"] as? String))
            }
            try ReleaseAndMigrationAPITests.workflow(version: 2, due: "2h", review: true)
                .write(to: dir.appendingPathComponent("w/deal-v2.yaml"), atomically: true, encoding: .utf8)
            #expect(try await client.call(.post, "/v1/admin/reload", as: "ada", daemon: d).status == .ok)
            let noVersion = try await client.call(.post, "/v1/admin/batches", as: "ada",
                                                  body: #"{"filter": {"workflow": "deal"}, "action": {"migrate": {"to": 2}}}"#, daemon: d)
            #expect(noVersion.status == .badRequest && noVersion.errorMessage?.contains("filter.version") == true)
            let spec = #"{"filter": {"workflow": "deal", "version": "1", "where": "amount >= 2.0"}, "action": {"migrate": {"to": 2, "reason": "review step"}}}"#
            let started = try await client.call(.post, "/v1/admin/batches", as: "ada", body: spec, daemon: d)
            let id = try #require((started.json["batch"] as? [String: Any])?["id"] as? String, "\(started.text)")
            let done = try await BatchAPITests.waitDone(id, client, d)
            #expect((done.json["batch"] as? [String: Any])?["done"] as? Int == 2, "\(done.text)")
            for (i, case_) in ids.enumerated() {
                let version = (try await client.call(.get, "/v1/cases/\(case_)", as: "alice", daemon: d).json["workflow"] as? [String: Any])?["version"] as? Int
                #expect(version == (i >= 2 ? 2 : 1))
            }
        }
    }
}
