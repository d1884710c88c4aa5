import CaseflowYAML

/// The fields a decision writes must exist in the workflow that uses it, with matching types,
/// enums and ranges. A problem is reported at the rule in the decision file (where it is fixed)
/// and, for a field the workflow lacks, also at the workflow's `decide:`.
struct DecisionChecker {
    let workflow: Workflow

    func check(_ table: DecisionDefinition, usedAt use: Located<String>, into log: inout DiagnosticLog) {
        var reported = Set<String>()
        let fields = workflow.data.map(\.name.value)
        let w = "workflow '\(workflow.id.value)'"
        for rule in table.rules {
            for (field, value) in rule.set {
                guard let f = workflow.field(field.value) else {
                    log.error("decision '\(table.id.value)' sets '\(Suggestion.echo(field.value))', which \(w) does not declare in its data"
                              + Suggestion.hint(for: field.value, in: fields), at: field.location)
                    if reported.insert(field.value).inserted {
                        log.error("decision '\(table.id.value)' sets '\(Suggestion.echo(field.value))', which \(w) does not declare in its data "
                                  + "(used here; the rule is at \(field.location))", at: use.location)
                    }
                    continue
                }
                var valueType = f.type
                if table.hit == .collect {
                    guard case .list(let element) = f.type else {
                        if reported.insert(field.value).inserted {
                            log.error("decision '\(table.id.value)' collects '\(field.value)' into a list, but \(w) "
                                      + "declares it \(f.type) (used here)", at: use.location)
                        }
                        continue
                    }
                    valueType = element
                }
                if let problem = ValueChecker.problem(value, valueType) {
                    log.error("decision '\(table.id.value)' sets '\(field.value)', which \(w) declares \(f.type): \(problem)",
                              at: value.location)
                } else if table.hit != .collect, let problem = ValueChecker.rangeProblem(value, f) {
                    log.error("decision '\(table.id.value)' sets '\(field.value)', which \(w) limits: \(problem)", at: value.location)
                }
            }
        }
    }
}
