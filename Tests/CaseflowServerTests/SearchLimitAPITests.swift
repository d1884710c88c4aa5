import CaseflowModel
import CaseflowServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A `where` whose evaluation stops at a limit of the expression language on some case: the
/// listing and a batch's dry run say so instead of leaving the case out, a running batch records
/// it as refused; a field that is not set still simply does not match.
@Suite struct SearchLimitAPITests {
    /// Pairs of tags where one is the other plus "y": on 1,001 tags, a million and one steps.
    static let condition = #"tags != null && tags.exists(a, tags.exists(b, a == b + \"y\"))"#

    @Test func aLimitHitIsNeverANonMatch() async throws {
        let d = try await TestDaemon()
        try await d.test { client in
            let many = (0...1_000).map { "\"t\($0)\"" }.joined(separator: ",")
            let big = try await client.call(.post, "/v1/cases", as: "alice",
                                            body: #"{"workflow": "service-sales", "data": {"customer": "Big", "tags": [\#(many)]}}"#, daemon: d)
            let bigID = try #require(big.json["id"] as? String, "\(big.text)")
            let small = try await client.call(.post, "/v1/cases", as: "alice",
                                              body: #"{"workflow": "service-sales", "data": {"customer": "Small", "tags": ["x", "xy"]}}"#, daemon: d)
            let smallID = try #require(small.json["id"] as? String, "\(small.text)")
            let query = Self.condition.replacingOccurrences(of: "\\\"", with: "\"")
                .addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""

            let listed = try await client.call(.get, "/v1/cases?workflow=service-sales&where=\(query)", as: "alice", daemon: d)
            #expect(listed.status == .unprocessableContent, "\(listed.text)")
            #expect(listed.errorMessage?.contains("where cannot be evaluated on case \(bigID)") == true, "\(listed.text)")
            #expect(listed.errorMessage?.contains("too many iterations") == true)

            // Data that is not there is no error of the search: neither case has a budget.
            let unset = try await client.call(.get, "/v1/cases?workflow=service-sales&where=budget%20%3E%20100000.0", as: "alice", daemon: d)
            #expect(unset.status == .ok, "\(unset.text)")
            #expect((unset.json["cases"] as? [Any])?.isEmpty == true)

            let spec = #"{"filter": {"workflow": "service-sales", "where": "\#(Self.condition)"}, "action": {"assign": {"to": "carl"}}}"#
            let dry = try await client.call(.post, "/v1/admin/batches", as: "ada", body: String(spec.dropLast()) + #", "dry_run": true}"#, daemon: d)
            #expect(dry.status == .unprocessableContent, "\(dry.text)")
            #expect(dry.errorMessage?.contains(bigID) == true)

            let started = try await client.call(.post, "/v1/admin/batches", as: "ada", body: spec, daemon: d)
            #expect(started.status == .accepted, "\(started.text)")
            let id = try #require((started.json["batch"] as? [String: Any])?["id"] as? String)
            let done = try await BatchAPITests.waitDone(id, client, d)
            let batch = done.json["batch"] as? [String: Any]
            #expect(batch?["done"] as? Int == 1 && batch?["refused"] as? Int == 1, "\(done.text)")
            let results = done.json["results"] as? [[String: Any]] ?? []
            let refused = results.first { $0["case"] as? String == bigID }
            #expect(refused?["outcome"] as? String == "refused", "\(results)")
            #expect((refused?["message"] as? String)?.contains("the filter cannot be evaluated on it") == true, "\(results)")
            #expect(results.first { $0["case"] as? String == smallID }?["outcome"] as? String == "done", "\(results)")
            #expect(try await client.call(.get, "/v1/cases/\(smallID)", as: "carl", daemon: d).json["assignee"] as? String == "carl")
            #expect(try await client.call(.get, "/v1/cases/\(bigID)", as: "alice", daemon: d).json["assignee"] is NSNull)
        }
    }
}
