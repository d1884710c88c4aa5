import CaseflowModel

/// Who does what in each stage: W works the stage, T does a task, A approves at the gate,
/// N is notified by an escalation, R receives the stage by reassignment.
struct ResponsibilityMatrix {
    struct Row {
        /// A stage id, or nil for the case-level SLA.
        var stageID: String?
        var title: String
        /// Role → letters in the order W T A N R.
        var cells: [String: String]
    }

    static let legend: [(letter: String, meaning: String)] = [
        ("W", "works the stage (completes it)"),
        ("T", "does one of the stage's tasks"),
        ("A", "approves or rejects at the gate"),
        ("N", "is notified by an escalation of the stage's SLA"),
        ("R", "receives the stage when an escalation reassigns it"),
    ]

    /// The workflow's roles as declared, then any other role the stages name, in order of appearance.
    var roles: [String]
    var rows: [Row]

    init(workflow: Workflow, definitions: DefinitionSet) {
        var rows: [Row] = []
        var named: [String] = workflow.roles.map(\.value)
        func note(_ role: String) { if !named.contains(role) { named.append(role) } }

        for stage in workflow.stages where stage.kind != .end {
            var marks: [String: Set<Character>] = [:]
            func mark(_ role: String, _ letter: Character) {
                note(role)
                marks[role, default: []].insert(letter)
            }
            if let role = stage.role { mark(role.value, "W") }
            for task in stage.tasks { mark(task.role.value, "T") }
            for approver in stage.gate?.approvers ?? [] { mark(approver.value, "A") }
            var owners: [String] = stage.gate.map { $0.approvers.map(\.value) }
                ?? stage.role.map { [$0.value] } ?? stage.tasks.map(\.role.value)
            for level in definitions.ladder(stage.sla?.escalation)?.levels ?? [] {
                for who in level.notify {
                    if who.value == "owner" {
                        for owner in owners { mark(owner, "N") }
                    } else {
                        mark(who.value, "N")
                    }
                }
                if let role = level.reassign {
                    mark(role.value, "R")
                    owners = [role.value]
                }
            }
            rows.append(Row(stageID: stage.id.value, title: stage.title ?? stage.id.value, cells: Self.letters(marks)))
        }
        if let ladder = definitions.ladder(workflow.sla?.escalation) {
            var marks: [String: Set<Character>] = [:]
            for level in ladder.levels {
                for who in level.notify where who.value != "owner" {
                    note(who.value)
                    marks[who.value, default: []].insert("N")
                }
                if let role = level.reassign {
                    note(role.value)
                    marks[role.value, default: []].insert("R")
                }
            }
            rows.append(Row(stageID: nil, title: "the whole case (case SLA)", cells: Self.letters(marks)))
        }
        self.roles = named
        self.rows = rows
    }

    private static func letters(_ marks: [String: Set<Character>]) -> [String: String] {
        marks.mapValues { set in String("WTANR".filter { set.contains($0) }) }
    }

    /// The Markdown table, stages as rows and roles as columns.
    func markdown() -> String {
        let header = ["Stage"] + roles.map(MarkdownText.code)
        let body = rows.map { row -> [String] in
            let name = row.stageID.map { "\(MarkdownText.plain(row.title)) (\(MarkdownText.code($0)))" } ?? "*\(MarkdownText.plain(row.title))*"
            return [name] + roles.map { row.cells[$0].map { $0.map(String.init).joined(separator: ", ") } ?? "" }
        }
        return MarkdownText.table(header, body)
    }
}
