import CaseflowPostgres
import CaseflowStore
import CaseflowTestSupport
import Foundation
import Testing

/// The migration drill on PostgreSQL: running sales cases moved from version 1 to 2, the run
/// killed half way and resumed, every chain verifying.
@Suite(.serialized, .enabled(if: TestDatabase.url != nil,
                             "CASEFLOW_TEST_POSTGRES is not set: run .ci/run, or point it at a server where the user may create databases"))
struct MigrationDrillPostgresTests {
    @Test func killedHalfWayAndResumed() async throws {
        let db = try await TestDatabase.fresh()
        let count = 2000
        let store = try await PostgresStore(url: db)
        let written = try await SalesCasesFixture.write(count, to: store)
        store.close()
        #expect(written.count == count)
        let drill = try await MigrationDrill(db: db, open: { try await PostgresStore(url: db) }).run(cases: count)
        #expect(drill.dryRun.status == 0, "\(drill.dryRun.stderr)")
        #expect(drill.dryRun.stdout.contains("would migrate \(count) cases, 0 cannot"))
        #expect(drill.migratedBeforeKill > 0 && drill.migratedBeforeKill < count, "killed after \(drill.migratedBeforeKill)")
        #expect(drill.resumed.status == 0, "\(drill.resumed.stderr)")
        #expect(drill.resumed.stdout.contains("migrated \(count - drill.migratedBeforeKill) cases, 0 cannot, \(drill.migratedBeforeKill) already on version 2"))
        #expect(drill.versions == [2: count])
        #expect(drill.verify.status == 0, "\(drill.verify.stdout.suffix(500))")
        print("migration drill (PostgreSQL): dry run \(count) cases in \(String(format: "%.2f", drill.dryRunSeconds)) s; resumed run migrated "
              + "\(count - drill.migratedBeforeKill) in \(String(format: "%.2f", drill.resumedSeconds)) s")
    }
}
