import CaseflowModel

/// An SLA and its escalation ladder in plain words:
/// "5 business days on the cn-office calendar; warning at 80 %; pauses while `waiting_on_customer`; …".
struct SLAWording {
    /// The workflow's calendar id, nil for 24x7.
    var calendar: String?
    var definitions: DefinitionSet

    /// Who `owner` stands for where the SLA applies, and whether that is several people.
    struct Owner {
        var words: String
        var plural: Bool

        static let stage = Owner(words: "the stage's owner", plural: false)
        static let gate = Owner(words: "the approvers", plural: true)
        static let caseLevel = Owner(words: "the owner of the current stage", plural: false)
    }

    /// The whole sentence for an SLA.
    func sentence(_ sla: SLASpec, owner: Owner) -> String {
        var parts = [targets(sla)]
        if let warn = sla.warn { parts.append("warning at \(ProcessWording.percent(warn, space: true))") }
        if let pause = sla.pauseWhen { parts.append("pauses while \(MarkdownText.code(pause.text))") }
        if let ladder = definitions.ladder(sla.escalation) {
            let name = ladder.id.map { "escalation ladder \(MarkdownText.code($0.value))" } ?? "an escalation ladder written in place"
            parts.append(name + ": " + levels(ladder, owner: owner))
        } else {
            parts.append("no escalation")
        }
        return parts.joined(separator: "; ")
    }

    /// The target, or the targets in the order they are tried, with the clock they count on.
    func targets(_ sla: SLASpec) -> String {
        let business = sla.due.contains { $0.due.value.isBusiness }
        let elapsedOnly = sla.due.allSatisfy { !$0.due.value.isBusiness }
        var text: String
        if sla.due.count == 1, let only = sla.due.first {
            text = ProcessWording.duration(only.due.value)
        } else {
            text = sla.due.map { target in
                let words = ProcessWording.duration(target.due.value)
                return target.when.map { "\(words) when \(MarkdownText.code($0.text))" } ?? "otherwise \(words)"
            }.joined(separator: ", ")
        }
        if business {
            text += calendar.map { " on the \(MarkdownText.code($0)) calendar" } ?? " (no calendar: every hour counts)"
        }
        if elapsedOnly { text += " of elapsed time" }
        return text
    }

    /// Every level, in order: "at breach the sales manager is notified; …".
    func levels(_ ladder: EscalationLadder, owner: Owner) -> String {
        var currentOwner = owner
        var sentences: [String] = []
        for level in ladder.levels {
            var actions: [String] = []
            if !level.notify.isEmpty {
                let who = level.notify.map { $0.value == "owner" ? currentOwner.words : ProcessWording.role($0.value) }
                let plural = who.count > 1 || (level.notify.first?.value == "owner" && currentOwner.plural)
                actions.append("\(ProcessWording.list(who)) \(plural ? "are" : "is") notified")
            }
            if let role = level.reassign {
                actions.append("the stage is reassigned to \(ProcessWording.role(role.value))")
                currentOwner = Owner(words: ProcessWording.role(role.value), plural: false)
            }
            for (field, value) in level.set {
                actions.append("\(MarkdownText.code(field.value)) is set to \(MarkdownText.code(YAMLValueText.text(value)))")
            }
            if let goto = level.goto {
                actions.append("the case moves to \(MarkdownText.code(goto.value))")
            }
            if actions.isEmpty { actions.append("the escalation is recorded") }
            sentences.append("\(ProcessWording.moment(level.at.value)) \(ProcessWording.list(actions))")
        }
        return sentences.joined(separator: "; ")
    }
}
