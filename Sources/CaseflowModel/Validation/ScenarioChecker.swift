import CaseflowYAML

/// A scenario's workflow, people, tasks, stages and data must exist.
struct ScenarioChecker {
    let set: DefinitionSet
    let scenario: Scenario

    func check(into log: inout DiagnosticLog) {
        guard let workflow = set.workflow(scenario.workflow.value) else {
            log.error("unknown workflow '\(scenario.workflow.value)'"
                      + Suggestion.hint(for: scenario.workflow.value, in: set.workflows.map(\.id.value)),
                      at: scenario.workflow.location)
            return
        }
        let tasks = Set(workflow.stages.flatMap { $0.tasks.map(\.id.value) })
        for step in scenario.steps { check(step.action, workflow, tasks, &log) }
    }

    private func check(_ action: ScenarioAction, _ workflow: Workflow, _ tasks: Set<String>, _ log: inout DiagnosticLog) {
        if let by = action.actor { person(by, &log) }
        if let stage = action.stage, workflow.stage(stage.value) == nil {
            log.error("stage '\(stage.value)' is not a stage of workflow '\(workflow.id.value)'"
                      + Suggestion.hint(for: stage.value, in: workflow.stages.map(\.id.value)), at: stage.location)
        }
        switch action {
        case .assign(_, let to): person(to, &log)
        case .complete(_, let task?, _, _) where !tasks.contains(task.value):
            log.error("task '\(task.value)' is not a task of workflow '\(workflow.id.value)'"
                      + Suggestion.hint(for: task.value, in: tasks), at: task.location)
        case .expect(let e):
            if let stage = e.stage, workflow.stage(stage.value) == nil {
                log.error("stage '\(stage.value)' is not a stage of workflow '\(workflow.id.value)'"
                          + Suggestion.hint(for: stage.value, in: workflow.stages.map(\.id.value)), at: stage.location)
            }
            for pair in e.data?.mapping ?? [] {
                guard let name = pair.key.text, workflow.field(name) == nil else { continue }
                log.error("'\(name)' is not a data field of workflow '\(workflow.id.value)'"
                          + Suggestion.hint(for: name, in: workflow.data.map(\.name.value)), at: pair.key.location)
            }
        case .fails(let inner, _): check(inner, workflow, tasks, &log)
        default: break
        }
    }

    private func person(_ id: Located<String>, _ log: inout DiagnosticLog) {
        guard set.people[id.value] == nil else { return }
        log.error("unknown person '\(id.value)'\(Suggestion.hint(for: id.value, in: set.people.keys)); "
                  + "people come from the directory", at: id.location)
    }
}
