import CaseflowEngine

/// Which cases a report counts and how it cuts them: the options `caseflow report` and
/// `simulate` share.
public struct ReportQuery: Sendable, Equatable {
    /// Only cases of this workflow.
    public var workflow: String?
    /// Only cases opened at or after this.
    public var since: ReportSince?
    /// A data field: every section again per value of it in the cases' final data.
    public var by: String?
    /// Trends per week or month of the cases' opening.
    public var every: ReportPeriod?
    /// Time from the first entry into `from` to the first entry into `to`.
    public var from: String?
    public var to: String?

    public init(workflow: String? = nil, since: ReportSince? = nil, by: String? = nil, every: ReportPeriod? = nil,
                from: String? = nil, to: String? = nil) {
        self.workflow = workflow
        self.since = since
        self.by = by
        self.every = every
        self.from = from
        self.to = to
    }

    /// What is wrong with the query for these definitions, in words; nil when nothing is.
    /// A field or stage must exist in the workflow asked for, or in at least one workflow.
    public func problem(in catalog: WorkflowCatalog) -> String? {
        if let workflow, catalog.workflow(workflow) == nil { return "no workflow '\(workflow)' in the definitions" }
        if (from == nil) != (to == nil) { return from == nil ? "--to needs --from" : "--from needs --to" }
        let workflows = workflow.flatMap { catalog.workflow($0) }.map { [$0] } ?? catalog.latest
        func missing(_ what: String) -> String { workflow.map { "workflow \($0) has no \(what)" } ?? "no workflow has a \(what)" }
        if let by, !workflows.contains(where: { $0.fieldSlots[by] != nil }) {
            let known = Set(workflows.flatMap { $0.fields.map(\.name) }).sorted()
            return "--by: " + missing("data field '\(by)'") + (known.isEmpty ? "" : "; fields: " + known.joined(separator: ", "))
        }
        for (flag, stage) in [("--from", from), ("--to", to)] {
            guard let stage, !workflows.contains(where: { $0.stage(stage) != nil }) else { continue }
            let known = workflow.flatMap { catalog.workflow($0) }.map { $0.stages.map(\.id) } ?? []
            return "\(flag): " + missing("stage '\(stage)'") + (known.isEmpty ? "" : "; stages: " + known.joined(separator: ", "))
        }
        return nil
    }
}
