import CaseflowEngine
import CaseflowModel
import CaseflowPostgres
import CaseflowStore
import Foundation
import Testing

/// Durable events/s with 64 concurrent committers of 5-event writes on a file database, and on
/// PostgreSQL when `CASEFLOW_TEST_POSTGRES` is set.
/// Opt-in (timing is measured, never asserted): CASEFLOW_BENCH=1 swift test --filter GroupCommitBenchmark
@Suite(.serialized) struct GroupCommitBenchmark {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["CASEFLOW_BENCH"] == "1"),
          arguments: [StoreKind.sqliteFile] + (PostgresTestServer.url == nil ? [] : [StoreKind.postgres]))
    func sixtyFourCommitters(_ kind: StoreKind) async throws {
        let store = try await kind.make()
        let committers = 64
        let writesEach = Int(ProcessInfo.processInfo.environment["CASEFLOW_BENCH_WRITES"] ?? "") ?? 200
        // Each committer owns one case and appends 5 events per write (a template event renumbered).
        let template = try TestCases.openCase(caseID: "t")[0]
        let event = template.events[0]
        func write(_ c: Int, _ n: Int) -> CaseWrite {
            let events = (1...5).map { i in
                CaseEvent(sequence: n * 5 + i, at: event.at + Int64(n), actor: "ann", version: 1,
                          kind: .dataChanged([FieldChange("amount", .double(Double(n * 5 + i)))]), why: nil)
            }
            var snapshot = template.snapshot
            snapshot.id = "b\(c)"
            snapshot.version = (n + 1) * 5
            return CaseWrite(caseID: "b\(c)", expectedVersion: n * 5, events: events, snapshot: snapshot)
        }
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for c in 0..<committers {
                group.addTask {
                    for n in 0..<writesEach { try await store.commit(write(c, n)) }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let events = committers * writesEach * 5
        let batches = (store as? SQLiteStore)?.commitBatches ?? (store as? PostgresStore)?.commitBatches ?? []
        print("group commit (\(kind)): \(events) events in \(committers * writesEach) writes, \(batches.count) transactions "
              + "(mean \(String(format: "%.1f", Double(batches.reduce(0, +)) / Double(max(1, batches.count)))) writes each), "
              + "\(String(format: "%.2f", seconds)) s: \(Int(Double(events) / seconds)) events/s, "
              + "\(Int(Double(committers * writesEach) / seconds)) commits/s")
        for c in 0..<3 { #expect(HashChain.verify(try await store.events(caseID: "b\(c)")).isIntact) }
    }
}
