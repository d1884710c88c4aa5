import CaseflowFiles
import CaseflowModel
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import CaseflowDocs

@Suite struct ProcessDiagramTests {
    /// Every version of every shipped workflow, by position in the loaded definitions.
    static let shippedIndexes = Array(RenderFixtures.shipped.workflows.indices)

    static func graph(_ workflow: Workflow, _ definitions: DefinitionSet = RenderFixtures.shipped) -> FlowGraph {
        FlowGraph(workflow: workflow, definitions: definitions)
    }

    static func sales() throws -> FlowGraph {
        graph(try #require(RenderFixtures.shipped.workflow("service-sales")))
    }

    @Test(arguments: shippedIndexes)
    func everyShippedWorkflowIsWellFormedSVG(index: Int) throws {
        let workflow = RenderFixtures.shipped.workflows[index]
        let svg = ProcessDiagram(graph: Self.graph(workflow)).svg(title: workflow.title ?? workflow.id.value)
        let tree = try #require(SVGTree(svg), "\(workflow.id.value)@\(workflow.version) is not well-formed XML")
        let root = tree.elements[0]
        #expect(root.name == "svg")
        #expect(root.attributes["role"] == "img")
        #expect(root.attributes["width"] == "100%")
        #expect(root.attributes["viewBox"]?.split(separator: " ").compactMap { Double($0) }.count == 4)
        let titleID = try #require(root.attributes["aria-labelledby"])
        #expect(tree.elements.first { $0.attributes["id"] == titleID }?.name == "title")
        #expect(tree.elements.contains { $0.name == "style" && $0.text.contains(".caseflow-diagram .node.current .box") })
        #expect(root.attributes["font-family"]?.hasPrefix("'Noto Sans CJK SC','Noto Sans SC'") == true)
        #expect(root.attributes["font-family"]?.hasSuffix(",sans-serif") == true)

        let stages = tree.elements.filter { $0.name == "g" && $0.attributes["data-stage"] != nil }
        #expect(stages.count == workflow.stages.count)
        #expect(Set(stages.compactMap { $0.attributes["data-stage"] }) == Set(workflow.stages.map(\.id.value)))
        #expect(stages.allSatisfy { $0.attributes["class"] == "node" })
        let edges = tree.elements.filter { $0.name == "g" && $0.attributes["class"] == "edge" }
        #expect(edges.count == Self.graph(workflow).edges.filter { $0.from != FlowGraph.caseNoteID }.count)
        for edge in edges {
            let path = tree.children(of: edge).first { $0.name == "path" }
            #expect(path?.attributes["d"]?.hasPrefix("M") == true)
            #expect(path?.attributes["marker-end"]?.hasPrefix("url(#caseflow-diagram-") == true)
        }
    }

    @Test(arguments: shippedIndexes)
    func boxesAndLabelsDoNotOverlap(index: Int) throws {
        let layout = DiagramLayout(graph: Self.graph(RenderFixtures.shipped.workflows[index]))
        let boxes = layout.nodes.map(\.frame)
        let labels = layout.edges.compactMap(\.labelFrame)
        #expect(labels.count == layout.edges.filter { $0.label != nil }.count)
        for (i, a) in boxes.enumerated() {
            for b in boxes[(i + 1)...] { #expect(!a.intersects(b), "\(a) overlaps \(b)") }
            for label in labels { #expect(!a.intersects(label), "a label at \(label) covers the box at \(a)") }
        }
        for (i, a) in labels.enumerated() {
            for b in labels[(i + 1)...] { #expect(!a.intersects(b), "labels at \(a) and \(b) overlap") }
        }
        for frame in boxes + labels {
            #expect(layout.bounds.x <= frame.x && frame.maxX <= layout.bounds.maxX && layout.bounds.y <= frame.y && frame.maxY <= layout.bounds.maxY)
        }
    }

    @Test func layersFollowTheLongestPathAndBackEdgesGoInLanes() throws {
        let layout = DiagramLayout(graph: try Self.sales())
        func layer(_ stage: String) -> Int? { layout.nodes.first { $0.stageID == stage }?.layer }
        #expect(layer("prospecting") == 0)
        #expect(layer("needs_survey") == 1 && layer("disqualified") == 1)
        #expect(layer("negotiation")! < layer("discount_approval")!)
        #expect(layer("contract")! < layer("compliance_review")! && layer("compliance_review")! < layer("contract_approval")!)
        #expect(layer("won") == layout.nodes.map(\.layer).max())
        for edge in layout.edges {
            let from = layout.nodes[edge.from], to = layout.nodes[edge.to]
            switch edge.style {
            case .rejected: #expect(edge.lane == .right, "\(from.stageID) -> \(to.stageID)")
            case .escalation: #expect(edge.lane == (to.layer > from.layer ? nil : .left))
            case .next, .otherwise: #expect(edge.lane == nil && to.layer > from.layer)
            }
            #expect(!edge.path.isEmpty)
        }
        // The main path runs straight down: each stage on it is centred under the one before.
        let path = ["prospecting", "needs_survey", "qualification", "needs_analysis", "proposal", "negotiation"]
        let centres = path.compactMap { stage in layout.nodes.first { $0.stageID == stage }?.frame.midX }
        #expect(centres.count == path.count && centres.allSatisfy { abs($0 - centres[0]) < 1 }, "\(centres)")
    }

    @Test func unreachableStagesArePlacedAfterTheRest() throws {
        var graph = try Self.sales()
        let lonely = FlowGraph.Node(id: "s_lonely", stageID: "lonely", shape: .worked, lines: ["Lonely"])
        let after = FlowGraph.Node(id: "s_after", stageID: "after", shape: .end, lines: ["After"])
        graph.nodes += [lonely, after]
        graph.edges += [FlowGraph.Edge(from: "s_lonely", to: "s_after", label: nil, style: .next),
                        FlowGraph.Edge(from: "s_after", to: "s_prospecting", label: "again", style: .next)]
        let layout = DiagramLayout(graph: graph)
        let reached = layout.nodes.filter { $0.stageID != "lonely" && $0.stageID != "after" }.map(\.layer).max()!
        let lonelyLayer = layout.nodes.first { $0.stageID == "lonely" }!.layer
        #expect(lonelyLayer == reached + 1)
        #expect(layout.nodes.first { $0.stageID == "after" }!.layer == lonelyLayer + 1)
        #expect(layout.edges.last?.lane == .right)
        #expect(SVGTree(ProcessDiagram(graph: graph).svg(title: "t")) != nil)

        var empty = graph
        empty.nodes = []
        empty.edges = []
        empty.startNodeID = nil
        #expect(SVGTree(ProcessDiagram(graph: empty).svg(title: "nothing")) != nil)
    }

    @Test func highlightsLandOnTheCasePath() throws {
        let graph = try Self.sales()
        let taken: [(from: String, to: String)] = [
            ("prospecting", "needs_survey"), ("needs_survey", "qualification"), ("qualification", "needs_analysis"),
            ("needs_analysis", "proposal"), ("proposal", "negotiation"), ("negotiation", "discount_approval"),
            ("discount_approval", "negotiation"), ("negotiation", "won"),
        ]
        let visited: Set<String> = ["prospecting", "needs_survey", "qualification", "needs_analysis", "proposal", "negotiation", "discount_approval"]
        let svg = ProcessDiagram(graph: graph).svg(current: "negotiation", visited: visited, taken: taken, title: "Case 42")
        let tree = try #require(SVGTree(svg))
        for node in tree.elements where node.attributes["data-stage"] != nil {
            let stage = node.attributes["data-stage"]!
            let expected = stage == "negotiation" ? "node current" : visited.contains(stage) ? "node visited" : "node"
            #expect(node.attributes["class"] == expected, "\(stage)")
        }
        let current = try #require(tree.elements.first { $0.attributes["data-stage"] == "negotiation" })
        #expect(tree.children(of: current).first { $0.attributes["class"] == "box" }?.attributes["fill"] == "#1d4ed8")
        #expect(tree.children(of: current).first { $0.attributes["class"] == "title" }?.attributes["fill"] == "#ffffff")

        let takenEdges = tree.elements.filter { $0.attributes["class"] == "edge taken" }
        let pairs = takenEdges.map { "\($0.attributes["data-from"]!)>\($0.attributes["data-to"]!)" }
        #expect(pairs.sorted() == taken.map { "\($0.from)>\($0.to)" }.sorted())
        #expect(takenEdges.first { $0.attributes["data-to"] == "won" }?.attributes["data-kind"] == "jump")
        #expect(takenEdges.first { $0.attributes["data-from"] == "discount_approval" }?.attributes["data-kind"] == "rejected")
        for edge in tree.elements where edge.attributes["class"] == "edge" {
            #expect(!taken.contains { $0.from == edge.attributes["data-from"] && $0.to == edge.attributes["data-to"] })
        }
        #expect(tree.elements.contains { $0.attributes["class"] == "edge-label taken" && $0.attributes["data-from"] == "discount_approval" })
        #expect(tree.elements.first { $0.name == "title" }?.text == "Case 42")
    }

    @Test func textIsEscapedAndLongConditionsAreShortened() throws {
        let result = RenderFixtures.load(EscapingFixture.workflow)
        let workflow = try #require(result.definitions.workflow("escaping"))
        let svg = ProcessDiagram(graph: Self.graph(workflow, result.definitions)).svg(title: #"Quotes "and" <angles> & 'amps'"#)
        #expect(!svg.contains("<now>") && !svg.contains("<angles>") && !svg.contains("a<b>"))
        #expect(svg.contains("&lt;now&gt; &amp; then"))
        let tree = try #require(SVGTree(svg))
        #expect(tree.elements.first { $0.name == "title" }?.text == #"Quotes "and" <angles> & 'amps'"#)
        let check = try #require(tree.elements.first { $0.attributes["data-stage"] == "check" })
        let title = tree.children(of: check).filter { $0.attributes["class"] == "title" }.map(\.text)
        #expect(title.joined(separator: " ") == #"Check "it" <now> & then"#)
        let label = try #require(tree.elements.first { $0.attributes["class"] == "edge-label" && tree.children(of: $0).contains { $0.text == EscapingFixture.firstCondition } })
        let shown = try #require(tree.children(of: label).first { $0.name == "text" }?.text)
        #expect(shown.count == 28 && shown.hasSuffix("…") && EscapingFixture.firstCondition.hasPrefix(shown.dropLast()))
    }

    @Test func chineseTitlesAreKeptMeasuredAndWrapped() throws {
        let yaml = """
            kind: workflow
            id: xiaoshou
            version: 1
            title: 客户销售流程
            roles: [sales_rep]
            start: prospecting
            stages:
              prospecting: { title: 潜在客户挖掘与筛选以及初步需求调研和分级, role: sales_rep, next: won }
              won: { title: 成交, end: won }
            """
        let result = RenderFixtures.load(yaml)
        #expect(!result.hasErrors, "\(result.diagnostics)")
        let workflow = try #require(result.definitions.workflow("xiaoshou"))
        let svg = ProcessDiagram(graph: Self.graph(workflow, result.definitions)).svg(title: "客户销售流程")
        let tree = try #require(SVGTree(svg))
        let node = try #require(tree.elements.first { $0.attributes["data-stage"] == "prospecting" })
        let lines = tree.children(of: node).filter { $0.attributes["class"] == "title" }.map(\.text)
        #expect(lines == ["潜在客户挖掘与筛选以", "及初步需求调研和分级"])
        #expect(tree.children(of: tree.elements.first { $0.attributes["data-stage"] == "won" }!).contains { $0.text == "成交" })
        #expect(DiagramLayout.width("成交", size: 10) == 20)
        #expect(DiagramLayout.width("ab", size: 10) == 12)
        let box = try #require(DiagramLayout(graph: Self.graph(workflow, result.definitions)).nodes.first { $0.stageID == "prospecting" })
        #expect(box.frame.width >= DiagramLayout.width("及初步需求调研和分级", size: DiagramLayout.titleSize))
    }

    @Test func outputIsDeterministic() throws {
        let again = DefinitionFiles.load([RenderFixtures.workflowsPath, RenderFixtures.policiesPath]).definitions
        for workflow in RenderFixtures.shipped.workflows {
            let other = try #require(again.workflow(workflow.id.value, version: workflow.version))
            let a = ProcessDiagram(graph: Self.graph(workflow)).svg(current: workflow.start.value, visited: [workflow.start.value], title: "x")
            let b = ProcessDiagram(graph: Self.graph(other, again)).svg(current: workflow.start.value, visited: [workflow.start.value], title: "x")
            #expect(a == b)
        }
    }

    @Test func wrapsTitlesAndDetails() {
        #expect(DiagramLayout.wrapTitle("Needs survey") == ["Needs survey"])
        #expect(DiagramLayout.wrapTitle("Prospect mining and screening") == ["Prospect mining", "and screening"])
        #expect(DiagramLayout.wrapDetail("support_agent · 4 business hours / 1 business day / 3 business days / 10 business days")
            == ["support_agent", "4 business hours / 1 business day /", "3 business days / 10 business days"])
        #expect(DiagramLayout.truncated(String(repeating: "x", count: 28)) == String(repeating: "x", count: 28))
        #expect(DiagramLayout.truncated(String(repeating: "x", count: 29)) == String(repeating: "x", count: 27) + "…")
        #expect(ProcessDiagram.escape(#"<a & "b" 'c'>"#) == "&lt;a &amp; &quot;b&quot; &#39;c&#39;&gt;")
        #expect(ProcessDiagram.number(-0.04) == "0" && ProcessDiagram.number(-12.35) == "-12.4" && ProcessDiagram.number(7) == "7")
    }

    /// The elements of an SVG document in document order, each with its parent.
    final class SVGTree: NSObject, XMLParserDelegate {
        struct Element {
            var index: Int
            var name: String
            var attributes: [String: String]
            var text = ""
            var parent: Int?
        }

        private(set) var elements: [Element] = []
        private var open: [Int] = []

        init?(_ text: String) {
            super.init()
            let parser = XMLParser(data: Data(text.utf8))
            parser.delegate = self
            guard parser.parse(), !elements.isEmpty else { return nil }
        }

        func children(of element: Element) -> [Element] {
            elements.filter { $0.parent == element.index }
        }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            elements.append(Element(index: elements.count, name: elementName, attributes: attributeDict, parent: open.last))
            open.append(elements.count - 1)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            open.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let last = open.last { elements[last].text += string }
        }
    }
}
