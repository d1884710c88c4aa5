import CaseflowModel
import CaseflowServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing
import CaseflowTestSupport

/// Assignment that means something (claim, unassign, only the assignee completes) and tokens that
/// stop working when they expire or their person leaves the directory.
@Suite struct ClaimAndTokenAPITests {
    static let openAcme = #"{"workflow": "service-sales", "data": {"customer": "Acme", "channel": "referral"}}"#

    @Test func aClaimedStageIsTheAssigneesUntilGivenBack() async throws {
        let d = try await TestDaemon()
        try await d.test { client in
            let opened = try await client.call(.post, "/v1/cases", as: "alice", body: Self.openAcme, daemon: d)
            let id = try #require(opened.json["id"] as? String)
            let stage = #"{"stage": "prospecting"}"#
            let notRep = try await client.call(.post, "/v1/cases/\(id)/claim", as: "bob", body: stage, daemon: d)
            #expect(notRep.status == .forbidden && notRep.errorMessage?.contains("needs role sales_rep") == true)
            let claimed = try await client.call(.post, "/v1/cases/\(id)/claim", as: "alice", body: stage, daemon: d)
            #expect(claimed.status == .ok)
            #expect(claimed.json["assignee"] as? String == "alice")
            let again = try await client.call(.post, "/v1/cases/\(id)/claim", as: "carl", body: stage, daemon: d)
            #expect(again.status == .conflict && again.errorMessage?.contains("already assigned to alice") == true)
            let unbound = try await client.call(.post, "/v1/cases/\(id)/claim", as: "carl", body: "{}", daemon: d)
            #expect(unbound.status == .badRequest, "a claim says which stage it is for")

            // Others holding the role may no longer complete it: the refusal names the assignee.
            let other = try await client.call(.post, "/v1/cases/\(id)/complete", as: "carl", body: stage, daemon: d)
            #expect(other.status == .forbidden)
            #expect(other.errorMessage?.contains("assigned to alice") == true)
            #expect(try await client.call(.get, "/v1/cases/\(id)", as: "carl", daemon: d).json["stage"] as? String == "prospecting")

            let notHers = try await client.call(.post, "/v1/cases/\(id)/unassign", as: "carl", body: stage, daemon: d)
            #expect(notHers.status == .forbidden)
            let back = try await client.call(.post, "/v1/cases/\(id)/unassign", as: "alice", body: stage, daemon: d)
            #expect(back.status == .ok)
            #expect(back.json["assignee"] is NSNull || back.json["assignee"] == nil)
            #expect(try await client.call(.post, "/v1/cases/\(id)/unassign", as: "alice", body: stage, daemon: d).status == .conflict)
            #expect(try await client.call(.post, "/v1/cases/\(id)/claim", as: "carl", body: stage, daemon: d).status == .ok)
            let done = try await client.call(.post, "/v1/cases/\(id)/complete", as: "carl", body: stage, daemon: d)
            #expect(done.status == .ok)
            let history = try await client.call(.get, "/v1/cases/\(id)/history", as: "carl", daemon: d)
            let types = (history.json["events"] as? [[String: Any]] ?? []).compactMap { ($0["event"] as? [String: Any])?["type"] as? String }
            #expect(types.filter { $0 == "assigned" }.count == 2 && types.contains("unassigned"))
        }
    }

