import CaseflowYAML

/// The fields a decision writes must exist in the workflow that uses it, with matching types.
struct DecisionChecker {
    let workflow: Workflow

    func check(_ table: DecisionDefinition, usedAt use: Located<String>, into log: inout DiagnosticLog) {
        var reported = Set<String>()
        for rule in table.rules {
            for (field, value) in rule.set {
                guard let f = workflow.field(field.value) else {
                    if reported.insert(field.value).inserted {
                        log.error("decision '\(table.id.value)' sets '\(field.value)', which workflow '\(workflow.id.value)' "
                                  + "does not declare in its data (used here)", at: use.location)
                    }
                    continue
                }
                var valueType = f.type
                if table.hit == .collect {
                    guard case .list(let element) = f.type else {
                        if reported.insert(field.value).inserted {
                            log.error("decision '\(table.id.value)' collects '\(field.value)' into a list, but workflow "
                                      + "'\(workflow.id.value)' declares it \(f.type) (used here)", at: use.location)
                        }
                        continue
                    }
                    valueType = element
                }
                if let problem = ValueChecker.problem(value, valueType), reported.insert(field.value).inserted {
                    log.error("decision '\(table.id.value)' sets '\(field.value)', which workflow '\(workflow.id.value)' "
                              + "declares \(f.type): \(problem) (rule at \(value.location); used here)", at: use.location)
                }
            }
        }
    }
}
