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
        #expect(text.stdout.contains("Bottlenecks (score = p90 working hours × (1 + breach rate)"))

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
