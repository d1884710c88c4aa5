import CaseflowModel

/// Definitions said in words, for diagram labels and the process document.
enum ProcessWording {
    static func unique(_ items: [String]) -> [String] {
        var seen: Set<String> = []
        return items.filter { seen.insert($0).inserted }
    }

    /// `80%` for 0.8.
    static func percent(_ share: Double, space: Bool = false) -> String {
        let value = share * 100
        let text = value == value.rounded() ? String(Int(value.rounded())) : String(value)
        return space ? "\(text) %" : "\(text)%"
    }

    /// `all of: sales_director, finance` or `2 of: legal, finance`.
    static func quorumShort(_ gate: Gate) -> String {
        let roles = gate.approvers.map(\.value).joined(separator: ", ")
        switch gate.quorum {
        case .all: return "all of: \(roles)"
        case .count(let n): return "\(n) of: \(roles)"
        }
    }

    /// The SLA target for a label: `5 business days`, or each target of a list, in order.
    static func dueShort(_ sla: SLASpec) -> String {
        sla.due.map { $0.due.value.description }.joined(separator: " / ")
    }

    /// A duration in words: `5 business days`, `30 days`, `1 day 4 hours`.
    static func duration(_ spec: DurationSpec) -> String {
        switch spec {
        case .elapsed(let millis): return elapsed(millis)
        case .businessTime, .businessDays: return spec.description
        }
    }

    static func elapsed(_ millis: Int64) -> String {
        if millis == 0 { return "no time" }
        var rest = millis
        var parts: [String] = []
        for (unit, size) in [("day", Int64(86_400_000)), ("hour", 3_600_000), ("minute", 60_000), ("second", 1000)] where rest >= size {
            let n = rest / size
            parts.append("\(n) \(unit)\(n == 1 ? "" : "s")")
            rest %= size
        }
        if rest > 0 { parts.append("\(rest) ms") }
        return parts.joined(separator: " ")
    }

    /// A role in a sentence: `the sales manager` for `sales_manager`; a role that names a team
    /// or a function rather than a person has no article (`finance`, `customer success`).
    static func role(_ name: String) -> String {
        let words = name.split(whereSeparator: { $0 == "_" || $0 == "-" }).map(String.init)
        let text = words.joined(separator: " ")
        return personNouns.contains(words.last?.lowercased() ?? "") ? "the \(text)" : text
    }

    static let personNouns: Set<String> = [
        "agent", "analyst", "approver", "assistant", "clerk", "consultant", "coordinator", "director", "engineer",
        "head", "lead", "manager", "officer", "owner", "rep", "representative", "reviewer", "specialist",
        "supervisor", "technician",
    ]

    /// `a`, `a and b`, `a, b and c`.
    static func list(_ items: [String], conjunction: String = "and") -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " \(conjunction) " + items.last!
        }
    }

    /// When a level fires: `at the warning`, `at breach`, `1 business day after breach`.
    static func moment(_ moment: EscalationLevel.Moment) -> String {
        switch moment {
        case .warn: return "at the warning"
        case .breach(nil): return "at breach"
        case .breach(let delay?): return "\(duration(delay)) after breach"
        }
    }

    static let hitPolicies: [DecisionDefinition.HitPolicy: String] = [
        .first: "the rules are tried in order and the first that matches sets the values; later rules are not tried",
        .unique: "at most one rule may match; a case where two rules match is refused as an error",
        .any: "every matching rule must set the same values; rules that disagree are an error",
        .collect: "every matching rule adds its values; each field receives the list of the values of the matching rules, in rule order",
    ]
}
