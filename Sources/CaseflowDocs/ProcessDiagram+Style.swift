import CaseflowModel
/// Colours, the style sheet, fonts, escaping and number formatting of a `ProcessDiagram`.
extension ProcessDiagram {
    /// How a stage is shown: where the case is, where it has been, or neither.
    enum Look: CaseIterable {
        case plain, visited, current

        var className: String {
            switch self {
            case .plain: return "node"
            case .visited: return "node visited"
            case .current: return "node current"
            }
        }

        var fill: String {
            switch self {
            case .plain: return "#ffffff"
            case .visited: return "#dbeafe"
            case .current: return "#1d4ed8"
            }
        }

        var stroke: String {
            switch self {
            case .plain: return "#8b95a5"
            case .visited: return "#3b82f6"
            case .current: return "#1e3a8a"
            }
        }

        var title: String { self == .current ? "#ffffff" : "#111827" }
        var detail: String { self == .current ? "#e0e7ff" : "#4b5563" }
    }

    /// The colour of an edge and its arrowhead.
    enum Ink: String, CaseIterable {
        case next, rejected, escalation, taken

        init(_ edge: DiagramLayout.Edge, taken: Bool) {
            switch edge.style {
            case _ where taken: self = .taken
            case .rejected: self = .rejected
            case .escalation: self = .escalation
            case .next, .otherwise: self = .next
            }
        }

        var line: String {
            switch self {
            case .next: return "#6b7280"
            case .rejected: return "#c0392b"
            case .escalation: return "#b39a76"
            case .taken: return "#1d4ed8"
            }
        }

        var text: String {
            switch self {
            case .next: return "#374151"
            case .rejected: return "#a93226"
            case .escalation: return "#76603f"
            case .taken: return "#1d4ed8"
            }
        }

        func dash(for edge: DiagramLayout.Edge) -> String? {
            if edge.graphEdge == nil { return "5 4" }
            switch edge.style {
            case .rejected: return "6 4"
            case .escalation: return self == .taken ? "1 6" : "1 5"
            case .next, .otherwise: return nil
            }
        }
    }

    static let css: String = {
        let root = ".caseflow-diagram"
        var rules = ["\(root){font-family:\(fontFamily)}"]
        for look in Look.allCases {
            let node = "\(root) .\(look.className.split(separator: " ").joined(separator: "."))"
            rules.append("\(node) .box{fill:\(look.fill);stroke:\(look.stroke)}")
            rules.append("\(node) .rule{stroke:\(look.stroke)}")
            rules.append("\(node) .title{fill:\(look.title)}")
            rules.append("\(node) .detail{fill:\(look.detail)}")
            rules.append("\(node) .icon{stroke:\(look.detail)}")
        }
        for (kind, ink) in [("next", Ink.next), ("otherwise", .next), ("rejected", .rejected), ("escalation", .escalation), ("jump", .taken)] {
            rules.append("\(root) .edge[data-kind=\(kind)] .line{stroke:\(ink.line)}")
            rules.append("\(root) .edge-label[data-kind=\(kind)] text{fill:\(ink.text)}")
        }
        rules.append("\(root) .edge.taken .line{stroke:\(Ink.taken.line);stroke-width:3px}")
        rules.append("\(root) .edge-label.taken text{fill:\(Ink.taken.text);font-weight:600}")
        rules.append("\(root) .edge-label rect{fill:#ffffff;fill-opacity:0.9}")
        return rules.joined()
    }()

    /// `DotRenderer.defaultFonts` as a CSS font list: each family quoted, generic names bare.
    static let fontFamily: String = {
        let generic: Set<String> = ["serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "ui-sans-serif", "ui-serif", "emoji"]
        return DotRenderer.defaultFonts.split(separator: ",").map { part -> String in
            let name = String(part.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
            if generic.contains(name.lowercased()) { return name }
            return "'" + escape(name.map { $0 == "\\" || $0 == "'" ? "\\\($0)" : String($0) }.joined()) + "'"
        }.joined(separator: ",")
    }()

    /// Text for XML content and attribute values.
    static func escape(_ text: String) -> String { MarkupText.escape(text) }

    /// A coordinate with at most one decimal, the same on every machine.
    static func number(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = abs(tenths)
        return sign + String(magnitude / 10) + (magnitude % 10 == 0 ? "" : "." + String(magnitude % 10))
    }
}
