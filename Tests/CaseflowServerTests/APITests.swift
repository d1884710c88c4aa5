import CaseflowServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct APITests {
    static let openAcme = #"{"workflow": "service-sales", "data": {"customer": "Acme", "channel": "referral"}}"#

    @Test func everyRequestNeedsAKnownToken() async throws {
        let d = try await TestDaemon()
        try await d.test { client in
            let none = try await client.call(.get, "/v1/workflows", as: nil, daemon: d)
            #expect(none.status == .unauthorized)
            #expect(none.errorCode == "unauthorized")
            #expect(none.headers[.wwwAuthenticate] == "Bearer")
            let forged = try await client.call(.get, "/v1/workflows", as: nil, headers: [.authorization: "Bearer cf_nope"], daemon: d)
            #expect(forged.status == .unauthorized)
            let health = try await client.call(.get, "/healthz", as: nil, daemon: d)
            #expect(health.status == .ok)
        }
    }

    @Test func openReadAndCommandACase() async throws {
        let d = try await TestDaemon()
        try await d.test { client in
            let opened = try await client.call(.post, "/v1/cases", as: "alice", body: Self.openAcme, daemon: d)
            #expect(opened.status == .created)
            let id = try #require(opened.json["id"] as? String)
            #expect(opened.json["stage"] as? String == "prospecting")
            #expect((opened.json["data"] as? [String: Any])?["customer"] as? String == "Acme")
            #expect((opened.json["data"] as? [String: Any])?["payment_terms"] as? String == "30d")  // as people write it
            #expect(((opened.json["workflow"] as? [String: Any])?["definition"] as? String)?.count == 64)
            let version = try #require(opened.json["version"] as? Int)
            #expect(opened.headers[.eTag] == "\"\(version)\"")

            let read = try await client.call(.get, "/v1/cases/\(id)", as: "bob", daemon: d)
            #expect(read.status == .ok)
            #expect(read.json["status"] as? String == "open")

            d.advance(3_600_000)
            let done = try await client.call(.post, "/v1/cases/\(id)/complete", as: "alice", body: #"{"stage": "prospecting"}"#, daemon: d)
            #expect(done.status == .ok)
            #expect(done.json["stage"] as? String == "needs_survey")

            let survey = try await client.call(.post, "/v1/cases/\(id)/complete", as: "alice",
                                               body: #"{"stage": "needs_survey", "data": {"budget": 800000, "intent": 8}}"#, daemon: d)
            #expect(survey.status == .ok)
            #expect(survey.json["stage"] as? String == "needs_analysis")
            #expect((survey.json["data"] as? [String: Any])?["potential"] as? String == "high")

            let list = try await client.call(.get, "/v1/cases?workflow=service-sales&stage=needs_analysis", as: "alice", daemon: d)
            #expect((list.json["cases"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])

            let queue = try await client.call(.get, "/v1/tasks?role=sales_rep", as: "alice", daemon: d)
            #expect((queue.json["items"] as? [[String: Any]])?.first?["case"] as? String == id)

            let history = try await client.call(.get, "/v1/cases/\(id)/history", as: "otto", daemon: d)
            let events = try #require(history.json["events"] as? [[String: Any]])
            #expect(events.count >= 8)
            #expect((events.first?["event"] as? [String: Any])?["type"] as? String == "opened")

            let verify = try await client.call(.get, "/v1/cases/\(id)/verify", as: "otto", daemon: d)
            #expect(verify.json["intact"] as? Bool == true)
        }
    }

    @Test func errorsHaveTheirStatusAndAJSONBody() async throws {
        let d = try await TestDaemon()
        try await d.test { client in
            let malformed = try await client.call(.post, "/v1/cases", as: "alice", body: "{\"workflow\": ", daemon: d)
            #expect(malformed.status == .badRequest)
            #expect(malformed.errorCode == "bad_request")
            let unknown = try await client.call(.post, "/v1/cases", as: "alice", body: #"{"workflow": "service-sales", "x": 1}"#, daemon: d)
            #expect(unknown.status == .badRequest)
            #expect(unknown.errorMessage?.contains("unknown field 'x'") == true)
            let huge = try await client.call(.post, "/v1/cases", as: "alice",
                                             body: "{\"workflow\": \"" + String(repeating: "x", count: 100_000) + "\"}", daemon: d)
            #expect(huge.status == .contentTooLarge)
            let types = try await client.call(.post, "/v1/cases", as: "alice",
                                              body: #"{"workflow": "service-sales", "data": {"customer": "A", "budget": "700"}}"#, daemon: d)
            #expect(types.status == .unprocessableContent)
            #expect(types.errorMessage == "budget: expected a number, found the text \"700\"")
            let stranger = try await client.call(.post, "/v1/cases", as: "sam", body: Self.openAcme, daemon: d)
            #expect(stranger.status == .forbidden)
            let missing = try await client.call(.get, "/v1/cases/c-nothere", as: "alice", daemon: d)
            #expect(missing.status == .notFound)
            let route = try await client.call(.get, "/v1/nothing", as: "alice", daemon: d)
            #expect(route.status == .notFound)
            #expect(route.errorCode == "not_found")
            let noWorkflow = try await client.call(.post, "/v1/cases", as: "alice", body: #"{"workflow": "nope"}"#, daemon: d)
            #expect(noWorkflow.status == .notFound)

            let opened = try await client.call(.post, "/v1/cases", as: "alice", body: Self.openAcme, daemon: d)
            let id = try #require(opened.json["id"] as? String)
            let notAGate = try await client.call(.post, "/v1/cases/\(id)/approve", as: "dana", body: #"{"stage": "prospecting"}"#, daemon: d)
            #expect(notAGate.status == .conflict)
            let stale = try await client.call(.post, "/v1/cases/\(id)/data", as: "alice", body: #"{"data": {"budget": 5}}"#,
                                              headers: [.ifMatch: "\"1\""], daemon: d)
            #expect(stale.status == .preconditionFailed)
            let version = try #require(opened.json["version"] as? Int)
            let fresh = try await client.call(.post, "/v1/cases/\(id)/data", as: "alice", body: #"{"data": {"budget": 5}}"#,
                                              headers: [.ifMatch: "\(version)"], daemon: d)
            #expect(fresh.status == .ok)
            let auditor = try await client.call(.post, "/v1/cases/\(id)/complete", as: "otto", body: #"{"stage": "prospecting"}"#, daemon: d)
            #expect(auditor.status == .forbidden)
            #expect(auditor.errorMessage == "otto is an auditor: auditors read everything and change nothing")
            let owned = try await client.call(.post, "/v1/cases/\(id)/data", as: "alice", body: #"{"data": {"stage": "won"}}"#, daemon: d)
            #expect(owned.status == .unprocessableContent)
            // The contract's cancel takes a reason; without one (or a blank one) nothing happens.
            for body in ["{}", #"{"reason": "  "}"#, #"{"reason": null}"#] {
                let bare = try await client.call(.post, "/v1/cases/\(id)/cancel", as: "alice", body: body, daemon: d)
                #expect(bare.status == .unprocessableContent, "\(body): \(bare.text)")
                #expect(bare.errorMessage == "a cancel needs a reason: it is recorded in the case's history", "\(bare.text)")
            }
            #expect(try await client.call(.get, "/v1/cases/\(id)", as: "alice", daemon: d).json["status"] as? String == "open")
            let cancelled = try await client.call(.post, "/v1/cases/\(id)/cancel", as: "alice", body: #"{"reason": "dup"}"#, daemon: d)
            #expect(cancelled.json["status"] as? String == "cancelled")
            let after = try await client.call(.post, "/v1/cases/\(id)/complete", as: "alice", body: #"{"stage": "prospecting"}"#, daemon: d)
            #expect(after.status == .conflict)
            #expect(after.errorMessage?.contains("cancelled") == true)
        }
    }

    @Test func aRetryWithTheSameIdempotencyKeyGetsTheFirstAnswer() async throws {
        let d = try await TestDaemon()
        try await d.test { client in
            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "open-acme-1"]
            let first = try await client.call(.post, "/v1/cases", as: "alice", body: Self.openAcme, headers: key, daemon: d)
            let second = try await client.call(.post, "/v1/cases", as: "alice", body: Self.openAcme, headers: key, daemon: d)
            #expect(first.status == .created)
            #expect(second.status == .created)
            #expect(first.json["id"] as? String == second.json["id"] as? String)
            #expect(second.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            let list = try await client.call(.get, "/v1/cases", as: "alice", daemon: d)
            #expect((list.json["cases"] as? [Any])?.count == 1)
            let reused = try await client.call(.post, "/v1/cases", as: "alice", body: #"{"workflow": "service-sales", "data": {"customer": "B"}}"#,
                                               headers: key, daemon: d)
            #expect(reused.status == .unprocessableContent)
        }
    }

    @Test func timersFireThroughTheServiceAndEscalationsAreListed() async throws {
        let d = try await TestDaemon()
        try await d.test { client in
            let opened = try await client.call(.post, "/v1/cases", as: "alice", body: Self.openAcme, daemon: d)
            let id = try #require(opened.json["id"] as? String)
            d.advance(7 * 24 * 3_600_000 + 3_600_000)   // Mon 10:00 a week on: past the 5-business-day breach
            try await d.daemon.timers.sweep()
            let read = try await client.call(.get, "/v1/cases/\(id)", as: "alice", daemon: d)
            #expect((read.json["sla"] as? [String: Any])?["state"] as? String == "breached")
            let open = try await client.call(.get, "/v1/escalations", as: "bob", daemon: d)
            let items = try #require(open.json["escalations"] as? [[String: Any]])
            #expect(items.map { $0["at"] as? String } == ["warn", "breach"])
            #expect(items.last?["notified"] as? [String] == ["bella", "bob"])
            let all = try await client.call(.get, "/v1/escalations?open=false", as: "bob", daemon: d)
            #expect((all.json["escalations"] as? [Any])?.count == 2)
            // Paged: one escalation a page, an opaque cursor to the next.
            let first = try await client.call(.get, "/v1/escalations?limit=1", as: "bob", daemon: d)
            #expect((first.json["escalations"] as? [Any])?.count == 2, "a case's escalations stay together on a page")
            #expect(try await client.call(.get, "/v1/escalations?page=2", as: "bob", daemon: d).status == .badRequest)
            #expect((try await client.call(.get, "/v1/escalations", as: "sam", daemon: d).json["escalations"] as? [Any])?.isEmpty == true,
                    "a support agent sees no sales escalations")

            // History in pages of events, `next` being the last seq given.
            let page1 = try await client.call(.get, "/v1/cases/\(id)/history?limit=3", as: "bob", daemon: d)
            let events1 = try #require(page1.json["events"] as? [[String: Any]])
            #expect(events1.map { $0["seq"] as? Int } == [1, 2, 3])
            let next = try #require(page1.json["next"] as? Int)
            let page2 = try await client.call(.get, "/v1/cases/\(id)/history?limit=1000&after=\(next)", as: "bob", daemon: d)
            let events2 = try #require(page2.json["events"] as? [[String: Any]])
            #expect(events2.first?["seq"] as? Int == 4 && page2.json["next"] is NSNull)
            let whole = try await client.call(.get, "/v1/cases/\(id)/history", as: "bob", daemon: d)
            #expect((whole.json["events"] as? [Any])?.count == 3 + events2.count)
        }
    }

    @Test func adminsReloadAndOthersCannot() async throws {
        let d = try await TestDaemon()
        try await d.test { client in
            let rep = try await client.call(.post, "/v1/admin/reload", as: "alice", daemon: d)
            #expect(rep.status == .forbidden)
            let admin = try await client.call(.post, "/v1/admin/reload", as: "ada", daemon: d)
            #expect(admin.status == .ok)
            #expect(admin.json["reloaded"] as? Bool == true)
            let workflows = try await client.call(.get, "/v1/workflows", as: "alice", daemon: d)
            #expect((workflows.json["workflows"] as? [[String: Any]])?.map { $0["id"] as? String } == ["after-sales-service", "service-sales"])
            let one = try await client.call(.get, "/v1/workflows/service-sales", as: "alice", daemon: d)
            #expect(((one.json["versions"] as? [[String: Any]])?.first?["source"] as? String)?.contains("kind: workflow") == true)
        }
    }

    @Test func healthReadinessMetricsAndTheAPIDescription() async throws {
        let d = try await TestDaemon()
        let app = Application(router: d.daemon.router())
        try await app.test(.router) { client in
            let notReady = try await client.call(.get, "/readyz", as: nil, daemon: d)
            #expect(notReady.status == .serviceUnavailable)
        }
        try await d.test { client in
            #expect(try await client.call(.get, "/readyz", as: nil, daemon: d).status == .ok)
            _ = try await client.call(.post, "/v1/cases", as: "alice", body: Self.openAcme, daemon: d)
            let metrics = try await client.call(.get, "/metrics", as: nil, daemon: d)
            #expect(metrics.text.contains(#"caseflow_commands_total{command="open",outcome="accepted"} 1"#))
            #expect(metrics.text.contains(#"caseflow_cases_open{workflow="service-sales",stage="prospecting"} 1"#))
            #expect(metrics.text.contains("caseflow_http_requests_total"))
            let spec = try await client.call(.get, "/openapi.yaml", as: nil, daemon: d)
            for path in ["/v1/cases:", "/v1/cases/{id}:", "/v1/cases/{id}/complete:", "/v1/cases/{id}/data:", "/v1/cases/{id}/approve:",
                         "/v1/cases/{id}/reject:", "/v1/cases/{id}/assign:", "/v1/cases/{id}/cancel:", "/v1/cases/{id}/history:",
                         "/v1/cases/{id}/verify:", "/v1/tasks:", "/v1/escalations:", "/v1/workflows:", "/v1/workflows/{id}:",
                         "/v1/admin/reload:", "/v1/admin/migrations:", "/v1/admin/batches:", "/healthz:", "/readyz:", "/metrics:", "/openapi.yaml:"] {
                #expect(spec.text.contains("  \(path)\n"), "\(path) missing from openapi.yaml")
            }
        }
    }
}
