import CaseflowEngine
import CaseflowModel
import CaseflowRules
import CaseflowStore
import CaseflowTestSupport
import Foundation
import Testing

/// Dates print as dates and durations as people write them in `caseflow history`.
@Suite struct HistoryValuesTests {
    static let definitions = """
        kind: workflow
        id: deal
        version: 1
        calendar: office
        roles: [rep]
        data:
          signed_on: { type: date }
          terms: { type: duration, default: 30d }
          grace: { type: duration }
        start: intake
        stages:
          intake: { role: rep, next: won }
          won: { end: won }
        ---
        kind: calendar
        id: office
        timezone: Asia/Shanghai
        hours: { mon-fri: "09:00-18:00" }
        ---
        kind: directory
        id: staff
        people:
          ann: { name: Ann, roles: [rep] }
        """

    @Test func datesAsDatesAndDurationsAsWritten() async throws {
        let loaded = DefinitionLoader.load([DefinitionLoader.File(path: "deal.yaml", bytes: Array(Self.definitions.utf8))])
        let engine = Engine(catalog: try WorkflowCompiler.compileAll(loaded.definitions))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-values-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("c.sqlite").path
        let store = try SQLiteStore(path: db)
        let w = try #require(loaded.definitions.workflows.first)
        _ = try await store.saveDefinition(StoredDefinition(hash: "", kind: "workflow", id: "deal", version: 1, source: w.sourceText))
        let t0 = Instant(millis: 1_772_413_200_000)
        let opened = try engine.open(caseID: "d1", workflow: "deal", data: [("signed_on", "2026-12-01")], by: "ann", at: t0).get()
        try await store.commit(try CaseWrite(outcome: opened, engine: engine, expectedVersion: 0, at: t0))
        let changed = try engine.handle(.setData([("grace", "4h 30m")]), on: opened.state, by: "ann", at: t0 + 1000).get()
        try await store.commit(try CaseWrite(outcome: changed, engine: engine, expectedVersion: opened.state.sequence, at: t0 + 1000))

        let r = try CLIProcess.run(["history", "d1", "--db", db, "--zone", "Asia/Shanghai"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("signed_on=2026-12-01"))
        #expect(r.stdout.contains("terms=30d"))
        #expect(r.stdout.contains("grace=4h 30m"))
        #expect(!r.stdout.contains("2592000s"))
        #expect(DurationText.human(CELDuration(seconds: 5400)!) == "1h 30m")
        #expect(DurationText.human(CELDuration(seconds: 1, nanos: 500_000_000)!) == "1.5s")
        #expect(DurationText.human(CELDuration(totalNanos: -90_000_000_000)) == "-1m 30s")
    }
}
