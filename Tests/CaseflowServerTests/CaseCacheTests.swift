import CaseflowEngine
import CaseflowRules
import CaseflowServer
import Foundation
import Synchronization
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

    /// A case read from the store while it is being written: its snapshot and its events were
    /// read separately, a commit could land between the two reads, and the case was then refused
    /// as tampered with ("its stored snapshot does not match its history") and counted as an
    /// integrity failure. With nothing kept in memory every read goes to the store.
    @Test func aCaseReadWhileItIsWrittenIsNeverTakenForTamperedWith() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let d = try await TestDaemon(database: dir.appendingPathComponent("cases.sqlite").path) { $0.caseCacheCapacity = 0 }
        let cases = d.daemon.cases
        let id = try await cases.open(workflow: "service-sales", data: [("customer", .string("Firm"))], by: "alice").id
        let writes = 150
        let done = Flag()
        let failures = try await withThrowingTaskGroup(of: [String].self) { group in
            group.addTask {
                for i in 0..<writes {
                    _ = try await cases.handle(.setData([("budget", .double(Double(1_000 + i)))]), on: id, by: "alice", ifMatch: nil)
                }
                done.value.store(true, ordering: .releasing)
                return []
            }
            for _ in 0..<2 {
                group.addTask {
                    var failed: [String] = []
                    while !done.value.load(ordering: .acquiring) {
                        do {
                            _ = try await cases.state(id)
                        } catch {
                            failed.append("\(error)")
                            if failed.count > 3 { break }
                        }
                    }
                    return failed
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(failures.isEmpty, "\(failures.prefix(2))")
        let history = try await d.store.events(caseID: id)
        #expect(try await cases.state(id)?.sequence == history.count)
        #expect(history.count > writes)
    }

    private final class Flag: Sendable {
        let value = Atomic<Bool>(false)
    }
}
