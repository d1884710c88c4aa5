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
        switch evaluate(program, on: state, at: now) {
        case .success(let b): return .success(b)
        case .failure(let refusal, _): return .failure(refusal)
        }
    }

    /// A search's answer for one case.
    public enum Match: Sendable, Equatable {
        case yes, no
        /// Evaluating the condition on this case stopped at a limit of the expression language:
        /// whether it matches is not known.
        case unknown(String)
    }

    /// Whether a case matches a search's condition. An error of the case's data (a field not set,
    /// a missing key, a division by zero) means it does not match, as when a branch's condition
    /// cannot hold; only a limit hit leaves the answer unknown.
    public func match(_ program: Program, on state: CaseState, at now: Instant) -> Match {
        switch evaluate(program, on: state, at: now) {
        case .success(let b): return b ? .yes : .no
        case .failure(let refusal, let hitLimit): return hitLimit ? .unknown(refusal.message) : .no
        }
    }

    private enum Evaluation {
        case success(Bool)
        case failure(Refusal, hitLimit: Bool)
    }

    private func evaluate(_ program: Program, on state: CaseState, at now: Instant) -> Evaluation {
        guard let workflow = workflow(of: state) else {
            return .failure(Refusal(.notFound, "workflow '\(state.workflowID)' version \(state.version) is not loaded"), hitLimit: false)
        }
        var slots = state.slots
        slots[workflow.scope.caseSlot] = state.caseObject(workflow)
        slots[workflow.scope.nowSlot] = ValueDecoder.timestamp(now)
        switch program.evaluateBool(Activation(slots)) {
        case .success(let b): return .success(b)
        case .failure(let e):
            return .failure(Refusal(.invalidData, "`\(program.source)` cannot be evaluated: \(e.message)"), hitLimit: e.hitLimit)
        }
    }
}
