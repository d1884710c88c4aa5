import CaseflowYAML

/// One stage of a workflow. Exactly one kind, decided by its keys.
public struct Stage: Sendable {
    public enum Kind: String, Sendable {
        /// `role` (with optional `tasks`, `requires`, `decide`), or `tasks` without a role.
        case worked
        /// `decide` and no role: runs on entry and moves on at once.
        case automatic
        case gate
        /// `wait`: moves on by itself when the time is up.
        case timer
        case end
    }

    public var id: Located<String>
    public var title: String?
    public var description: String?
    public var kind: Kind
    public var role: Located<String>?
    public var tasks: [TaskDefinition]
    public var requires: [Located<String>]
    public var decide: Located<String>?
    public var next: Next?
    public var sla: SLASpec?
    public var gate: Gate?
    public var wait: Located<DurationSpec>?
    public var outcome: Located<String>?
    public var location: SourceLocation
    /// Markdown for the people doing the work: what to do, what to check, where the template is.
    public var instructions: String? = nil

    /// Every stage this one can lead to, with where the link was written.
    public var successors: [Located<String>] {
        var result = next?.targets ?? []
        if let onReject = gate?.onReject { result.append(onReject) }
        return result
    }
}

public struct TaskDefinition: Sendable {
    public var id: Located<String>
    public var role: Located<String>
    public var title: String?
}

/// Where a stage goes when it completes.
public enum Next: Sendable {
    case stage(Located<String>)
    case branches([Branch])

    public var targets: [Located<String>] {
        switch self {
        case .stage(let s): return [s]
        case .branches(let bs): return bs.map(\.to)
        }
    }
}

public struct Branch: Sendable {
    public var when: ExpressionSource?
    public var to: Located<String>
}

public struct Gate: Sendable {
    public enum Quorum: Hashable, Sendable {
        case count(Int)
        /// One approval from each listed role.
        case all
    }

    /// What a change of a protected field does once the gate has passed.
    public enum OnChange: String, Sendable {
        /// The change is refused, naming the gate.
        case refuse
        /// The change is made and the case goes back to the gate for a fresh vote.
        case revote
    }

    public var approvers: [Located<String>]
    public var quorum: Quorum
    public var fourEyes: Bool
    public var onReject: Located<String>
    /// Fields whose values the approval covers.
    public var protects: [Located<String>] = []
    public var onChange: OnChange = .refuse
    public var location: SourceLocation? = nil
}
