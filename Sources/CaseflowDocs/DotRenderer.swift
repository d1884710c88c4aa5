/// Draws a `FlowGraph` in Graphviz's DOT language (`dot -Tsvg` renders it).
///
/// Every id and label is a double-quoted string: `\` and `"` are escaped, `&` is written as
/// `&amp;` (Graphviz reads entities in labels), lines are joined with `\n`.
public enum DotRenderer {
    /// Fonts tried in order (Graphviz hands the list to Pango and fontconfig): a CJK face first so
    /// Chinese, Japanese and Korean titles render, then common Latin faces.
    public static let defaultFonts = "Noto Sans CJK SC,Noto Sans SC,Source Han Sans SC,WenQuanYi Zen Hei,Noto Sans,DejaVu Sans,Helvetica,sans-serif"

    public static func render(_ graph: FlowGraph, font: String = defaultFonts) -> String {
        var out: [String] = []
        let f = quote(font)
        out.append("digraph \(quote(graph.workflowID)) {")
        out.append("    graph [rankdir=TB, fontname=\(f), fontsize=14, labelloc=t, label=\(quote(graph.title)), nodesep=0.4, ranksep=0.5];")
        out.append("    node [fontname=\(f), fontsize=10, style=filled, fillcolor=\"#e8f1fb\", color=\"#3b6ea5\"];")
        out.append("    edge [fontname=\(f), fontsize=9, color=\"#333333\"];")
        out.append("    \(FlowGraph.startID) [shape=circle, label=\"\", width=0.25, fixedsize=true, fillcolor=\"#333333\", color=\"#333333\", xlabel=\"start\"];")
        for node in graph.nodes {
            out.append("    \(node.id) [\(attributes(node.shape)), label=\(label(node.lines))];")
        }
        if let note = graph.caseNote {
            out.append("    \(note.id) [shape=note, fillcolor=\"#fffbe6\", color=\"#999999\", label=\(label(note.lines))];")
        }
        if let start = graph.startNodeID {
            out.append("    \(FlowGraph.startID) -> \(start);")
        }
        for edge in graph.edges {
            var attrs: [String] = []
            if let text = edge.label { attrs.append("label=\(label([text]))") }
            switch edge.style {
            case .next: break
            case .otherwise: attrs.append("style=solid")
            case .rejected: attrs += ["color=\"#c0392b\"", "fontcolor=\"#c0392b\"", "penwidth=1.6"]
            case .escalation: attrs += ["style=dotted", "color=\"#d35400\"", "fontcolor=\"#d35400\"", "constraint=false"]
            }
            let suffix = attrs.isEmpty ? "" : " [\(attrs.joined(separator: ", "))]"
            out.append("    \(edge.from) -> \(edge.to)\(suffix);")
        }
        out.append("}")
        return out.joined(separator: "\n") + "\n"
    }

    static func attributes(_ shape: FlowGraph.Shape) -> String {
        switch shape {
        case .worked: return "shape=box"
        case .automatic: return "shape=box, style=\"rounded,filled\", fillcolor=\"#eef7ee\", color=\"#4a8a4a\""
        case .gate: return "shape=diamond, fillcolor=\"#fff4dd\", color=\"#b7861f\""
        case .timer: return "shape=hexagon, fillcolor=\"#f3ecfa\", color=\"#7a58a8\""
        case .end: return "shape=box, style=\"rounded,filled\", peripheries=2, fillcolor=\"#eeeeee\", color=\"#555555\""
        }
    }

    /// A quoted label: lines joined with `\n`, each line escaped.
    static func label(_ lines: [String]) -> String {
        "\"" + lines.map(escape).joined(separator: "\\n") + "\""
    }

    static func quote(_ text: String) -> String {
        "\"" + escape(text) + "\""
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "&": out += "&amp;"
            case "\n", "\r": out += " "
            default: out.append(c)
            }
        }
        return out
    }
}
