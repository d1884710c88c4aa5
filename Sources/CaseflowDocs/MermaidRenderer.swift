/// Draws a `FlowGraph` in Mermaid's `flowchart TD` syntax.
///
/// Every label is quoted; characters Mermaid or its HTML labels would read are written as
/// entity codes (`#quot;`, `#lt;`, `#gt;`, `#amp;`, `#35;` …), lines are joined with `<br/>`.
public enum MermaidRenderer {
    public static func render(_ graph: FlowGraph) -> String {
        var out: [String] = []
        out.append("---")
        out.append("title: \(frontMatterTitle(graph.title))")
        out.append("---")
        out.append("flowchart TD")
        out.append("    \(FlowGraph.startID)((\"start\"))")
        for node in graph.nodes {
            out.append("    \(node.id)\(open(node.shape))\"\(label(node.lines))\"\(close(node.shape))")
        }
        if let note = graph.caseNote {
            out.append("    \(note.id)>\"\(label(note.lines))\"]")
        }
        var links: [String] = []
        if let start = graph.startNodeID {
            links.append("    \(FlowGraph.startID) --> \(start)")
        }
        var rejected: [Int] = []
        var escalations: [Int] = []
        for edge in graph.edges {
            let arrow: String
            switch edge.style {
            case .next, .otherwise: arrow = "-->"
            case .rejected:
                arrow = "==>"
                rejected.append(links.count)
            case .escalation:
                arrow = "-.->"
                escalations.append(links.count)
            }
            let text = edge.label.map { "|\"\(label([$0]))\"|" } ?? ""
            links.append("    \(edge.from) \(arrow)\(text) \(edge.to)")
        }
        out += links
        out.append("    classDef k_worked fill:#e8f1fb,stroke:#3b6ea5")
        out.append("    classDef k_automatic fill:#eef7ee,stroke:#4a8a4a")
        out.append("    classDef k_gate fill:#fff4dd,stroke:#b7861f")
        out.append("    classDef k_timer fill:#f3ecfa,stroke:#7a58a8")
        out.append("    classDef k_end fill:#eeeeee,stroke:#555555")
        out.append("    classDef k_note fill:#fffbe6,stroke:#999999,stroke-dasharray:4")
        out.append("    classDef k_start fill:#333333,stroke:#333333,color:#ffffff")
        for shape in [FlowGraph.Shape.worked, .automatic, .gate, .timer, .end] {
            let ids = graph.nodes.filter { $0.shape == shape }.map(\.id)
            if !ids.isEmpty { out.append("    class \(ids.joined(separator: ",")) \(className(shape))") }
        }
        if let note = graph.caseNote { out.append("    class \(note.id) k_note") }
        out.append("    class \(FlowGraph.startID) k_start")
        if !rejected.isEmpty {
            out.append("    linkStyle \(rejected.map(String.init).joined(separator: ",")) stroke:#c0392b,color:#c0392b")
        }
        if !escalations.isEmpty {
            out.append("    linkStyle \(escalations.map(String.init).joined(separator: ",")) stroke:#d35400,color:#d35400")
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func open(_ shape: FlowGraph.Shape) -> String {
        switch shape {
        case .worked: return "["
        case .automatic: return "[["
        case .gate: return "{"
        case .timer: return "{{"
        case .end: return "(["
        }
    }

    static func close(_ shape: FlowGraph.Shape) -> String {
        switch shape {
        case .worked: return "]"
        case .automatic: return "]]"
        case .gate: return "}"
        case .timer: return "}}"
        case .end: return "])"
        }
    }

    static func className(_ shape: FlowGraph.Shape) -> String {
        switch shape {
        case .worked: return "k_worked"
        case .automatic: return "k_automatic"
        case .gate: return "k_gate"
        case .timer: return "k_timer"
        case .end: return "k_end"
        }
    }

    /// The inside of a quoted label: lines joined by `<br/>`, special characters as entity codes.
    static func label(_ lines: [String]) -> String {
        lines.map(escape).joined(separator: "<br/>")
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "\"": out += "#quot;"
            case "&": out += "#amp;"
            case "<": out += "#lt;"
            case ">": out += "#gt;"
            case "#": out += "#35;"
            case "|": out += "#124;"
            case "`": out += "#96;"
            case "\n", "\r": out += " "
            default: out.append(c)
            }
        }
        return out
    }

    /// The diagram title in the YAML front matter, double-quoted.
    static func frontMatterTitle(_ title: String) -> String {
        var out = "\""
        for c in title {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n", "\r": out += " "
            default: out.append(c)
            }
        }
        return out + "\""
    }
}
