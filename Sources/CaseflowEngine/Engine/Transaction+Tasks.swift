import CaseflowModel

/// Taking one task of a stage for oneself, and giving it back: once a task is taken, only the
/// person who took it (or an admin) completes it.
extension Transaction {
    private func openTask(_ taskID: String, doing what: String) throws(Refusal) -> CompiledTask {
        guard let index = stage.task(taskID) else {
            let names = stage.tasks.map(\.id)
            throw Refusal(.notFound, "stage \(stage.id) has no task '\(taskID)'" + (names.isEmpty ? "" : "; its tasks are \(names.joined(separator: ", "))"))
        }
        guard !state.tasksDone.contains(taskID) else {
            throw Refusal(.conflict, "task \(taskID) of stage \(stage.id) is already done: there is nothing to \(what)")
        }
        return stage.tasks[index]
    }

    mutating func claimTask(_ taskID: String) throws(Refusal) {
        let task = try openTask(taskID, doing: "claim")
        if let taker = state.taskAssignees[taskID] {
            throw Refusal(.conflict, taker == actor ? "task \(taskID) is already yours" : "task \(taskID) is already assigned to \(taker)")
        }
        guard actorHolds(task.role) else {
            throw Refusal(.forbidden, "\(actor) may not claim task \(taskID): that needs role \(task.role)")
        }
        actingRole = task.role
        emit(.assigned(stage: stage.id, to: actor, task: taskID))
    }

    mutating func unassignTask(_ taskID: String) throws(Refusal) {
        let task = try openTask(taskID, doing: "give back")
        guard let taker = state.taskAssignees[taskID] else {
            throw Refusal(.conflict, "task \(taskID) of stage \(stage.id) is not assigned to anyone")
        }
        if taker == actor, actorHolds(task.role) {
            actingRole = task.role
        } else if actorIsAdmin {
            actingRole = BuiltInRole.admin
        } else {
            throw Refusal(.forbidden, "only \(taker) or an admin may give task \(taskID) back to its queue")
        }
        emit(.unassigned(stage: stage.id, task: taskID))
    }
}
