import CaseflowModel

/// Gates and decision tables.
extension ProcessDocument {
    func gates() -> String {
        let gateStages = workflow.stages.filter { $0.gate != nil }
        guard !gateStages.isEmpty else { return "" }
        var out = ["## Gates", "",
                   "A gate collects approve and reject votes from people holding its approver roles. "
                   + "Each visit to a gate starts a fresh vote, and each person has one vote per visit."]
        for stage in gateStages {
            guard let gate = stage.gate else { continue }
            let roles = gate.approvers.map { MarkdownText.code($0.value) }
            out.append("")
            out.append("### \(MarkdownText.plain(stage.title ?? stage.id.value)) (\(MarkdownText.code(stage.id.value)))")
            out.append("")
            out.append("- Who votes: people holding \(ProcessWording.list(roles, conjunction: "or")).")
            switch gate.quorum {
            case .all:
                out.append("- Quorum: all of: \(roles.joined(separator: ", ")); one approval from a person holding each of these roles "
                           + "(\(roles.count) approval\(roles.count == 1 ? "" : "s") from different people).")
            case .count(let n):
                out.append("- Quorum: \(n) of: \(roles.joined(separator: ", ")); \(n) different "
                           + "\(n == 1 ? "person" : "people") holding any of these roles must approve.")
            }
            if gate.fourEyes {
                out.append("- Four-eyes rule: nobody who opened the case, completed any of its stages or tasks, "
                           + "or changed its data may vote here (voting at another gate does not count as acting).")
            } else {
                out.append("- No four-eyes rule: people who have worked on the case may vote.")
            }
            out.append("- Rejected: any single rejection sends the case back to \(stageRef(gate.onReject.value)); the reason is recorded.")
            if let next = stage.next {
                let targets: String
                switch next {
                case .stage(let to): targets = stageRef(to.value)
                case .branches: targets = nextWords(stage)
                }
                out.append("- Approved: when the quorum is met the case moves to \(targets).")
            }
            if let sla = stage.sla {
                out.append("- SLA: " + wording.sentence(sla, owner: .gate) + ".")
            }
        }
        return out.joined(separator: "\n")
    }

    func decisions() -> String {
        var used: [String] = []
        var users: [String: [String]] = [:]
        for stage in workflow.stages {
            guard let id = stage.decide?.value else { continue }
            if !used.contains(id) { used.append(id) }
            let when = stage.kind == .automatic ? "on entry" : "when the stage completes"
            users[id, default: []].append("\(stageRef(stage.id.value)) \(when)")
        }
        guard !used.isEmpty else { return "" }
        var out = ["## Decision tables", "",
                   "A decision table's rules set case data. The values it sets are written into the case "
                   + "before the stage's next step is chosen."]
        for id in used {
            out.append("")
            out.append("### \(MarkdownText.code(id))")
            out.append("")
            out.append("Used by \(ProcessWording.list(users[id] ?? [])).")
            guard let table = definitions.decisions[id] else {
                out.append("")
                out.append("(not found among the loaded policies)")
                continue
            }
            out.append("")
            out.append("Hit policy \(MarkdownText.code(table.hit.rawValue)): \(ProcessWording.hitPolicies[table.hit] ?? "").")
            if table.hit != .collect {
                if let always = table.rules.firstIndex(where: { $0.when == nil }) {
                    out.append("Rule \(always + 1) has no condition and always matches.")
                } else {
                    out.append("If no rule matches, the step that ran the table is refused with an error.")
                }
            }
            out.append("")
            let rows = table.rules.enumerated().map { index, rule -> [String] in
                let sets = rule.set.map { "\(MarkdownText.code($0.field.value)) = \(MarkdownText.code(YAMLValueText.text($0.value)))" }
                return ["\(index + 1)", rule.when.map { MarkdownText.code($0.text) } ?? "*always*", sets.joined(separator: ", ")]
            }
            out.append(MarkdownText.table(["#", "When", "Sets"], rows))
        }
        return out.joined(separator: "\n")
    }
}
