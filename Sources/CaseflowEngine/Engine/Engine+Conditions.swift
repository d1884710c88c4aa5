import CaseflowModel
import CaseflowRules

/// Conditions over cases from outside a workflow (`--where`, search): checked against the
/// workflow's data types, evaluated against a case with `case` and `now` in scope.
extension Engine {
    /// Compiles `source` as a condition over cases of `workflow`; the problems say where.
    public static func condition(_ source: String, for workflow: CompiledWorkflow) -> Result<Program, Refusal> {
        switch Program.compile(source, workflow.scope.declarations, expecting: .bool) {
        case .success(let p): return .success(p)
        case .failure(let problems):
            return .failure(Refusal(.invalidData, "`\(source)`: " + problems.map { "\($0.message) at offset \($0.range.lowerBound)" }
                .joined(separator: "; ")))
        }
    }

    /// Whether the condition holds for the case at `now`; an evaluation error is a refusal naming it.
    public func holds(_ program: Program, on state: CaseState, at now: Instant) -> Result<Bool, Refusal> {
        guard let workflow = workflow(of: state) else {
            return .failure(Refusal(.notFound, "workflow '\(state.workflowID)' version \(state.version) is not loaded"))
        }
        var slots = state.slots
        slots[workflow.scope.caseSlot] = state.caseObject(workflow)
        slots[workflow.scope.nowSlot] = ValueDecoder.timestamp(now)
        switch program.evaluateBool(Activation(slots)) {
        case .success(let b): return .success(b)
        case .failure(let e): return .failure(Refusal(.invalidData, "`\(program.source)` cannot be evaluated: \(e.message)"))
        }
    }
}
