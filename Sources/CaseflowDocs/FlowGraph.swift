import CaseflowModel

/// A workflow as nodes and edges, independent of the diagram syntax that draws it.
/// Everything is in a stable order: stages as written, then their edges as written.
public struct FlowGraph: Sendable {
    public enum Shape: Equatable, Sendable {
        case worked, automatic, gate, timer, end
    }

    public struct Node: Equatable, Sendable {
        /// A diagram-safe id (`s_prospecting`), unique in the graph.
        public var id: String
        public var stageID: String
        public var shape: Shape
        /// Lines of text, first the title (or the stage id).
        public var lines: [String]
    }

    public enum EdgeStyle: Equatable, Sendable {
        case next
        /// The default branch of a list of `next` entries.
        case otherwise
        case rejected
        case escalation
    }

    public struct Edge: Equatable, Sendable {
        public var from: String
        public var to: String
        public var label: String?
        public var style: EdgeStyle
    }

    /// The node the case-level SLA is shown on, when the workflow has one.
    public struct CaseNote: Equatable, Sendable {
        public var id: String
        public var lines: [String]
    }

    public var workflowID: String
    public var title: String
    public var startNodeID: String?
    public var nodes: [Node]
    public var edges: [Edge]
    public var caseNote: CaseNote?

    public static let startID = "start"
    public static let caseNoteID = "case_sla"

    public init(workflow: Workflow, definitions: DefinitionSet) {
        workflowID = workflow.id.value
        title = workflow.title ?? workflow.id.value
        let ids = Self.nodeIDs(for: workflow.stages.map(\.id.value))
        nodes = workflow.stages.map { stage in
            Node(id: ids[stage.id.value]!, stageID: stage.id.value, shape: Self.shape(of: stage.kind),
                 lines: Self.lines(of: stage, definitions: definitions))
        }
        startNodeID = ids[workflow.start.value]
        edges = []
        for stage in workflow.stages {
            guard let from = ids[stage.id.value] else { continue }
            switch stage.next {
            case .stage(let to)?:
                if let to = ids[to.value] { edges.append(Edge(from: from, to: to, label: nil, style: .next)) }
            case .branches(let branches)?:
                for branch in branches {
                    guard let to = ids[branch.to.value] else { continue }
                    if let when = branch.when {
                        edges.append(Edge(from: from, to: to, label: when.text, style: .next))
                    } else {
                        edges.append(Edge(from: from, to: to, label: "otherwise", style: .otherwise))
                    }
                }
            case nil:
                break
            }
            if let onReject = stage.gate?.onReject, let to = ids[onReject.value] {
                edges.append(Edge(from: from, to: to, label: "rejected", style: .rejected))
            }
            edges += Self.escalationEdges(from: from, ladder: definitions.ladder(stage.sla?.escalation), ids: ids)
        }
        if let sla = workflow.sla {
            let ladder = definitions.ladder(sla.escalation)
            caseNote = CaseNote(id: Self.caseNoteID, lines: Self.caseNoteLines(sla, ladder: ladder))
            edges += Self.escalationEdges(from: Self.caseNoteID, ladder: ladder, ids: ids)
        }
    }

    private static func escalationEdges(from: String, ladder: EscalationLadder?, ids: [String: String]) -> [Edge] {
        (ladder?.levels ?? []).compactMap { level in
            guard let goto = level.goto, let to = ids[goto.value] else { return nil }
            return Edge(from: from, to: to, label: "escalation: \(level.at.value)", style: .escalation)
        }
    }

    static func shape(of kind: Stage.Kind) -> Shape {
        switch kind {
        case .worked: return .worked
        case .automatic: return .automatic
        case .gate: return .gate
        case .timer: return .timer
        case .end: return .end
        }
    }

    /// `s_` + the stage id with every character outside [A-Za-z0-9_] replaced by `_`;
    /// a number is appended when two ids would collide.
    static func nodeIDs(for stageIDs: [String]) -> [String: String] {
        var result: [String: String] = [:]
        var used: Set<String> = [startID, caseNoteID]
        for stageID in stageIDs where result[stageID] == nil {
            let safe = String(stageID.unicodeScalars.map { scalar -> Character in
                scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_")
                    ? Character(scalar) : "_"
            })
            var candidate = "s_" + safe
            var n = 2
            while used.contains(candidate) {
                candidate = "s_\(safe)_\(n)"
                n += 1
            }
            used.insert(candidate)
            result[stageID] = candidate
        }
        return result
    }

    /// Title, then what the stage does and its SLA: `sales_rep · 5 business days`.
    static func lines(of stage: Stage, definitions: DefinitionSet) -> [String] {
        var lines = [stage.title ?? stage.id.value]
        var detail: [String] = []
        switch stage.kind {
        case .worked:
            if let role = stage.role {
                detail.append(role.value)
            } else {
                detail.append("tasks: " + ProcessWording.unique(stage.tasks.map(\.role.value)).joined(separator: ", "))
            }
        case .automatic:
            if let decide = stage.decide { detail.append("decide: \(decide.value)") }
        case .gate:
            if let gate = stage.gate { detail.append(ProcessWording.quorumShort(gate)) }
        case .timer:
            if let wait = stage.wait { detail.append("wait \(wait.value)") }
        case .end:
            if let outcome = stage.outcome { detail.append("end: \(outcome.value)") }
        }
        if let sla = stage.sla { detail.append(ProcessWording.dueShort(sla)) }
        if stage.kind == .gate {
            lines += detail  // one item a line keeps the diamond narrow
        } else if !detail.isEmpty {
            lines.append(detail.joined(separator: " · "))
        }
        if stage.kind == .worked, stage.role != nil, !stage.tasks.isEmpty {
            lines.append("tasks: " + stage.tasks.map(\.id.value).joined(separator: ", "))
        }
        if stage.kind == .worked, let decide = stage.decide { lines.append("then decide: \(decide.value)") }
        return lines
    }

    static func caseNoteLines(_ sla: SLASpec, ladder: EscalationLadder?) -> [String] {
        var lines = ["Case SLA", ProcessWording.dueShort(sla)]
        if let warn = sla.warn { lines[1] += " · warn at \(ProcessWording.percent(warn))" }
        if let name = ladder?.id?.value {
            lines.append("escalation: \(name)")
        } else if ladder != nil {
            lines.append("escalation: inline ladder")
        }
        return lines
    }
}
