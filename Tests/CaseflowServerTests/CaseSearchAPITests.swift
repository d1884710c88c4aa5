import CaseflowModel
import CaseflowServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import CaseflowTestSupport

/// `GET /v1/cases`: every filter, a CEL `where`, refused unknown parameters, and cursors that only
/// walk the workflows the caller may read.
@Suite struct CaseSearchAPITests {
    @Test func filtersWhereAndCursorsThatStayInTheCallersWorkflows() async throws {
        let d = try await TestDaemon()
        try await d.test { client in
            var sales: [String] = []
            for (i, channel) in ["referral", "online", "referral", "exhibition", "referral"].enumerated() {
                let body = #"{"workflow": "service-sales", "data": {"customer": "C\#(i)", "channel": "\#(channel)", "budget": \#(i + 1)00000.0}}"#
                let r = try await client.call(.post, "/v1/cases", as: "alice", body: body, daemon: d)
                sales.append(try #require(r.json["id"] as? String, "\(r.text)"))
            }
            var support: [String] = []
            for i in 0..<3 {
                let body = #"{"workflow": "after-sales-service", "data": {"customer": "S\#(i)", "summary": "broken"}}"#
                let r = try await client.call(.post, "/v1/cases", as: "sam", body: body, daemon: d)
                support.append(try #require(r.json["id"] as? String, "\(r.text)"))
            }
            _ = try await client.call(.post, "/v1/cases/\(sales[1])/claim", as: "carl", body: #"{"stage": "prospecting"}"#, daemon: d)

            func ids(_ uri: String, as person: String = "alice") async throws -> [String] {
                let r = try await client.call(.get, uri, as: person, daemon: d)
                #expect(r.status == .ok, "\(uri): \(r.text)")
                return (r.json["cases"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            }
            let referralQuery = "/v1/cases?workflow=service-sales&where=channel%20%3D%3D%20%22referral%22%20%26%26%20budget%20%3E%3D%20200000.0"
            let referral = try await ids(referralQuery)
            #expect(Set(referral) == [sales[2], sales[4]])
            // Filtered: a page that holds the last match has no next cursor, even when cases that do
            // not match come after it.
            let online = try await client.call(.get, "/v1/cases?workflow=service-sales&where=channel%20%3D%3D%20%22online%22&limit=1",
                                               as: "alice", daemon: d)
            #expect((online.json["cases"] as? [Any])?.count == 1 && online.json["next"] is NSNull, "\(online.text)")
            let one = try await client.call(.get, referralQuery + "&limit=1", as: "alice", daemon: d)
            let other = try await client.call(.get, referralQuery + "&limit=1&after=\(try #require(one.json["next"] as? String))", as: "alice", daemon: d)
            #expect((other.json["cases"] as? [Any])?.count == 1 && other.json["next"] is NSNull, "\(other.text)")
            #expect(try await ids("/v1/cases?assignee=carl") == [sales[1]])
            #expect(try await ids("/v1/cases?workflow=service-sales&version=2").count == 5, "new cases get the newest version")
            #expect(try await ids("/v1/cases?workflow=service-sales&version=1").isEmpty)
            #expect(try await ids("/v1/cases?opened_after=2026-03-01&opened_before=2026-03-03").count == 5)
            #expect(try await ids("/v1/cases?opened_after=2026-03-03").isEmpty)

            // alice holds no role of the support workflow: she never sees or walks through its cases.
            var seen: [String] = []
            var cursor: String?
            repeat {
                let r = try await client.call(.get, "/v1/cases?limit=2" + (cursor.map { "&after=\($0)" } ?? ""), as: "alice", daemon: d)
                seen += (r.json["cases"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                cursor = r.json["next"] as? String
                if let cursor {
                    #expect(!support.contains { cursor.contains($0) } && !sales.contains { cursor.contains($0) }, "opaque")
                }
            } while cursor != nil
            #expect(Set(seen) == Set(sales) && seen.count == sales.count)
            // A last page that is exactly full says there is no next one.
            let full = try await client.call(.get, "/v1/cases?workflow=service-sales&limit=\(sales.count)", as: "alice", daemon: d)
            #expect((full.json["cases"] as? [[String: Any]])?.count == sales.count, "\(full.text)")
            #expect(full.json["next"] is NSNull, "\(full.text)")
            #expect(Set(try await ids("/v1/cases", as: "sam")) == Set(support))

            for bad in ["/v1/cases?customer=C1", "/v1/cases?where=budget%20%3E%201", "/v1/cases?workflow=service-sales&where=budgett%20%3E%201",
                        "/v1/cases?after=not-a-cursor", "/v1/cases?opened_after=yesterday", "/v1/cases?version=1",
                        "/v1/cases?status=bogus", "/v1/cases?workflow=nope"] {
                let r = try await client.call(.get, bad, as: "alice", daemon: d)
                #expect(r.status == .badRequest, "\(bad): \(r.text)")
            }
            let unknown = try await client.call(.get, "/v1/cases?customer=C1", as: "alice", daemon: d)
            #expect(unknown.errorMessage?.contains("unknown parameter 'customer'") == true, "\(unknown.text)")
            let status = try await client.call(.get, "/v1/cases?status=bogus", as: "alice", daemon: d)
            #expect(status.errorMessage == "status is open, closed or cancelled, not 'bogus'", "\(status.text)")
            let workflow = try await client.call(.get, "/v1/cases?workflow=service-sale", as: "alice", daemon: d)
            #expect(workflow.errorMessage == "no workflow 'service-sale' (did you mean 'service-sales'?)", "\(workflow.text)")
        }
    }
}

/// The work queue: the caller's own roles by default, paged with an opaque cursor, items carrying
/// the customer, stage title, deadline and remaining working time.
@Suite struct WorkQueueAPITests {
    @Test func theQueueIsPagedAndSaysWhatEachItemIsAbout() async throws {
        let d = try await TestDaemon()
        try await d.test { client in
            var opened: [String] = []
            for i in 0..<5 {
                let body = #"{"workflow": "service-sales", "data": {"customer": "Cust \#(i)", "channel": "referral"}}"#
                let r = try await client.call(.post, "/v1/cases", as: "alice", body: body, daemon: d)
                opened.append(try #require(r.json["id"] as? String))
            }
            var seen: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let r = try await client.call(.get, "/v1/tasks?limit=2" + (cursor.map { "&after=\($0)" } ?? ""), as: "alice", daemon: d)
                #expect(r.status == .ok, "\(r.text)")
                let items = r.json["items"] as? [[String: Any]] ?? []
                #expect(items.count <= 2)
                for item in items {
                    seen.append(item["case"] as? String ?? "")
                    #expect((item["customer"] as? String)?.hasPrefix("Cust ") == true)
                    #expect(item["stage_title"] as? String != nil && item["role"] as? String == "sales_rep")
                    #expect(item["deadline"] as? String != nil && item["remaining"] as? String != nil)
                    // Working time in hours: five business days of eight hours, not "1d 16h".
                    #expect(item["remaining"] as? String == "40h", "\(item["remaining"] ?? "")")
                }
                #expect(r.json["roles"] as? [String] == ["sales_rep"])
                cursor = r.json["next"] as? String
                pages += 1
            } while cursor != nil && pages < 10
            #expect(Set(seen) == Set(opened) && seen.count == 5)
            #expect(pages == 3, "5 items in pages of 2: the last page says there is no next one")
            // A page that holds exactly the last items has no next cursor (once it led to an empty page).
            let whole = try await client.call(.get, "/v1/tasks?limit=5", as: "alice", daemon: d)
            #expect((whole.json["items"] as? [Any])?.count == 5 && whole.json["next"] is NSNull, "\(whole.text)")
            let four = try await client.call(.get, "/v1/tasks?limit=4", as: "alice", daemon: d)
            let rest = try await client.call(.get, "/v1/tasks?limit=4&after=\(try #require(four.json["next"] as? String))", as: "alice", daemon: d)
            #expect((rest.json["items"] as? [Any])?.count == 1 && rest.json["next"] is NSNull, "\(rest.text)")
            #expect(try await client.call(.get, "/v1/tasks?role=finance", as: "alice", daemon: d).status == .forbidden)
            #expect(try await client.call(.get, "/v1/tasks?rol=sales_rep", as: "alice", daemon: d).status == .badRequest)
            let sam = try await client.call(.get, "/v1/tasks", as: "sam", daemon: d)
            #expect((sam.json["items"] as? [Any])?.isEmpty == true, "a support agent sees no sales work")
        }
    }
}

/// `search:` fields: indexed values, searched by equality with `FIELD=VALUE` or `data.FIELD=VALUE`.
@Suite struct SearchFieldAPITests {
    static let workflow = """
        kind: workflow
        id: leads
        version: 1
        roles: [sales_rep]
        search: [customer, channel, budget]
        data:
          customer: { type: string }
          channel: { type: string }
          budget: { type: number }
          notes: { type: string }
        start: intake
        stages:
          intake: { role: sales_rep, next: done }
          done: { end: won }
        """

    @Test func equalityOnSearchFields() async throws {
        let dir = Scratch.path("caseflow-search")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Self.workflow.write(to: dir.appendingPathComponent("leads.yaml"), atomically: true, encoding: .utf8)
        let d = try await TestDaemon(paths: [dir.path, TestDaemon.repository.appendingPathComponent("Policies").path],
                                     database: dir.appendingPathComponent("cases.sqlite").path)
        try await d.test { client in
            var ids: [String] = []
            for (customer, channel, budget) in [("Acme", "referral", "100000.0"), ("Beta", "referral", "5000.5"),
                                                ("Acme Asia", "online", "100000"), ("Gamma", "online", "null")] {
                let body = #"{"workflow": "leads", "data": {"customer": "\#(customer)", "channel": "\#(channel)", "budget": \#(budget)}}"#
                let r = try await client.call(.post, "/v1/cases", as: "alice", body: body, daemon: d)
                ids.append(try #require(r.json["id"] as? String, "\(r.text)"))
            }
            func found(_ query: String) async throws -> [String] {
                let r = try await client.call(.get, "/v1/cases?\(query)", as: "alice", daemon: d)
                #expect(r.status == .ok, "\(query): \(r.text)")
                return (r.json["cases"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            }
            #expect(try await found("customer=Acme") == [ids[0]], "equality, not a prefix")
            #expect(Set(try await found("data.channel=referral")) == [ids[0], ids[1]])
            #expect(Set(try await found("workflow=leads&budget=100000")) == [ids[0], ids[2]], "numbers compare as numbers")
            #expect(try await found("workflow=leads&budget=100000.0&channel=online") == [ids[2]])
            #expect(try await found("customer=Nobody").isEmpty)
            _ = try await client.call(.post, "/v1/cases/\(ids[3])/data", as: "alice", body: #"{"data": {"customer": "Delta"}}"#, daemon: d)
            #expect(try await found("customer=Delta") == [ids[3]], "the index follows changes")
            #expect(try await found("customer=Gamma").isEmpty)
            // Every search field cleared: the case is found by none of its old values.
            let cleared = try await client.call(.post, "/v1/cases/\(ids[3])/data", as: "alice",
                                                body: #"{"data": {"customer": null, "channel": null}}"#, daemon: d)
            #expect(cleared.status == .ok, "\(cleared.text)")
            #expect(try await found("customer=Delta").isEmpty, "an emptied case leaves the index")
            #expect(try await found("channel=online") == [ids[2]])
            let queue = try await client.call(.get, "/v1/tasks", as: "alice", daemon: d)
            let item = (queue.json["items"] as? [[String: Any]] ?? []).first { $0["case"] as? String == ids[1] }
            let shown = item?["fields"] as? [String: Any]
            #expect(shown?["customer"] as? String == "Beta" && shown?["channel"] as? String == "referral", "\(queue.text)")
            let notSearchable = try await client.call(.get, "/v1/cases?notes=x", as: "alice", daemon: d)
            #expect(notSearchable.status == .badRequest)
            #expect(notSearchable.errorMessage?.contains("search fields budget, channel, customer") == true, "\(notSearchable.text)")
        }
    }
}
