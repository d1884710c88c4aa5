import CaseflowModel
import CaseflowEngine
import CaseflowStore
import CaseflowTestSupport
import Foundation
import Testing

/// A few thousand running sales cases on SQLite moved from version 1 to 2, the run killed half
/// way and resumed; every chain verifies and each case goes on under version 2.
@Suite(.serialized) struct MigrationDrillTests {
    @Test func killedHalfWayAndResumed() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-migrate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("cases.sqlite").path
        let count = 3000
        let written = try await SalesCasesFixture.write(count, to: try SQLiteStore(path: db))
        #expect(Set(written.map(\.stage)) == ["negotiation", "discount_approval", "contract"])

        let drill = try await MigrationDrill(db: db, open: { try SQLiteStore(readingOnly: db) }).run(cases: count)
        #expect(drill.dryRun.status == 0, "\(drill.dryRun.stderr)")
        #expect(drill.dryRun.stdout.contains("would migrate \(count) cases, 0 cannot"))
        #expect(drill.dryRun.stdout.contains("m-000001: would migrate (discount_approval → discount_approval); keeps 1 vote at discount_approval"))
        #expect(drill.migratedBeforeKill > 0 && drill.migratedBeforeKill < count, "killed after \(drill.migratedBeforeKill)")
        #expect(drill.resumed.status == 0, "\(drill.resumed.stderr)")
        #expect(drill.resumed.stdout.contains("migrated \(count - drill.migratedBeforeKill) cases, 0 cannot, \(drill.migratedBeforeKill) already on version 2"))
        #expect(drill.versions == [2: count])
        #expect(drill.verify.status == 0, "\(drill.verify.stdout.suffix(500))")
        print("migration drill (SQLite): dry run \(count) cases in \(String(format: "%.2f", drill.dryRunSeconds)) s; resumed run migrated "
              + "\(count - drill.migratedBeforeKill) in \(String(format: "%.2f", drill.resumedSeconds)) s")

        // Each case goes on under version 2: a large contract now meets the compliance review.
        let store = try SQLiteStore(path: db)
        let engine = SalesCasesFixture.engine
        let atContract = try #require(written.first { $0.stage == "contract" })
        let state = try #require(try await store.snapshot(caseID: atContract.id)).decodedState()
        #expect(state.version == 2)
        let next = try engine.handle(.complete(task: nil, data: [("contract_no", "K-1"), ("contract_value", .double(2_000_000))]),
                                     on: state, by: "lena", at: state.lastEventAt + Int64(60_000), stage: "contract").get()
        #expect(engine.workflow(of: next.state)?.stages[next.state.stage].id == "compliance_review")
    }
}
