import CaseflowServer
import Foundation
import Testing

/// The daemon's memory of cases is bounded: with room for 4 cases it works 12 cases correctly,
/// reading the ones that fell out back from the store (and checking them against their history).
@Suite struct CaseCacheTests {
    @Test func aSmallCacheHoldsFewCasesAndLosesNothing() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let d = try await TestDaemon(database: dir.appendingPathComponent("cases.sqlite").path) { $0.caseCacheCapacity = 4 }
        try await d.test { client in
            var ids: [String] = []
            for i in 0..<12 {
                let opened = try await client.call(.post, "/v1/cases", as: "alice",
                                                   body: #"{"workflow": "service-sales", "data": {"customer": "Firm \#(i)"}}"#, daemon: d)
                ids.append(try #require(opened.json["id"] as? String))
            }
            #expect(d.daemon.cases.cachedCases <= 4)
            for id in ids {
                let done = try await client.call(.post, "/v1/cases/\(id)/complete", as: "alice",
                                                 body: #"{"stage": "prospecting", "data": {"channel": "online"}}"#, daemon: d)
                #expect(done.status == .ok && done.json["stage"] as? String == "needs_survey")
            }
            #expect(d.daemon.cases.cachedCases <= 4)
            for id in ids {
                #expect(try await client.call(.get, "/v1/cases/\(id)", as: "alice", daemon: d).json["version"] as? Int
                        == (try await client.call(.get, "/v1/cases/\(id)/history", as: "alice", daemon: d).json["events"] as? [Any])?.count)
            }
        }
    }
}
