import Foundation
import Testing

/// Daemons sharing a database keep the cases they have seen in memory, and use a kept case only
/// as the database has it: a read asks the database for the case's version first, and a command
/// based on a copy another daemon has since changed is run again on the case as stored.
@Suite(.serialized, .enabled(if: TestDatabase.url != nil,
                             "CASEFLOW_TEST_POSTGRES is not set: run .ci/run, or point it at a server where the user may create databases"))
struct SharedCacheClusterTests {
    @Test func aDaemonNeverActsOnOrShowsACaseAnotherDaemonChanged() async throws {
        let setup = try ClusterSetup()
        #expect(!ClusterSetup.workflowWithoutClocks.contains("sla:"))  // no timer moves the versions compared below
        let db = try await TestDatabase.fresh(options: ["pool": "4"])
        let a = try await Daemon(db: db, in: setup, name: "a")
        let b = try await Daemon(db: db, in: setup, name: "b")
        defer { a.stop(); b.stop() }

        let (opened, json) = try await a.send("POST", "/v1/cases", ["workflow": "note", "data": ["note": "from a"]])
        #expect(opened == 201)
        let id = try #require(json?["id"] as? String)
        #expect(try await a.send("GET", "/v1/cases/\(id)").status == 200)  // a keeps it now

        // b changes the case a keeps: a shows b's change.
        let (changed, byB) = try await b.send("POST", "/v1/cases/\(id)/data", ["data": ["note": "from b"]])
        #expect(changed == 200)
        let versionB = try #require(byB?["version"] as? Int)
        let (_, seenByA) = try await a.send("GET", "/v1/cases/\(id)")
        #expect((seenByA?["data"] as? [String: Any])?["note"] as? String == "from b")
        #expect(seenByA?["version"] as? Int == versionB)

        // b again; a command through a without If-Match lands on top of it, not on a's copy.
        #expect(try await b.send("POST", "/v1/cases/\(id)/data", ["data": ["note": "b again"]]).status == 200)
        let (onTop, byA) = try await a.send("POST", "/v1/cases/\(id)/data", ["data": ["note": "a on top"]])
        #expect(onTop == 200)
        #expect(byA?["version"] as? Int == versionB + 2)

        // If-Match with the version the database has is accepted by a daemon whose copy is older.
        let (_, third) = try await b.send("POST", "/v1/cases/\(id)/data", ["data": ["note": "b third"]])
        let current = try #require(third?["version"] as? Int)
        let (pinned, _) = try await a.send("POST", "/v1/cases/\(id)/data", ["data": ["note": "pinned"]],
                                           headers: ["If-Match": "\(current)"])
        #expect(pinned == 200)
        // ...and an old version is refused (412, as for any stale If-Match).
        let (old, refusal) = try await a.send("POST", "/v1/cases/\(id)/data", ["data": ["note": "old"]], headers: ["If-Match": "\(current)"])
        #expect(old == 412, "\(refusal ?? [:])")

        // b closes the case: a refuses to change it instead of writing on its open copy.
        let (_, now) = try await b.send("GET", "/v1/cases/\(id)")
        #expect(try await b.send("POST", "/v1/cases/\(id)/complete", ["stage": "triage"],
                                 headers: ["If-Match": "\(try #require(now?["version"] as? Int))"]).status == 200)
        let (closed, answer) = try await a.send("POST", "/v1/cases/\(id)/data", ["data": ["note": "too late"]])
        #expect(closed != 200, "\(answer ?? [:])")
        let (_, history) = try await b.send("GET", "/v1/cases/\(id)/history")
        let text = String(describing: history ?? [:])
        #expect(!text.contains("too late") && text.contains("pinned") && text.contains("a on top"))
    }
}
