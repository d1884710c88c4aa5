import Foundation
import Testing
@testable import CaseflowCLI
@testable import CaseflowDocs

@Suite struct EscapingTests {
    @Test func fixtureLoads() {
        let result = RenderFixtures.load(EscapingFixture.workflow)
        #expect(!result.hasErrors, "\(result.diagnostics.filter(\.isError))")
    }

    @Test func mermaidWritesEntityCodes() throws {
        let set = RenderFixtures.load(EscapingFixture.workflow).definitions
        let text = GraphCommand.render(try #require(set.workflow("escaping")), definitions: set, format: .mermaid)
        #expect(text.contains(#"title: "Quotes \"and\" <angles> & amps \\ #1""#))
        #expect(text.contains(#"    s_check["Check #quot;it#quot; #lt;now#gt; #amp; then<br/>clerk"]"#))
        #expect(text.contains(##"    s_check -->|"note == #quot;a#lt;b#gt; #amp; \#quot;c\#quot;#quot; #124;#124; amount #gt;= 10.0"| s_done"##))
        #expect(text.contains(#"    s_check -->|"note.contains(#quot;#124;#quot;) #amp;#amp; note != #quot;#35;x;#96;#quot;"| s_gave_up"#))
        #expect(MermaidRenderer.escape(#"<a href="x">&#"#) == "#lt;a href=#quot;x#quot;#gt;#amp;#35;")
    }

    @Test func dotEscapesQuotesAndBackslashes() throws {
        let set = RenderFixtures.load(EscapingFixture.workflow).definitions
        let text = GraphCommand.render(try #require(set.workflow("escaping")), definitions: set, format: .dot)
        #expect(text.contains(#"label="Quotes \"and\" <angles> &amp; amps \\ #1""#))
        #expect(text.contains(#"s_check -> s_done [label="note == \"a<b> &amp; \\\"c\\\"\" || amount >= 10.0"];"#))
        #expect(DotRenderer.escape(#"a\nb "c" & d"#) == #"a\\nb \"c\" &amp; d"#)
    }

    @Test func markdownEscapesTableCells() {
        #expect(MarkdownText.code("a || b") == #"`a \|\| b`"#)
        #expect(MarkdownText.code("x == `y`") == "`` x == `y` ``")
        #expect(MarkdownText.plain("A | pipe, *stars* and _under_ <b>") == #"A \| pipe, \*stars\* and \_under\_ \<b\>"#)
        #expect(MarkdownText.plain("sales_rep") == "sales_rep")
    }

    @Test func documentKeepsConditionsIntact() throws {
        let set = RenderFixtures.load(EscapingFixture.workflow).definitions
        let doc = ProcessDocument(workflow: try #require(set.workflow("escaping")), definitions: set).render()
        #expect(doc.contains(##"# Quotes "and" \<angles\> \& amps \\ \#1"##))
        #expect(doc.contains(#"`done` if `note == "a<b> & \"c\"" \|\| amount >= 10.0`"#))
        #expect(doc.contains(#"A \| pipe, \*stars\* and \_under\_"#))
        #expect(doc.contains("#quot;a#lt;b#gt; #amp;"))
    }

    @Test(.enabled(if: RenderFixtures.dotPath != nil,
                   "Graphviz is not installed (apt-get install graphviz); the DOT output was not rendered"))
    func graphvizRendersEveryDotOutput() throws {
        let dot = try #require(RenderFixtures.dotPath)
        var outputs: [(String, String)] = []
        for workflow in RenderFixtures.shippedWorkflows {
            let wf = try #require(RenderFixtures.shipped.workflow(workflow))
            outputs.append((workflow, GraphCommand.render(wf, definitions: RenderFixtures.shipped, format: .dot)))
        }
        let set = RenderFixtures.load(EscapingFixture.workflow).definitions
        outputs.append(("escaping", GraphCommand.render(try #require(set.workflow("escaping")), definitions: set, format: .dot)))
        for (name, text) in outputs {
            let run = try RenderFixtures.run(dot, ["-Tsvg"], stdin: text)
            #expect(run.status == 0, "dot -Tsvg rejected \(name): \(run.stderr)")
            #expect(run.stderr.isEmpty, "dot -Tsvg warned on \(name): \(run.stderr)")
            #expect(run.stdout.contains("<svg"), "no SVG for \(name)")
        }
    }
}
