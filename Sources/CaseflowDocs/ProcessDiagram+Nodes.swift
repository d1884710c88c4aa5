/// Stage boxes: a rounded box for worked stages, a square one with side rules for automatic ones,
/// a hexagon for gates, a double border with a clock for timers, a pill with a heavy border for ends.
extension ProcessDiagram {
    func node(_ node: DiagramLayout.Node, look: Look) -> String {
        let f = node.frame
        let paint = "fill=\"\(look.fill)\" stroke=\"\(look.stroke)\""
        var out = "<g class=\"\(look.className)\" data-stage=\"\(Self.escape(node.stageID))\" data-kind=\"\(Self.shapeName(node.shape))\">"
        switch node.shape {
        case .worked:
            out += rect(f, radius: 8, "class=\"box\" \(paint) stroke-width=\"1.5\"")
        case .automatic:
            out += rect(f, radius: 2, "class=\"box\" \(paint) stroke-width=\"1.5\"")
            for x in [f.x + 6, f.maxX - 6] {
                out += "<path class=\"rule\" d=\"M\(n(x)) \(n(f.y))V\(n(f.maxY))\" stroke=\"\(look.stroke)\" stroke-width=\"1\"/>"
            }
        case .gate:
            let i = DiagramLayout.gateInset
            let points = [(f.x + i, f.y), (f.maxX - i, f.y), (f.maxX, f.midY), (f.maxX - i, f.maxY), (f.x + i, f.maxY), (f.x, f.midY)]
            out += "<polygon class=\"box\" points=\"\(points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " "))\" \(paint) stroke-width=\"1.5\"/>"
        case .timer:
            out += rect(f, radius: 10, "class=\"box\" \(paint) stroke-width=\"1.5\"")
            out += rect(f.insetBy(3), radius: 7, "class=\"rule\" fill=\"none\" stroke=\"\(look.stroke)\" stroke-width=\"1\"")
            let cx = f.x + 14, cy = f.y + DiagramLayout.paddingY + DiagramLayout.titleLineHeight / 2
            out += "<g class=\"icon\" fill=\"none\" stroke=\"\(look.detail)\" stroke-width=\"1.2\" stroke-linecap=\"round\">"
                + "<circle cx=\"\(n(cx))\" cy=\"\(n(cy))\" r=\"5.5\"/><path d=\"M\(n(cx)) \(n(cy - 3.5))V\(n(cy))H\(n(cx + 2.5))\"/></g>"
        case .end:
            out += rect(f, radius: f.height / 2, "class=\"box\" \(paint) stroke-width=\"2.5\"")
        }
        var baseline = f.y + DiagramLayout.paddingY
        for line in node.title {
            baseline += DiagramLayout.titleLineHeight
            out += text(line, x: f.midX, y: baseline - 4.5, "class=\"title\" font-weight=\"600\" fill=\"\(look.title)\"")
        }
        for line in node.details {
            baseline += DiagramLayout.detailLineHeight
            out += text(line, x: f.midX, y: baseline - 4, "class=\"detail\" font-size=\"\(n(DiagramLayout.detailSize))\" fill=\"\(look.detail)\"")
        }
        return out + "</g>"
    }

    static func shapeName(_ shape: FlowGraph.Shape) -> String {
        switch shape {
        case .worked: return "worked"
        case .automatic: return "automatic"
        case .gate: return "gate"
        case .timer: return "timer"
        case .end: return "end"
        }
    }

    private func rect(_ f: DiagramLayout.Rect, radius: Double, _ attributes: String) -> String {
        "<rect x=\"\(n(f.x))\" y=\"\(n(f.y))\" width=\"\(n(f.width))\" height=\"\(n(f.height))\" rx=\"\(n(radius))\" \(attributes)/>"
    }

    private func text(_ line: String, x: Double, y: Double, _ attributes: String) -> String {
        "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"middle\" \(attributes)>\(Self.escape(line))</text>"
    }

    private func n(_ value: Double) -> String { Self.number(value) }
}
