import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Releases recorded on reload, an unbumped edit refused with the last good set kept, and
/// running cases moved to a new version over HTTP.
@Suite struct ReleaseAndMigrationAPITests {
    static func workflow(version: Int, due: String, review: Bool) -> String {
        """
        kind: workflow
        id: deal
        version: \(version)
        roles: [rep, boss]
        data:
          amount: { type: number, min: 0 }
        start: intake
        stages:
          intake:
            role: rep
            sla: { due: \(due) }
            next: \(review ? "review" : "won")
        \(review ? "  review: { role: boss, next: won }" : "")
          won: { end: won }
        """
    }

    static let people = """
        kind: directory
        id: staff
        people:
          alice: { name: Alice, roles: [rep] }
          bob: { name: Bob, roles: [boss] }
          ada: { name: Ada, roles: [admin] }
          otto: { name: Otto, roles: [auditor] }
        """

    @Test func reloadsRecordReleasesRefuseUnbumpedEditsAndCasesMigrate() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-rel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("w"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("p"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let v1 = dir.appendingPathComponent("w/deal.yaml")
        try Self.workflow(version: 1, due: "4h", review: false).write(to: v1, atomically: true, encoding: .utf8)
        try Self.people.write(to: dir.appendingPathComponent("p/people.yaml"), atomically: true, encoding: .utf8)
        let d = try await TestDaemon(paths: [dir.appendingPathComponent("w").path, dir.appendingPathComponent("p").path])
        try await d.test { client in
            var ids: [String] = []
            for i in 0..<3 {
                let opened = try await client.call(.post, "/v1/cases", as: "alice", body: #"{"workflow": "deal", "data": {"amount": \#(i)}}"#, daemon: d)
                ids.append(try #require(opened.json["id"] as? String))
            }
            var releases = try await client.call(.get, "/v1/admin/releases", as: "otto", daemon: d)
            #expect((releases.json["releases"] as? [[String: Any]])?.count == 1)
            #expect(try await client.call(.get, "/v1/admin/releases", as: "alice", daemon: d).status == .forbidden)

            // The same version with other content: refused, the last good set kept.
            try Self.workflow(version: 1, due: "8h", review: false).write(to: v1, atomically: true, encoding: .utf8)
            let refused = try await client.call(.post, "/v1/admin/reload", as: "ada", daemon: d)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.errorMessage?.contains("deal.yaml:3:10: error: deal version 1 is already released with other content; raise version to 2") == true)
            let stillOne = try await client.call(.get, "/v1/cases/\(ids[0])", as: "alice", daemon: d)
            #expect(stillOne.status == .ok)

            // Comments and layout are not content.
            try ("# the deal process\n" + Self.workflow(version: 1, due: "4h", review: false)).write(to: v1, atomically: true, encoding: .utf8)
            #expect(try await client.call(.post, "/v1/admin/reload", as: "ada", daemon: d).status == .ok)

            // Version 2 beside version 1: new cases open on it; running ones stay, then migrate.
            try Self.workflow(version: 2, due: "2h", review: true).write(to: dir.appendingPathComponent("w/deal-v2.yaml"), atomically: true, encoding: .utf8)
            #expect(try await client.call(.post, "/v1/admin/reload", as: "ada", daemon: d).status == .ok)
            releases = try await client.call(.get, "/v1/admin/releases", as: "ada", daemon: d)
            let list = try #require(releases.json["releases"] as? [[String: Any]])
            #expect(list.count == 3)
            #expect(list.first?["activated_by"] as? String == "ada")
            let third = try await client.call(.get, "/v1/admin/releases/3", as: "otto", daemon: d)
            #expect(((third.json["files"] as? [[String: Any]])?.compactMap { $0["text"] as? String } ?? []).contains { $0.contains("version: 2") })

            let dry = try await client.call(.post, "/v1/admin/migrations", as: "ada",
                                            body: #"{"workflow": "deal", "from": 1, "to": 2, "dry_run": true, "where": "amount >= 1.0"}"#, daemon: d)
            #expect(dry.status == .ok)
            #expect(dry.json["would_migrate"] as? Int == 2)
            #expect(dry.json["not_matching"] as? Int == 1)
            // A dry run a page at a time: `next` goes on where the page stopped (without it, each
            // call answered the same first page, since a dry run moves nothing), each case counted once.
            var listed: [String] = []
            var notMatching = 0, calls = 0
            var after: String?
            repeat {
                let body = #"{"workflow": "deal", "from": 1, "to": 2, "dry_run": true, "where": "amount >= 1.0", "limit": 1"#
                    + (after.map { #", "after": "\#($0)""# } ?? "") + "}"
                let page = try await client.call(.post, "/v1/admin/migrations", as: "ada", body: body, daemon: d)
                #expect(page.status == .ok, "\(page.text)")
                listed += (page.json["cases"] as? [[String: Any]] ?? []).compactMap { $0["case"] as? String }
                notMatching += page.json["not_matching"] as? Int ?? 0
                after = page.json["remaining"] as? Bool == true ? page.json["next"] as? String : nil
                calls += 1
            } while after != nil && calls < 10
            #expect(listed.sorted() == [ids[1], ids[2]].sorted(), "\(listed)")
            #expect(notMatching == 1)
            #expect(calls == 2)
            // A cursor that names no case of the workflow skipped cases, or said nothing remained.
            let badCursor = try await client.call(.post, "/v1/admin/migrations", as: "ada",
                                                  body: #"{"workflow": "deal", "from": 1, "to": 2, "dry_run": true, "after": "c-zzzz"}"#, daemon: d)
            #expect(badCursor.status == .badRequest && badCursor.text.contains("no case c-zzzz of workflow deal"), "\(badCursor.text)")
            // A `where` that does not compile is a 400 that says where, as on batches and the search (it was a 422).
            let badWhere = try await client.call(.post, "/v1/admin/migrations", as: "ada",
                                                 body: #"{"workflow": "deal", "from": 1, "to": 2, "dry_run": true, "where": "amount >"}"#, daemon: d)
            #expect(badWhere.status == .badRequest, "\(badWhere.text)")
            let badLimit = try await client.call(.post, "/v1/admin/migrations", as: "ada",
                                                 body: #"{"workflow": "deal", "from": 1, "to": 2, "dry_run": true, "limit": "5"}"#, daemon: d)
            #expect(badLimit.status == .badRequest && badLimit.text.contains("'limit' must be a whole number of cases"), "\(badLimit.text)")
            #expect(try await client.call(.get, "/v1/cases/\(ids[1])", as: "alice", daemon: d).json["workflow"].flatMap { ($0 as? [String: Any])?["version"] as? Int } == 1)
            #expect(try await client.call(.post, "/v1/admin/migrations", as: "alice",
                                          body: #"{"workflow": "deal", "from": 1, "to": 2}"#, daemon: d).status == .forbidden)
            let run = try await client.call(.post, "/v1/admin/migrations", as: "ada",
                                            body: #"{"workflow": "deal", "from": 1, "to": 2, "reason": "review step"}"#, daemon: d)
            #expect(run.json["migrated"] as? Int == 3)
            let again = try await client.call(.post, "/v1/admin/migrations", as: "ada",
                                              body: #"{"workflow": "deal", "from": 1, "to": 2}"#, daemon: d)
            #expect(again.json["migrated"] as? Int == 0)
            #expect(again.json["already_migrated"] as? Int == 3)

            let moved = try await client.call(.get, "/v1/cases/\(ids[0])", as: "alice", daemon: d)
            #expect((moved.json["workflow"] as? [String: Any])?["version"] as? Int == 2)
            let done = try await client.call(.post, "/v1/cases/\(ids[0])/complete", as: "alice", body: #"{"stage": "intake"}"#, daemon: d)
            #expect(done.json["stage"] as? String == "review")  // version 2's new stage
            let history = try await client.call(.get, "/v1/cases/\(ids[0])/history", as: "otto", daemon: d)
            let events = (history.json["events"] as? [[String: Any]] ?? []).compactMap { $0["event"] as? [String: Any] }
            #expect(events.first?["release"] as? Int == 1)
            let migrated = try #require(events.first { $0["type"] as? String == "migrated" })
            #expect(migrated["release"] as? Int == 3)
            #expect(migrated["actor"] as? String == "ada")
            #expect((migrated["data"] as? [String: Any])?["reason"] as? String == "review step")
            let verify = try await client.call(.get, "/v1/cases/\(ids[0])/verify", as: "otto", daemon: d)
            #expect(verify.json["intact"] as? Bool == true)
        }
    }
}
