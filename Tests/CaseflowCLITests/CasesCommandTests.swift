import CaseflowEngine
import CaseflowRules
import CaseflowStore
import CaseflowTestSupport
import Foundation
import Testing

/// `caseflow cases`: the search of the API, on the database.
@Suite struct CasesCommandTests {
    @Test func findsByStageAndCELAndRefusesMistakes() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-cases-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("cases.sqlite").path
        let written = try await SalesCasesFixture.write(30, to: try SQLiteStore(path: db))
        let stage = try #require(written.last?.stage)
        let atProposal = written.filter { $0.stage == stage }.map(\.id)

        let byStage = try CLIProcess.run(["cases", "--workflow", "service-sales", "--stage", stage, "--db", db])
        #expect(byStage.status == 0, "\(byStage.stderr)")
        let ids = byStage.stdout.split(separator: "\n").map { String($0.split(separator: "\t")[0]) }
        #expect(Set(ids) == Set(atProposal) && !ids.isEmpty)
        #expect(byStage.stdout.contains("\tservice-sales@1\t\(stage)\t"))

        let cel = try CLIProcess.run(["cases", "--workflow", "service-sales", "--where", "discount > 0.2", "--format", "json", "--db", db])
        #expect(cel.status == 0, "\(cel.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(cel.stdout.utf8)) as? [String: Any])
        let found = (json["cases"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        let expected = written.map(\.id).filter { id in Int(id.dropFirst(2)).map { $0 % 3 == 1 } ?? false }
        #expect(Set(found) == Set(expected), "cases with the 25% discount")

        let paged = try CLIProcess.run(["cases", "--limit", "7", "--db", db])
        #expect(paged.stdout.split(separator: "\n").count == 7 && paged.stderr.contains("more: --after "))

        let typo = try CLIProcess.run(["cases", "--workflow", "service-sales", "--where", "discont > 0.2", "--db", db])
        #expect(typo.status == 1 && typo.stderr.contains("discont"))
        // A command line that cannot be run as written is a usage error (64), not a failed search (1).
        let noWorkflow = try CLIProcess.run(["cases", "--where", "discount > 0.2", "--db", db])
        #expect(noWorkflow.status == 64 && noWorkflow.stderr.contains("--where needs --workflow"), "\(noWorkflow.stderr)")
        for bad in [["--status", "bogus"], ["--limit", "0"], ["--breached", "yes"], ["--opened-after", "yesterday"], ["--after", "garbage"]] {
            let r = try CLIProcess.run(["cases"] + bad + ["--db", db])
            #expect(r.status == 64, "\(bad): \(r.status) \(r.stderr)")
        }
    }

    /// Case data went to the terminal as it was: an escape sequence recoloured or hid text, and a
    /// line break or tab in a customer's name forged rows of the listing.
    @Test func controlCharactersInCaseDataAreWrittenAsEscapes() async throws {
        let dir = try Scratch.folder("caseflow-cases-control")
        let db = dir.appendingPathComponent("cases.sqlite").path
        let store = try SQLiteStore(path: db)
        let engine = SalesCasesFixture.engine
        let now = SalesCasesFixture.start
        let outcome = try engine.open(caseID: "m-x", workflow: "service-sales", version: 1,
                                      data: [("customer", .string("ESC\u{1B}[31mRED\nfake\tc-000 closed\r")), ("channel", "referral")],
                                      by: "alice", at: now).get()
        try await store.commit(try CaseWrite(outcome: outcome, engine: engine, expectedVersion: 0, at: now))
        let out = try CLIProcess.run(["cases", "--db", db])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(!out.stdout.contains("\u{1B}") && !out.stdout.contains("\r"), "\(out.stdout)")
        #expect(out.stdout.split(separator: "\n").count == 1, "\(out.stdout)")
        #expect(out.stdout.contains(#"ESC\u{1B}[31mRED\nfake\tc-000 closed\r"#), "\(out.stdout)")
    }
}
