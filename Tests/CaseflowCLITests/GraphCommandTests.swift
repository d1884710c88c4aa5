import ArgumentParser
import CaseflowFiles
import CaseflowModel
import Foundation
import Testing
@testable import CaseflowCLI
@testable import CaseflowDocs

@Suite struct GraphCommandTests {
    @Test(arguments: RenderFixtures.shippedWorkflows)
    func mermaidMatchesGolden(workflow: String) throws {
        let wf = try #require(RenderFixtures.shipped.workflow(workflow))
        let text = GraphCommand.render(wf, definitions: RenderFixtures.shipped, format: .mermaid)
        try RenderFixtures.checkGolden(text, name: "\(workflow).mmd")
    }

    @Test(arguments: RenderFixtures.shippedWorkflows)
    func dotMatchesGolden(workflow: String) throws {
        let wf = try #require(RenderFixtures.shipped.workflow(workflow))
        let text = GraphCommand.render(wf, definitions: RenderFixtures.shipped, format: .dot)
        try RenderFixtures.checkGolden(text, name: "\(workflow).dot")
    }

    @Test func outputIsDeterministic() throws {
        let again = DefinitionFiles.load([RenderFixtures.workflowsPath, RenderFixtures.policiesPath]).definitions
        for workflow in RenderFixtures.shippedWorkflows {
            let a = try #require(RenderFixtures.shipped.workflow(workflow))
            let b = try #require(again.workflow(workflow))
            for format in GraphCommand.Format.allCases {
                #expect(GraphCommand.render(a, definitions: RenderFixtures.shipped, format: format)
                    == GraphCommand.render(b, definitions: again, format: format))
            }
        }
    }

    @Test func nodesAreShapedByKind() throws {
        let wf = try #require(RenderFixtures.shipped.workflow("service-sales"))
        let mermaid = GraphCommand.render(wf, definitions: RenderFixtures.shipped, format: .mermaid)
        #expect(mermaid.contains(#"    s_prospecting["Prospect mining and screening<br/>sales_rep · 5 business days"]"#))
        #expect(mermaid.contains(#"    s_qualification[["Customer potential classification<br/>decide: customer-potential"]]"#))
        #expect(mermaid.contains(#"    s_discount_approval{"Discount approval<br/>all of: sales_director, finance<br/>1 business day"}"#))
        #expect(mermaid.contains(#"    s_follow_up_wait{{"Settling-in period<br/>wait 30d"}}"#))
        #expect(mermaid.contains(#"    s_won(["Won<br/>end: won"])"#))
        #expect(mermaid.contains("    start --> s_prospecting"))
        let dot = GraphCommand.render(wf, definitions: RenderFixtures.shipped, format: .dot)
        #expect(dot.contains(#"s_discount_approval [shape=diamond"#))
        #expect(dot.contains(#"s_follow_up_wait [shape=hexagon"#))
        #expect(dot.contains("start -> s_prospecting;"))
    }

    @Test func edgesShowBranchesRejectionsAndEscalations() throws {
        let wf = try #require(RenderFixtures.shipped.workflow("service-sales"))
        let mermaid = GraphCommand.render(wf, definitions: RenderFixtures.shipped, format: .mermaid)
        #expect(mermaid.contains(#"    s_qualification -->|"potential == #quot;low#quot;"| s_nurture"#))
        #expect(mermaid.contains(#"    s_qualification -->|"otherwise"| s_needs_analysis"#))
        #expect(mermaid.contains(#"    s_discount_approval ==>|"rejected"| s_negotiation"#))
        #expect(mermaid.contains(#"    s_prospecting -.->|"escalation: breach + 5 business days"| s_nurture"#))
        let dot = GraphCommand.render(wf, definitions: RenderFixtures.shipped, format: .dot)
        #expect(dot.contains(#"s_qualification -> s_nurture [label="potential == \"low\""];"#))
        #expect(dot.contains(##"s_discount_approval -> s_negotiation [label="rejected", color="#c0392b""##))
        #expect(dot.contains(#"s_prospecting -> s_nurture [label="escalation: breach + 5 business days", style=dotted"#))
    }

    @Test func caseLevelGotoStartsAtTheCaseNote() throws {
        let result = RenderFixtures.load(EscapingFixture.workflow)
        #expect(!result.hasErrors, "\(result.diagnostics)")
        let wf = try #require(result.definitions.workflow("escaping"))
        let mermaid = GraphCommand.render(wf, definitions: result.definitions, format: .mermaid)
        #expect(mermaid.contains(#"    case_sla -.->|"escalation: breach + 1d"| s_gave_up"#))
        #expect(mermaid.contains(#"    case_sla>"Case SLA<br/>2w"#))
    }

    @Test func mermaidLinesFollowTheFlowchartGrammar() throws {
        for workflow in RenderFixtures.shippedWorkflows {
            let wf = try #require(RenderFixtures.shipped.workflow(workflow))
            try MermaidShape.check(GraphCommand.render(wf, definitions: RenderFixtures.shipped, format: .mermaid))
        }
        let escaping = RenderFixtures.load(EscapingFixture.workflow).definitions
        try MermaidShape.check(GraphCommand.render(try #require(escaping.workflow("escaping")), definitions: escaping, format: .mermaid))
    }

    @Test func nodeIDsStayUniqueAndSafe() {
        let ids = FlowGraph.nodeIDs(for: ["a-b", "a_b", "start", "x.y"])
        #expect(ids["a-b"] == "s_a_b")
        #expect(ids["a_b"] == "s_a_b_2")
        #expect(ids["start"] == "s_start")
        #expect(ids["x.y"] == "s_x_y")
    }

    @Test func parsesAsSubcommand() throws {
        let command = try CaseflowCommand.parseAsRoot(["graph", "service-sales", "--format", "dot", "--workflows", "W", "--policies", "P"])
        let graph = try #require(command as? GraphCommand)
        #expect(graph.workflow == "service-sales")
        #expect(graph.format == .dot)
        #expect(graph.definitions.paths == ["W", "P"])
        #expect(throws: (any Error).self) { try CaseflowCommand.parseAsRoot(["graph", "service-sales", "--format", "svg"]) }
    }

    @Test func unknownWorkflowExitsWithStatusOne() throws {
        let command = try GraphCommand.parse(["servce-sales", "--workflows", RenderFixtures.workflowsPath,
                                              "--policies", RenderFixtures.policiesPath])
        #expect(throws: ExitCode(1)) { try command.run() }
        #expect(WorkflowLookup.message(forUnknown: "servce-sales", in: RenderFixtures.shipped)
            == "no workflow 'servce-sales' (did you mean 'service-sales'?); known workflows: after-sales-service, service-sales")
    }

    @Test(.enabled(if: RenderFixtures.caseflowBinary != nil, "the caseflow binary was not found next to the tests"))
    func unknownWorkflowFromTheBinary() throws {
        let binary = try #require(RenderFixtures.caseflowBinary)
        for command in ["graph", "doc"] {
            let run = try RenderFixtures.run(binary, [command, "no-such-flow"])
            #expect(run.status == 1)
            #expect(run.stdout.isEmpty)
            #expect(run.stderr.contains("error: no workflow 'no-such-flow'; known workflows: after-sales-service, service-sales"))
        }
        let ok = try RenderFixtures.run(binary, ["graph", "after-sales-service", "--format", "dot"])
        #expect(ok.status == 0)
        #expect(ok.stdout.hasPrefix("digraph \"after-sales-service\" {"))
    }
}
