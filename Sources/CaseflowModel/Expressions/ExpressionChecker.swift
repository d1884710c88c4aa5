import CaseflowRules

/// Type-checks every expression of every workflow, and every decision rule against each
/// workflow that uses the decision.
struct ExpressionChecker {
    let set: DefinitionSet

    func check(into log: inout DiagnosticLog) {
        for workflow in set.workflows {
            let scope = WorkflowScope(workflow)
            for expression in expressions(of: workflow) {
                log.append(contentsOf: scope.compile(expression).problems)
            }
            var checkedDecisions = Set<String>()
            for stage in workflow.stages {
                guard let id = stage.decide?.value, let table = set.decisions[id], checkedDecisions.insert(id).inserted
                else { continue }
                for rule in table.rules {
                    guard let when = rule.when else { continue }
                    for p in scope.compile(when).problems {
                        log.error("\(p.message) (in workflow '\(workflow.id.value)', which uses this decision)",
                                  at: p.location)
                    }
                }
            }
        }
    }

    private func expressions(of workflow: Workflow) -> [ExpressionSource] {
        var result: [ExpressionSource] = []
        func sla(_ spec: SLASpec?) {
            guard let spec else { return }
            result += spec.due.compactMap(\.when)
            if let p = spec.pauseWhen { result.append(p) }
        }
        sla(workflow.sla)
        for stage in workflow.stages {
            if case .branches(let branches)? = stage.next { result += branches.compactMap(\.when) }
            sla(stage.sla)
        }
        return result
    }
}
