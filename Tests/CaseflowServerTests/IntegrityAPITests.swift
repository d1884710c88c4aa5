import CaseflowStore
import CaseflowTestSupport
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

/// The integrity rules of the API: commands bound to their stage, strict input, and a stored
/// snapshot that is checked against history before the daemon acts on it.
@Suite struct IntegrityAPITests {
    static let openAcme = #"{"workflow": "service-sales", "data": {"customer": "Acme", "channel": "referral"}}"#

    @Test func fiftyIdenticalCompletesMoveTheCaseOnce() async throws {
        let d = try await TestDaemon()
        try await d.test { client in
            let opened = try await client.call(.post, "/v1/cases", as: "alice", body: Self.openAcme, daemon: d)
            let id = try #require(opened.json["id"] as? String)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        try await client.call(.post, "/v1/cases/\(id)/complete", as: "alice", body: #"{"stage": "prospecting"}"#,
                                              daemon: d).status
                    }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .ok }.count == 1)
            #expect(statuses.filter { $0 == .conflict }.count == 49)
            let read = try await client.call(.get, "/v1/cases/\(id)", as: "alice", daemon: d)
            #expect(read.json["stage"] as? String == "needs_survey")

            let late = try await client.call(.post, "/v1/cases/\(id)/complete", as: "alice", body: #"{"stage": "prospecting"}"#, daemon: d)
            #expect(late.status == .conflict)
            #expect(late.errorMessage?.contains("meant for stage prospecting") == true)
            #expect(late.errorMessage?.contains("at stage needs_survey") == true)

            let unbound = try await client.call(.post, "/v1/cases/\(id)/complete", as: "alice", body: "{}", daemon: d)
            #expect(unbound.status == .badRequest)
            #expect(unbound.errorMessage?.contains("\"stage\"") == true)
            let version = try #require(read.json["version"] as? Int)
            let pinned = try await client.call(.post, "/v1/cases/\(id)/complete", as: "alice",
                                               body: #"{"data": {"budget": 800000, "intent": 8}}"#,
                                               headers: [.ifMatch: "\(version)"], daemon: d)
            #expect(pinned.status == .ok)
            #expect(pinned.json["stage"] as? String == "needs_analysis")

            let history = try await client.call(.get, "/v1/cases/\(id)/history", as: "otto", daemon: d)
            let events = try #require(history.json["events"] as? [[String: Any]])
            let completed = events.compactMap { $0["event"] as? [String: Any] }.filter { $0["type"] as? String == "stage_completed" && $0["actor"] as? String == "alice" }
            #expect(completed.count == 2)
            #expect(completed.allSatisfy { $0["role"] as? String == "sales_rep" })
        }
    }

    @Test func strictInputIsRefusedWithAJSONError() async throws {
        let d = try await TestDaemon()
        try await d.test { client in
            let dup = try await client.call(.post, "/v1/cases", as: "alice",
                                            body: #"{"workflow": "service-sales", "workflow": "after-sales-service", "data": {"customer": "A"}}"#, daemon: d)
            #expect(dup.status == .badRequest)
            #expect(dup.errorMessage?.contains("duplicate key 'workflow'") == true)
            let dupData = try await client.call(.post, "/v1/cases", as: "alice",
                                                body: #"{"workflow": "service-sales", "data": {"customer": "A", "customer": "B"}}"#, daemon: d)
            #expect(dupData.status == .badRequest)

            var bytes = Array(#"{"workflow": "service-sales", "data": {"customer": "A"#.utf8)
            bytes += [0xFF, 0xFE]
            bytes += Array(#""}}"#.utf8)
            let utf8 = try await client.call(.post, "/v1/cases", as: "alice", bytes: bytes, daemon: d)
            #expect(utf8.status == .badRequest)
            #expect(utf8.errorMessage?.contains("UTF-8") == true)

            let huge = try await client.call(.post, "/v1/cases", as: "alice",
                                             body: #"{"workflow": "service-sales", "data": {"customer": "A", "budget": 1e400}}"#, daemon: d)
            #expect(huge.status == .unprocessableContent)
            #expect(huge.errorMessage?.contains("data.budget") == true)

            let form = try await client.call(.post, "/v1/cases", as: "alice", body: Self.openAcme,
                                             headers: [.contentType: "application/x-www-form-urlencoded"], daemon: d)
            #expect(form.status == .unsupportedMediaType)
            #expect(form.errorCode == "unsupported_media_type")
            let charset = try await client.call(.post, "/v1/cases", as: "alice", body: Self.openAcme,
                                                headers: [.contentType: "application/json; charset=utf-8"], daemon: d)
            #expect(charset.status == .created)

            let flag = try await client.call(.get, "/v1/escalations?open=xyz", as: "alice", daemon: d)
            #expect(flag.status == .badRequest)
            #expect(flag.errorMessage?.contains("open must be true or false") == true)
            let breached = try await client.call(.get, "/v1/cases?breached=yes", as: "alice", daemon: d)
            #expect(breached.status == .badRequest)
        }
    }

    /// `cases.state` edited in the file while the daemon was stopped: the next daemon refuses
    /// the case (409, a metric) instead of serving the forged data or acting on it.
    /// A database file with Acme's case opened by a daemon that has since stopped.
    static func acmeOnFile(_ prefix: String) async throws -> (path: String, caseID: String) {
        let folder = try Scratch.folder(prefix)
        let path = folder.appendingPathComponent("caseflow.sqlite").path
        let opened = Mutex("")
        let first = try await TestDaemon(database: path)
        try await first.test { client in
            let reply = try await client.call(.post, "/v1/cases", as: "alice", body: Self.openAcme, daemon: first)
            let id = try #require(reply.json["id"] as? String)
            opened.withLock { $0 = id }
        }
        return (path, opened.withLock { $0 })
    }

    @Test func aForgedSnapshotIsRefused() async throws {
        let (path, caseID) = try await Self.acmeOnFile("caseflow-forged")
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "UPDATE cases SET state = replace(state, '\"Acme\"', '\"Evil Corp\"') WHERE id = ?", arguments: [caseID])
            #expect(db.changesCount == 1)
        }
        try queue.close()
        let second = try await TestDaemon(database: path)
        try await second.test { client in
            let read = try await client.call(.get, "/v1/cases/\(caseID)", as: "alice", daemon: second)
            #expect(read.status == .conflict)
            #expect(read.errorCode == "integrity")
            #expect(read.errorMessage?.contains("data.customer") == true)
            let act = try await client.call(.post, "/v1/cases/\(caseID)/complete", as: "alice", body: #"{"stage": "prospecting"}"#, daemon: second)
            #expect(act.status == .conflict)
            #expect(act.errorCode == "integrity")
            let metrics = try await client.call(.get, "/metrics", as: nil, daemon: second)
            #expect(metrics.text.contains("caseflow_integrity_failures_total 2"))
        }
    }

    /// Someone with write access rewrites the opening event and the snapshot to match, but cannot
    /// make the hashes: the daemon checks the chain before it acts, and says the history does not
    /// verify (it used to act on such a case, its snapshot agreeing with the forged history).
    @Test func aRewrittenHistoryWithAMatchingSnapshotIsRefused() async throws {
        let (path, caseID) = try await Self.acmeOnFile("caseflow-rewritten")
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "DROP TRIGGER events_no_update")
            try db.execute(sql: "UPDATE events SET body = replace(body, '\"Acme\"', '\"Evil Corp\"') WHERE case_id = ? AND seq = 1", arguments: [caseID])
            #expect(db.changesCount == 1)
            try db.execute(sql: "UPDATE cases SET state = replace(state, '\"Acme\"', '\"Evil Corp\"') WHERE id = ?", arguments: [caseID])
            #expect(db.changesCount == 1)
        }
        try queue.close()
        let second = try await TestDaemon(database: path)
        try await second.test { client in
            let act = try await client.call(.post, "/v1/cases/\(caseID)/data", as: "alice", body: #"{"data": {"budget": 1.0}}"#, daemon: second)
            #expect(act.status == .conflict, "\(act.text)")
            #expect(act.errorCode == "integrity")
            #expect(act.errorMessage?.contains("its history does not verify (the hash chain breaks at event 1: hash does not match its body") == true,
                    "\(act.text)")
            // An auditor still reads what was stored, told it does not verify (both were 409 integrity).
            let verify = try await client.call(.get, "/v1/cases/\(caseID)/verify", as: "otto", daemon: second)
            #expect(verify.status == .ok && verify.json["intact"] as? Bool == false && verify.json["first_broken"] as? Int == 1, "\(verify.text)")
            let history = try await client.call(.get, "/v1/cases/\(caseID)/history", as: "otto", daemon: second)
            #expect(history.status == .ok && history.json["intact"] as? Bool == false, "\(history.text)")
            #expect((history.json["problem"] as? String)?.contains("event 1") == true, "\(history.text)")
            #expect((history.json["events"] as? [Any])?.isEmpty == false)
        }
    }

    /// History edited under a running daemon that keeps the case in memory: a verify that finds it
    /// broken drops the case from memory, so the next command reads it again and is refused (the
    /// daemon said "not intact" and went on writing onto the broken chain).
    @Test func aCaseFoundBrokenByVerifyIsNotActedOnAfterwards() async throws {
        let folder = try Scratch.folder("caseflow-broken-cached")
        let path = folder.appendingPathComponent("caseflow.sqlite").path
        let d = try await TestDaemon(database: path)
        try await d.test { client in
            let opened = try await client.call(.post, "/v1/cases", as: "alice", body: Self.openAcme, daemon: d)
            let id = try #require(opened.json["id"] as? String)
            #expect(try await client.call(.get, "/v1/cases/\(id)", as: "alice", daemon: d).status == .ok)
            let queue = try DatabaseQueue(path: path)
            try await queue.write { db in
                try db.execute(sql: "DROP TRIGGER events_no_update")
                try db.execute(sql: "UPDATE events SET body = replace(body, '\"Acme\"', '\"Evil Corp\"') WHERE case_id = ? AND seq = 1", arguments: [id])
                #expect(db.changesCount == 1)
            }
            try queue.close()
            let intact = try await client.call(.get, "/v1/cases/\(id)/history", as: "otto", daemon: d)
            #expect(intact.status == .ok && intact.json["intact"] as? Bool == false, "\(intact.text)")
            let act = try await client.call(.post, "/v1/cases/\(id)/data", as: "alice", body: #"{"data": {"budget": 1.0}}"#, daemon: d)
            #expect(act.status == .conflict && act.errorCode == "integrity", "\(act.text)")
        }
    }
}
