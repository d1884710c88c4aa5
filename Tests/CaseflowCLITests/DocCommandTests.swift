import ArgumentParser
import Foundation
import Testing
@testable import CaseflowCLI
@testable import CaseflowDocs

@Suite struct DocCommandTests {
    @Test(arguments: RenderFixtures.shippedWorkflows)
    func documentMatchesGolden(workflow: String) throws {
        let wf = try #require(RenderFixtures.shipped.workflow(workflow))
        try RenderFixtures.checkGolden(ProcessDocument(workflow: wf, definitions: RenderFixtures.shipped).render(), name: "\(workflow).md")
    }

    @Test func documentHasEverySection() throws {
        let wf = try #require(RenderFixtures.shipped.workflow("service-sales"))
        let doc = ProcessDocument(workflow: wf, definitions: RenderFixtures.shipped).render()
        for heading in ["# Customer sales (service industry)", "## Purpose", "## Flowchart", "```mermaid\n---\n", "## Stages",
                        "## Responsibilities", "## SLAs and escalations", "## Gates", "## Decision tables",
                        "## Data fields", "## Calendar", "## KPIs"] {
            #expect(doc.contains(heading), "missing \(heading)")
        }
        #expect(doc.contains("5 business days on the `cn-office` calendar; warning at 80 %; pauses while `waiting_on_customer`; "
                             + "escalation ladder `standard`: at the warning the stage's owner is notified; at breach the sales manager is notified; "
                             + "1 business day after breach the sales director is notified, the stage is reassigned to the sales manager "
                             + "and `priority` is set to `\"high\"`; 5 business days after breach the case moves to `nurture`"))
        #expect(doc.contains("- Quorum: all of: `sales_director`, `finance`;"))
        #expect(doc.contains("- Quorum: 2 of: `legal`, `finance`, `sales_director`;"))
        #expect(doc.contains("| Prospect mining and screening (`prospecting`) | W, N |   | N, R | N |"))
        #expect(doc.contains("| Discount approval (`discount_approval`) |   |   | N | A, N | A, N |"))
        #expect(doc.contains("| 1 | `budget >= 500000.0 && intent >= 7` | `potential` = `\"high\"` |"))
        #expect(doc.contains("| `discount` | `number` |   |   |   | 0 | 1 | Discount granted (0.2 = 20%) |"))
        #expect(doc.contains("Calendar `cn-office`, time zone `Asia/Shanghai`"))
    }

    @Test func afterSalesDocumentNamesTheReassignedOwner() throws {
        let wf = try #require(RenderFixtures.shipped.workflow("after-sales-service"))
        let doc = ProcessDocument(workflow: wf, definitions: RenderFixtures.shipped).render()
        #expect(doc.contains("Hit policy `collect`"))
        #expect(doc.contains("- Quorum: 2 of: `support_lead`, `service_manager`, `customer_success`; 2 different people"))
        #expect(doc.contains("4 business hours when `priority == \"P1\"`, 1 business day when `priority == \"P2\"`, "
                             + "3 business days when `priority == \"P3\"`, otherwise 10 business days on the `eu-support` calendar"))
    }

    @Test func rolesReadAsWords() {
        #expect(ProcessWording.role("sales_manager") == "the sales manager")
        #expect(ProcessWording.role("finance") == "finance")
        #expect(ProcessWording.role("customer_success") == "customer success")
        #expect(ProcessWording.list(["a", "b", "c"]) == "a, b and c")
        #expect(ProcessWording.percent(0.8, space: true) == "80 %")
        #expect(ProcessWording.elapsed(90_000_000) == "1 day 1 hour")
    }

    @Test func writesToTheOutputFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-doc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("sales.md").path
        let command = try DocCommand.parse(["service-sales", "--output", file, "--workflows", RenderFixtures.workflowsPath,
                                            "--policies", RenderFixtures.policiesPath])
        try command.run()
        let written = String(decoding: try #require(FileManager.default.contents(atPath: file)), as: UTF8.self)
        let wf = try #require(RenderFixtures.shipped.workflow("service-sales"))
        #expect(written == ProcessDocument(workflow: wf, definitions: RenderFixtures.shipped).render())
    }

    @Test func unknownWorkflowExitsWithStatusOne() throws {
        let command = try DocCommand.parse(["nope", "--workflows", RenderFixtures.workflowsPath, "--policies", RenderFixtures.policiesPath])
        #expect(throws: ExitCode(1)) { try command.run() }
    }

    @Test func unwritableOutputExitsWithStatusOne() throws {
        let command = try DocCommand.parse(["service-sales", "--output", "/nonexistent-folder/x/doc.md",
                                            "--workflows", RenderFixtures.workflowsPath, "--policies", RenderFixtures.policiesPath])
        #expect(throws: ExitCode(1)) { try command.run() }
    }
}
