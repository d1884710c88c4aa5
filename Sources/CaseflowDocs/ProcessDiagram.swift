/// A workflow drawn as SVG by Caseflow itself, for the web console: stages as boxes shaped by
/// their kind in layers from top to bottom, the case's way through it highlighted.
///
/// Highlighting is by class (`node current`, `node visited`, `edge taken`); the colours are in a
/// `<style>` element scoped to `.caseflow-diagram` and repeated as presentation attributes, so the
/// picture looks the same opened alone or inlined in a page whose policy blocks inline styles.
public struct ProcessDiagram: Sendable {
    public let graph: FlowGraph

    public init(graph: FlowGraph) {
        self.graph = graph
    }

    /// current: the stage id the case is in (highlighted strongly); visited: stage ids the case has been in;
    /// taken: transitions the case made as (fromStageID, toStageID) pairs (edges drawn highlighted).
    /// title: accessible name (<title> element, aria-label).
    public func svg(current: String? = nil, visited: Set<String> = [], taken: [(from: String, to: String)] = [], title: String) -> String {
        var stageNode: [String: Int] = [:]
        for (i, node) in graph.nodes.enumerated() where stageNode[node.stageID] == nil { stageNode[node.stageID] = i }
        var highlighted = Set<Int>()
        var jumps: [(from: Int, to: Int)] = []
        for move in taken {
            guard let from = stageNode[move.from], let to = stageNode[move.to] else { continue }
            let matching = graph.edges.indices.filter { graph.edges[$0].from == graph.nodes[from].id && graph.edges[$0].to == graph.nodes[to].id }
            if let edge = matching.first(where: { graph.edges[$0].style != .escalation }) ?? matching.first {
                highlighted.insert(edge)
            } else if from != to && !jumps.contains(where: { $0 == (from, to) }) {
                jumps.append((from, to))
            }
        }
        let layout = DiagramLayout(graph: graph, jumps: jumps)
        let id = idPrefix
        let box = layout.bounds
        var out: [String] = []
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"caseflow-diagram\" id=\"\(id)\" "
            + "viewBox=\"\(Self.number(box.x)) \(Self.number(box.y)) \(Self.number(box.width)) \(Self.number(box.height))\" "
            + "width=\"100%\" role=\"img\" aria-labelledby=\"\(id)-title\" data-workflow=\"\(Self.escape(graph.workflowID))\" "
            + "font-family=\"\(Self.fontFamily)\" font-size=\"\(Self.number(DiagramLayout.titleSize))\">")
        out.append("<title id=\"\(id)-title\">\(Self.escape(DiagramLayout.clean(title)))</title>")
        out.append("<style>\(Self.css)</style>")
        out.append("<defs>" + Self.Ink.allCases.map { marker($0) }.joined() + "</defs>")
        let isTaken = layout.edges.map { $0.graphEdge.map(highlighted.contains) ?? true }
        let order = layout.edges.indices.filter { !isTaken[$0] } + layout.edges.indices.filter { isTaken[$0] }
        out.append("<g class=\"edges\" fill=\"none\">")
        out += order.map { edge(layout.edges[$0], taken: isTaken[$0]) }
        out.append("</g>")
        if let start = layout.start {
            out.append("<g class=\"start\"><circle cx=\"\(Self.number(start.x))\" cy=\"\(Self.number(start.y))\" r=\"6\" fill=\"\(Ink.next.line)\"/>"
                + "<path class=\"line\" d=\"M\(Self.number(start.x)) \(Self.number(start.y + 6))V\(Self.number(start.y + 30))\" "
                + "stroke=\"\(Ink.next.line)\" stroke-width=\"1.5\" marker-end=\"url(#\(id)-arrow-next)\"/></g>")
        }
        out.append("<g class=\"nodes\">")
        for node in layout.nodes {
            let look: Look = node.stageID == current ? .current : visited.contains(node.stageID) ? .visited : .plain
            out.append(self.node(node, look: look))
        }
        out.append("</g>")
        out.append("<g class=\"edge-labels\">")
        out += order.compactMap { label(layout.edges[$0], taken: isTaken[$0]) }
        out.append("</g>")
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    /// Ids inside the picture start with this, so two diagrams of different workflows can share a page.
    var idPrefix: String {
        "caseflow-diagram-" + String(graph.workflowID.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_")
                ? Character(scalar) : "_"
        })
    }

    private func edge(_ edge: DiagramLayout.Edge, taken: Bool) -> String {
        let ink = Ink(edge, taken: taken)
        var attributes = "stroke=\"\(ink.line)\" stroke-width=\"\(taken ? "3" : "1.5")\""
        if let dash = ink.dash(for: edge) { attributes += " stroke-dasharray=\"\(dash)\"" }
        if edge.style == .escalation { attributes += " stroke-linecap=\"round\"" }
        return "<g class=\"\(taken ? "edge taken" : "edge")\" \(endpoints(edge))>"
            + "<path class=\"line\" d=\"\(Self.pathData(edge.path))\" \(attributes) marker-end=\"url(#\(idPrefix)-arrow-\(ink.rawValue))\"/></g>"
    }

    private func label(_ edge: DiagramLayout.Edge, taken: Bool) -> String? {
        guard let text = edge.label, let frame = edge.labelFrame else { return nil }
        let ink = Ink(edge, taken: taken)
        return "<g class=\"\(taken ? "edge-label taken" : "edge-label")\" \(endpoints(edge))>"
            + "<title>\(Self.escape(text))</title>"
            + "<rect x=\"\(Self.number(frame.x))\" y=\"\(Self.number(frame.y))\" width=\"\(Self.number(frame.width))\" "
            + "height=\"\(Self.number(frame.height))\" rx=\"3\" fill=\"#ffffff\" fill-opacity=\"0.9\"/>"
            + "<text x=\"\(Self.number(frame.midX))\" y=\"\(Self.number(frame.midY + DiagramLayout.labelSize * 0.36))\" "
            + "text-anchor=\"middle\" font-size=\"\(Self.number(DiagramLayout.labelSize))\"\(taken ? " font-weight=\"600\"" : "") "
            + "fill=\"\(ink.text)\">\(Self.escape(DiagramLayout.shownLabel(edge)))</text></g>"
    }

    private func endpoints(_ edge: DiagramLayout.Edge) -> String {
        let kind = edge.graphEdge == nil ? "jump" : Self.kindName(edge.style)
        return "data-from=\"\(Self.escape(graph.nodes[edge.from].stageID))\" data-to=\"\(Self.escape(graph.nodes[edge.to].stageID))\" data-kind=\"\(kind)\""
    }

    private func marker(_ ink: Ink) -> String {
        let size = ink == .taken ? "11" : "9"
        return "<marker id=\"\(idPrefix)-arrow-\(ink.rawValue)\" viewBox=\"0 0 10 10\" refX=\"8\" refY=\"5\" markerWidth=\"\(size)\" "
            + "markerHeight=\"\(size)\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0 0L10 5L0 10z\" fill=\"\(ink.line)\"/></marker>"
    }

    static func kindName(_ style: FlowGraph.EdgeStyle) -> String {
        switch style {
        case .next: return "next"
        case .otherwise: return "otherwise"
        case .rejected: return "rejected"
        case .escalation: return "escalation"
        }
    }

    static func pathData(_ path: [DiagramLayout.Segment]) -> String {
        path.map { segment in
            switch segment {
            case .move(let p): return "M\(number(p.x)) \(number(p.y))"
            case .line(let p): return "L\(number(p.x)) \(number(p.y))"
            case .curve(let a, let b, let p): return "C\(number(a.x)) \(number(a.y)) \(number(b.x)) \(number(b.y)) \(number(p.x)) \(number(p.y))"
            }
        }.joined()
    }
}
