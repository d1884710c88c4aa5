import CaseflowStore
import CaseflowTestSupport
import ArgumentParser
import Foundation
import Testing
@testable import CaseflowCLI

/// `caseflow report` on a SQLite file written by the engine in the test.
@Suite struct ReportCommandTests {
    @Test func reportsFromTheStoreInEveryFormat() async throws {
        let dir = try await DealFixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try CLIProcess.run(["report", "--workflow", "deal"], in: dir)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("Process report: deal"))
        #expect(text.stdout.contains("Cases: 4."))
        #expect(text.stdout.contains("Bottlenecks (score = 100 × miss rate × (1 + mean overrun)"))

        let csv = try CLIProcess.run(["report", "--format", "csv", "--db", "caseflow.sqlite"], in: dir)
        #expect(csv.status == 0, "\(csv.stderr)")
        let rows = csv.stdout.split(separator: "\n").map(String.init)
        #expect(rows.first == "workflow,section,subject,measure,value")
        #expect(rows.contains("deal,stage,intake,median_hours,2.0"))
        #expect(rows.contains("deal,stage,intake,sla_met_pct,60.0"))
        #expect(rows.contains("deal,outcome,cancelled,cases,1"))
        #expect(rows.contains("deal,outcome,open,cases,1"))

        let json = try CLIProcess.run(["report", "--workflow", "deal", "--format", "json", "--since", "2026-03-03"], in: dir)
        #expect(json.status == 0)
        #expect(json.stdout.contains("\"cases\" : 0"))
    }

    /// A KPI figure beyond 64-bit integers (a target of 1e18 shown with two decimals, a field of
    /// 1e19) trapped in the number formatting: the report exited 132 and the console's KPI page
    /// took the daemon down. It is printed in Swift's shortest form instead.
    @Test func hugeFiguresArePrintedNotTrapped() async throws {
        let dir = try await DealFixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("Workflows/deal.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: "  win_rate:", with: "  big: { title: Average amount, avg: amount, target: 1.5e18, better: lower }\n  win_rate:")
            .write(to: file, atomically: true, encoding: .utf8)
        let out = try CLIProcess.run(["report", "--workflow", "deal"], in: dir)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("Average amount"), "\(out.stdout)")
        #expect(out.stdout.contains("1.5e+18"), "\(out.stdout)")
        let html = try CLIProcess.run(["report", "--workflow", "deal", "--format", "html"], in: dir)
        #expect(html.status == 0, "\(html.stderr)")
    }

    /// A `--by` value is case data: an escape sequence in it reached the operator's terminal.
    @Test func sliceValuesCannotDriveTheTerminal() async throws {
        let dir = try await DealFixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let engine = try DealFixture.engine()
        let outcome = try engine.open(caseID: "c5", workflow: "deal", data: [("amount", .double(5)), ("channel", .string("\u{1B}[2Jweb\r"))],
                                      by: "ann", at: DealFixture.monday).get()
        let store = try SQLiteStore(path: dir.appendingPathComponent("caseflow.sqlite").path)
        try await store.commit(try CaseWrite(outcome: outcome, engine: engine, expectedVersion: 0, at: DealFixture.monday))
        let out = try CLIProcess.run(["report", "--by", "channel"], in: dir)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(!out.stdout.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\r" })
        #expect(out.stdout.contains(#"channel = \u{1B}[2Jweb\r: 1 case"#), "\(out.stdout)")
    }

    /// A file that cannot be written is named with the system's reason, not Foundation's
    /// "NSCocoaErrorDomain error 4".
    @Test func anOutputThatCannotBeWrittenSaysWhy() async throws {
        let dir = try await DealFixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = try CLIProcess.run(["report", "--output", "no-such-folder/report.txt"], in: dir)
        #expect(out.status == 1)
        #expect(out.stderr.contains("error: cannot write no-such-folder/report.txt: No such file or directory"), "\(out.stderr)")
        #expect(!out.stderr.contains("NSCocoaErrorDomain"))
    }

    @Test func slicesTrendsSpansAndHTMLToAFile() async throws {
        let dir = try await DealFixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try CLIProcess.run(["report", "--by", "channel", "--every", "month", "--from", "intake", "--to", "approval"], in: dir)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("\nchannel = fair: 1 case\n"))
        #expect(text.stdout.contains("Trend by month of opening"))
        #expect(text.stdout.contains("From intake to approval (first entries)"))
        let html = try CLIProcess.run(["report", "--format", "html", "--every", "week", "--output", "report.html"], in: dir)
        #expect(html.status == 0, "\(html.stderr)")
        #expect(html.stdout.isEmpty)
        #expect(html.stderr.contains("wrote report.html"))
        let page = try String(contentsOf: dir.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(XMLCheck.parse(page).error == nil)
        #expect(page.contains("<svg"))
    }

    @Test func refusesUnknownFieldsAndStages() async throws {
        let dir = try await DealFixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let field = try CLIProcess.run(["report", "--workflow", "deal", "--by", "colour"], in: dir)
        #expect(field.status == 1)
        #expect(field.stderr.contains("--by: workflow deal has no data field 'colour'; fields: amount, channel"))
        let stage = try CLIProcess.run(["report", "--from", "intake", "--to", "signing"], in: dir)
        #expect(stage.status == 1)
        #expect(stage.stderr.contains("--to: no workflow has a stage 'signing'"))
        let half = try CLIProcess.run(["report", "--from", "intake"], in: dir)
        #expect(half.status != 0)
        #expect(half.stderr.contains("--from needs --to"))
        #expect(throws: (any Error).self) { try CaseflowCommand.parseAsRoot(["report", "--every", "day"]) }
        #expect(throws: (any Error).self) { try CaseflowCommand.parseAsRoot(["report", "--format", "pdf"]) }
    }

    @Test func refusesUnknownWorkflowsAndDates() async throws {
        let dir = try await DealFixture.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let unknown = try CLIProcess.run(["report", "--workflow", "nope"], in: dir)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no workflow 'nope'"))
        #expect(throws: (any Error).self) { try CaseflowCommand.parseAsRoot(["report", "--since", "last week"]) }
        let missing = try CLIProcess.run(["report", "--db", "missing.sqlite"], in: dir)
        #expect(missing.status == 1)
    }
}
