import CaseflowYAML

/// `sla:` on a stage or a workflow.
public struct SLASpec: Sendable {
    public var due: [DueTarget]
    /// The share of the target after which a warning is raised (0.8 for `80%`).
    public var warn: Double?
    public var pauseWhen: ExpressionSource?
    public var escalation: EscalationReference?
    public var location: SourceLocation
}

/// One entry of `due`: the first whose `when` holds is the target.
public struct DueTarget: Sendable {
    public var when: ExpressionSource?
    public var due: Located<DurationSpec>
}

/// An escalation id, or a ladder written in place.
public enum EscalationReference: Sendable {
    case named(Located<String>)
    case inline(EscalationLadder)
}