    /// One task of a stage taken by a person: only they (or an admin) complete it until they give
    /// it back; the assignment is kept in the snapshot and survives a restart.
    @Test func aClaimedTaskIsItsTakersUntilGivenBack() async throws {
        let dir = Scratch.path("caseflow-taskclaim")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("cases.sqlite").path
        let caseID = Mutex("")
        let d = try await TestDaemon(database: db)
        try await d.test { client in
            let opened = try await client.call(.post, "/v1/cases", as: "alice", body: Self.openAcme, daemon: d)
            let id = try #require(opened.json["id"] as? String)
            caseID.withLock { $0 = id }
            for (stage, data) in [("prospecting", "{}"), ("needs_survey", #"{"budget": 600000.0, "intent": 9}"#),
                                  ("needs_analysis", #"{"needs_summary": "two offices"}"#)] {
                let r = try await client.call(.post, "/v1/cases/\(id)/complete", as: "alice",
                                              body: #"{"stage": "\#(stage)", "data": \#(data)}"#, daemon: d)
                #expect(r.status == .ok, "\(stage): \(r.errorMessage ?? "")")
            }
            let task = #"{"stage": "proposal", "task": "internal_discussion"}"#
            let notHers = try await client.call(.post, "/v1/cases/\(id)/claim", as: "alice", body: task, daemon: d)
            #expect(notHers.status == .forbidden && notHers.errorMessage?.contains("needs role sales_manager") == true)
            let claimed = try await client.call(.post, "/v1/cases/\(id)/claim", as: "bob", body: task, daemon: d)
            #expect(claimed.status == .ok)
            let tasks = claimed.json["tasks"] as? [[String: Any]] ?? []
            #expect(tasks.first { $0["id"] as? String == "internal_discussion" }?["assignee"] as? String == "bob")
            #expect(claimed.json["assignee"] is NSNull || claimed.json["assignee"] == nil, "the stage itself stays unassigned")
            #expect(try await client.call(.post, "/v1/cases/\(id)/claim", as: "bella", body: task, daemon: d).status == .conflict)
            let refused = try await client.call(.post, "/v1/cases/\(id)/complete", as: "bella", body: task, daemon: d)
            #expect(refused.status == .forbidden && refused.errorMessage?.contains("assigned to bob") == true)
            // The queue shows who took it.
            let queue = try await client.call(.get, "/v1/tasks?role=sales_manager", as: "bella", daemon: d)
            let item = (queue.json["items"] as? [[String: Any]] ?? []).first { $0["case"] as? String == id }
            #expect(item?["assignee"] as? String == "bob")
        }
        // A new daemon on the same database reads the case from its snapshot, checked against its history.
        let again = try await TestDaemon(database: db)
        let id = caseID.withLock { $0 }
        try await again.test { client in
            let task = #"{"stage": "proposal", "task": "internal_discussion"}"#
            let refused = try await client.call(.post, "/v1/cases/\(id)/complete", as: "bella", body: task, daemon: again)
            #expect(refused.status == .forbidden && refused.errorMessage?.contains("assigned to bob") == true)
            #expect(try await client.call(.post, "/v1/cases/\(id)/unassign", as: "bella", body: task, daemon: again).status == .forbidden)
            #expect(try await client.call(.post, "/v1/cases/\(id)/unassign", as: "bob", body: task, daemon: again).status == .ok)
            #expect(try await client.call(.post, "/v1/cases/\(id)/claim", as: "bella", body: task, daemon: again).status == .ok)
            #expect(try await client.call(.post, "/v1/cases/\(id)/complete", as: "bella", body: task, daemon: again).status == .ok)
            let history = try await client.call(.get, "/v1/cases/\(id)/history", as: "bella", daemon: again)
            let events = (history.json["events"] as? [[String: Any]] ?? []).compactMap { $0["event"] as? [String: Any] }
            let takes = events.filter { $0["type"] as? String == "assigned" }.compactMap { ($0["data"] as? [String: Any])?["task"] as? String }
            #expect(takes == ["internal_discussion", "internal_discussion"])
            #expect(try await client.call(.get, "/v1/cases/\(id)/verify", as: "bella", daemon: again).json["intact"] as? Bool == true)
        }
    }

    @Test func expiredTokensAndTokensOfPeopleWhoLeftAreRefused() async throws {
        let d = try await TestDaemon()
        let past = Instant(seconds: Int64(Date().timeIntervalSince1970) - 60)
        let (expiredToken, expired) = TokenStore.make(for: "alice", name: "laptop", issued: past, expires: past)
        let (ghostToken, ghost) = TokenStore.make(for: "ghost")
        let (freshToken, fresh) = TokenStore.make(for: "carl", expires: Instant(seconds: past.seconds + 86_400))
        let file = d.folder.appendingPathComponent("tokens")
        let text = try String(contentsOf: file, encoding: .utf8) + "\n" + [expired, ghost, fresh].map(\.line).joined(separator: "\n")
        try text.write(to: file, atomically: true, encoding: .utf8)
        await d.daemon.reload(by: "test")
        try await d.test { client in
            func get(_ token: String) async throws -> Reply {
                try await client.execute(uri: "/v1/workflows", method: .get, headers: [.authorization: "Bearer \(token)"]) {
                    Reply(status: $0.status, text: String(buffer: $0.body), headers: $0.headers)
                }
            }
            let e = try await get(expiredToken)
            #expect(e.status == .unauthorized && e.errorMessage?.contains("expired") == true)
            let g = try await get(ghostToken)
            #expect(g.status == .unauthorized && g.errorMessage?.contains("ghost is no longer in the directory") == true)
            #expect(try await get(freshToken).status == .ok)
        }
    }
}

/// Repair: an admin moves a case to any stage of its workflow, with a reason in its history;
/// an ended case only when reopening is asked for.
@Suite struct RepairAPITests {
    @Test func anAdminMovesACaseAndReopensAnEndedOneOnlyWhenAsked() async throws {
        let d = try await TestDaemon()
        try await d.test { client in
            let opened = try await client.call(.post, "/v1/cases", as: "alice", body: ClaimAndTokenAPITests.openAcme, daemon: d)
            let id = try #require(opened.json["id"] as? String)
            _ = try await client.call(.post, "/v1/cases/\(id)/claim", as: "alice", body: #"{"stage": "prospecting"}"#, daemon: d)
            let notAdmin = try await client.call(.post, "/v1/admin/cases/\(id)/move", as: "alice",
                                                 body: #"{"to": "proposal", "reason": "skip"}"#, daemon: d)
            #expect(notAdmin.status == .forbidden)
            let noReason = try await client.call(.post, "/v1/admin/cases/\(id)/move", as: "ada", body: #"{"to": "proposal"}"#, daemon: d)
            #expect(noReason.status == .badRequest)
            let typo = try await client.call(.post, "/v1/admin/cases/\(id)/move", as: "ada",
                                             body: #"{"to": "proposl", "reason": "x"}"#, daemon: d)
            #expect(typo.status == .notFound && typo.errorMessage?.contains("proposal") == true)
            let moved = try await client.call(.post, "/v1/admin/cases/\(id)/move", as: "ada",
                                              body: #"{"to": "proposal", "reason": "survey done by phone"}"#, daemon: d)
            #expect(moved.status == .ok, "\(moved.text)")
            #expect(moved.json["stage"] as? String == "proposal")
            #expect(moved.json["assignee"] == nil || moved.json["assignee"] is NSNull, "a fresh visit")
            #expect((moved.json["sla"] as? [String: Any])?["state"] as? String != "none")

            let cancelled = try await client.call(.post, "/v1/cases/\(id)/cancel", as: "alice", body: #"{"reason": "lost"}"#, daemon: d)
            #expect(cancelled.status == .ok)
            let closed = try await client.call(.post, "/v1/admin/cases/\(id)/move", as: "ada",
                                               body: #"{"to": "proposal", "reason": "customer came back"}"#, daemon: d)
            #expect(closed.status == .conflict)
            // The refusal says how: it said "nothing more can be done to it", though a move can.
            #expect(closed.errorMessage?.hasSuffix("is cancelled; a move opens it again only when asked to (reopen: true)") == true,
                    "\(closed.text)")
            let reopened = try await client.call(.post, "/v1/admin/cases/\(id)/move", as: "ada",
                                                 body: #"{"to": "proposal", "reason": "customer came back", "reopen": true}"#, daemon: d)
            #expect(reopened.status == .ok && reopened.json["status"] as? String == "open", "\(reopened.text)")
            let history = try await client.call(.get, "/v1/cases/\(id)/history", as: "ada", daemon: d)
            let moves = (history.json["events"] as? [[String: Any]] ?? []).compactMap { $0["event"] as? [String: Any] }
                .filter { $0["type"] as? String == "moved" }
            #expect(moves.count == 2)
            #expect((moves.last?["data"] as? [String: Any])?["reason"] as? String == "customer came back")
            #expect(moves.last?["actor"] as? String == "ada" && moves.last?["role"] as? String == "admin")
            let verify = try await client.call(.get, "/v1/cases/\(id)/verify", as: "ada", daemon: d)
            #expect(verify.json["intact"] as? Bool == true)
        }
    }
}

/// Repair of data: an admin writes a field a passed gate protects, with a reason; nobody else can.
@Suite struct RepairDataAPITests {
    static let workflow = """
        kind: workflow
        id: deal
        version: 1
        roles: [sales_rep, sales_manager]
        data:
          amount: { type: number }
        start: quote
        stages:
          quote: { role: sales_rep, requires: [amount], next: approval }
          approval:
            gate: { approvers: [sales_manager], protects: [amount], on_reject: quote }
            next: delivery
          delivery: { role: sales_rep, next: done }
          done: { end: won }
        """

    @Test func anAdminRepairsAProtectedFieldWithAReason() async throws {
        let dir = Scratch.path("caseflow-repair")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Self.workflow.write(to: dir.appendingPathComponent("deal.yaml"), atomically: true, encoding: .utf8)
        let d = try await TestDaemon(paths: [dir.path, TestDaemon.repository.appendingPathComponent("Policies").path])
        try await d.test { client in
            let opened = try await client.call(.post, "/v1/cases", as: "alice", body: #"{"workflow": "deal", "data": {"amount": 100.0}}"#, daemon: d)
            let id = try #require(opened.json["id"] as? String, "\(opened.text)")
            #expect(try await client.call(.post, "/v1/cases/\(id)/complete", as: "alice", body: #"{"stage": "quote"}"#, daemon: d).status == .ok)
            #expect(try await client.call(.post, "/v1/cases/\(id)/approve", as: "bob", body: #"{"stage": "approval"}"#, daemon: d).status == .ok)
            let refused = try await client.call(.post, "/v1/cases/\(id)/data", as: "alice", body: #"{"data": {"amount": 90.0}}"#, daemon: d)
            #expect(refused.status == .conflict && refused.errorMessage?.contains("protected by the approval") == true)
            let notAdmin = try await client.call(.post, "/v1/admin/cases/\(id)/data", as: "alice",
                                                 body: #"{"data": {"amount": 90.0}, "reason": "typo"}"#, daemon: d)
            #expect(notAdmin.status == .forbidden)
            let badType = try await client.call(.post, "/v1/admin/cases/\(id)/data", as: "ada",
                                                body: #"{"data": {"amount": "ninety"}, "reason": "typo"}"#, daemon: d)
            #expect(badType.status == .unprocessableContent, "types still hold")
            let repaired = try await client.call(.post, "/v1/admin/cases/\(id)/data", as: "ada",
                                                 body: #"{"data": {"amount": 90.0}, "reason": "the approved quote had a typo"}"#, daemon: d)
            #expect(repaired.status == .ok, "\(repaired.text)")
            #expect((repaired.json["data"] as? [String: Any])?["amount"] as? Double == 90.0)
            #expect(repaired.json["stage"] as? String == "delivery", "a repair does not move the case")
            let history = try await client.call(.get, "/v1/cases/\(id)/history", as: "ada", daemon: d)
            let change = (history.json["events"] as? [[String: Any]] ?? []).compactMap { $0["event"] as? [String: Any] }.last
            #expect(change?["type"] as? String == "data_changed" && change?["actor"] as? String == "ada" && change?["role"] as? String == "admin")
            #expect(((change?["why"] as? [String: Any])?["text"] as? String ?? "\(change?["why"] ?? "")").contains("the approved quote had a typo"),
                    "\(String(describing: change))")
        }
    }
}
