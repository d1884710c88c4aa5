import CaseflowModel
import CaseflowRules

extension Transaction {
    /// The actor must hold the stage's current role (or, with `taskRoles`, a role of one of its
    /// tasks), or be an admin.
    mutating func requireWorker(taskRoles: Bool, doing what: String) throws(Refusal) {
        if let role = state.role, actorHolds(role) {
            actingRole = role
            return
        }
        if taskRoles, let task = stage.tasks.first(where: { actorHolds($0.role) }) {
            actingRole = task.role
            return
        }
        if actorIsAdmin {
            actingRole = BuiltInRole.admin
            return
        }
        var roles: [String] = state.role.map { [$0] } ?? []
        if taskRoles { roles += stage.tasks.map(\.role) }
        if roles.isEmpty {
            // The rule the message states: at a stage no role works, only an admin may.
            throw Refusal(.forbidden, "stage \(stage.id) is \(Self.kindPhrase(stage.kind)), which no role works; only an admin may \(what) there")
        }
        throw Refusal(.forbidden, "\(actor) may not \(what) at stage \(stage.id): that needs role "
                      + Array(Set(roles)).sorted().joined(separator: " or "))
    }

    static func kindPhrase(_ kind: Stage.Kind) -> String {
        switch kind {
        case .gate: return "a gate (approve or reject)"
        case .timer: return "a wait stage that moves on by itself"
        case .automatic: return "automatic"
        case .end: return "an end"
        case .worked: return "worked by its tasks"
        }
    }

    mutating func completeStage(data: [(field: String, value: Value)]) throws(Refusal) {
        let s = stage
        guard s.kind == .worked else {
            throw Refusal(.conflict, "stage \(s.id) is \(Self.kindPhrase(s.kind)), so it cannot be completed by hand")
        }
        guard s.role != nil || state.role != nil else {
            throw Refusal(.conflict, "stage \(s.id) has no role: it moves on by itself when its last task is done")
        }
        try requireWorker(taskRoles: false, doing: "complete the stage")
        try requireAssignee(doing: "complete")
        if s.tasks.contains(where: { !state.tasksDone.contains($0.id) }) {
            let open = s.tasks.map(\.id).filter { !state.tasksDone.contains($0) }
            throw Refusal(.conflict, "stage \(s.id) has open task\(open.count == 1 ? "" : "s"): \(open.joined(separator: ", "))")
        }
        try write(try checkedData(data))
        try finishStage(by: actor)
    }

    mutating func completeTask(_ taskID: String, data: [(field: String, value: Value)]) throws(Refusal) {
        let s = stage
        guard let index = s.task(taskID) else {
            let names = s.tasks.map(\.id)
            throw Refusal(.notFound, "stage \(s.id) has no task '\(taskID)'"
                          + (names.isEmpty ? "" : "; its tasks are \(names.joined(separator: ", "))"))
        }
        let task = s.tasks[index]
        guard !state.tasksDone.contains(taskID) else {
            throw Refusal(.conflict, "task \(taskID) of stage \(s.id) is already done")
        }
        guard actorIsAdmin || actorHolds(task.role) else {
            throw Refusal(.forbidden, "\(actor) may not complete task \(taskID): that needs role \(task.role)")
        }
        if let taker = state.taskAssignees[taskID], taker != actor, !actorIsAdmin {
            throw Refusal(.forbidden, "task \(taskID) of stage \(s.id) is assigned to \(taker); only \(taker) or an admin may complete it "
                          + "(\(taker) can give it back with unassign)")
        }
        actingRole = actorHolds(task.role) ? task.role : BuiltInRole.admin
        try write(try checkedData(data))
        emit(.taskCompleted(stage: s.id, task: taskID))
        if s.role == nil, state.tasksDone.count == s.tasks.count {
            try finishStage(by: actor, why: Why(.stage(workflow, .lastTask, stage: s.index, detail: taskID)))
        }
    }

    /// Completes the current stage: requires checked, decision run, the next stage chosen.
    mutating func finishStage(by who: String, why: Why? = nil) throws(Refusal) {
        let s = stage
        let missing = missingRequired()
        if !missing.isEmpty {
            throw Refusal(.invalidData, "stage \(s.id) requires \(missing.joined(separator: ", ")) to be set before it completes")
        }
        if let decision = s.decision { try decide(decision, of: s) }
        let (target, reason) = try chooseNext(s)
        leave(by: who)
        try enter(target, why: why ?? reason)
    }

    /// The first `next` entry whose condition holds, with its cause (made into text only when read).
    mutating func chooseNext(_ s: CompiledStage) throws(Refusal) -> (Int, Why) {
        var falseRead: [Value] = []
        // By position: a copy of each branch would retain its condition.
        for i in s.next.indices {
            guard let condition = s.next[i].condition else {
                return (s.next[i].to, Why(.branch(workflow, stage: s.index, branch: i, seen: falseRead)))
            }
            if try holds(condition, "condition") {
                var read: [Value] = []
                Why.read(condition, workflow, state.slots, into: &read)
                return (s.next[i].to, Why(.branch(workflow, stage: s.index, branch: i, seen: read)))
            }
            // What a false condition read: a default branch after it names those values.
            Why.read(condition, workflow, state.slots, into: &falseRead)
        }
        let tried = s.next.compactMap(\.condition).map { Why.isFalse($0, seen($0)) }
        throw Refusal(.conflict, "no next stage of \(s.id) applies: \(tried.joined(separator: "; "))")
    }

    mutating func decide(_ decision: CompiledDecision, of s: CompiledStage) throws(Refusal) {
        switch decision.table.evaluate(activation()) {
        case .failure(let error):
            throw Refusal(.invalidData, "decision \(decision.table.id): \(error.message)")
        case .success(let outcome):
            let outputs = outcome.outputs.map { FieldChange($0.field, $0.value, slot: workflow.fieldSlots[$0.field] ?? -1) }
            let numbers = outcome.matchedRules.map { $0 + 1 }  // rules are numbered from 1 for people
            var read: [Value] = []
            read.reserveCapacity(decision.reads.count)
            for slot in decision.reads { read.append(state.slots[slot]) }
            emit(.decisionEvaluated(decision: decision.table.id, rules: numbers, outputs: outputs),
                 by: CaseEvent.system, why: Why(.decision(workflow, stage: s.index, rules: numbers, seen: read)))
            try clocksFollowData(changed: outputs.compactMap { $0.slot >= 0 ? $0.slot : nil })
        }
    }

    /// Leaves the current stage: its clock stops (met or missed), its escalations close.
    mutating func leave(by who: String, late: Int64? = nil) {
        stopClock(.stage)
        emit(.stageCompleted(stage: stage.id, lateMillis: late), by: who)
    }

    /// Enters a stage: a fresh visit. Automatic stages run and move on; ends close the case.
    mutating func enter(_ index: Int, why: Why) throws(Refusal) {
        entries += 1
        guard entries <= Self.maxEntries else {
            throw Refusal(.conflict, "stage \(workflow.stages[index].id) was entered \(Self.maxEntries) times in one step: "
                          + "automatic stages are looping")
        }
        let s = workflow.stages[index]
        let clock = BusinessClock(workflow: workflow)
        emit(.stageEntered(stage: s.id, role: s.role, waitUntil: s.wait.map { clock.add($0, to: clock.start($0, at: now)) }),
             by: CaseEvent.system, why: why, stageHint: index)
        if let sla = s.sla { try startClock(.stage, sla) }
        switch s.kind {
        case .end:
            stopClock(.case)
            emit(.caseClosed(outcome: s.outcome ?? s.id), by: CaseEvent.system, why: Why(.stage(workflow, .endStage, stage: s.index, detail: "")))
        case .automatic:
            if let decision = s.decision { try decide(decision, of: s) }
            let (target, reason) = try chooseNext(s)
            leave(by: CaseEvent.system)
            try enter(target, why: reason)
        case .worked, .gate, .timer:
            break
        }
    }

    mutating func assign(_ person: String) throws(Refusal) {
        try requireWorker(taskRoles: false, doing: "assign the stage")
        guard directory.exists(person) else { throw Refusal(.notFound, "no person '\(person)' in the directory") }
        if let role = state.role, !directory.has(person, role) {
            throw Refusal(.invalidData, "\(person) does not hold role \(role), which works stage \(stage.id)")
        }
        emit(.assigned(stage: stage.id, to: person))
    }

    /// Once a stage is assigned, only its assignee (or an admin) finishes it.
    func requireAssignee(doing what: String) throws(Refusal) {
        guard let assignee = state.assignee, assignee != actor, !actorIsAdmin else { return }
        throw Refusal(.forbidden, "stage \(stage.id) is assigned to \(assignee); only \(assignee) or an admin may \(what) it "
                      + "(\(assignee) can give it back with unassign)")
    }

    mutating func claim(task taskID: String?) throws(Refusal) {
        if let taskID { return try claimTask(taskID) }
        guard stage.kind == .worked, let role = state.role else {
            throw Refusal(.conflict, "stage \(stage.id) is \(Self.kindPhrase(stage.kind)): there is nothing to claim")
        }
        if let assignee = state.assignee {
            throw Refusal(.conflict, assignee == actor ? "stage \(stage.id) is already yours"
                          : "stage \(stage.id) is already assigned to \(assignee)")
        }
        guard actorHolds(role) else {
            throw Refusal(.forbidden, "\(actor) may not claim stage \(stage.id): that needs role \(role)")
        }
        actingRole = role
        emit(.assigned(stage: stage.id, to: actor))
    }

    mutating func unassign(task taskID: String?) throws(Refusal) {
        if let taskID { return try unassignTask(taskID) }
        guard let assignee = state.assignee else {
            throw Refusal(.conflict, "stage \(stage.id) is not assigned to anyone")
        }
        if assignee == actor, let role = state.role, actorHolds(role) {
            actingRole = role
        } else if actorIsAdmin {
            actingRole = BuiltInRole.admin
        } else {
            throw Refusal(.forbidden, "only \(assignee) or an admin may give stage \(stage.id) back to its queue")
        }
        emit(.unassigned(stage: stage.id))
    }

    /// A repair: the case leaves its stage without completing it and enters `stageID` as the
    /// engine would (its SLA started, votes and tasks of the visit cleared). Admins only.
    mutating func move(to stageID: String, reason: String) throws(Refusal) {
        guard actorIsAdmin else {
            throw Refusal(.forbidden, "only an admin may move a case by hand; \(actor) does not hold role admin")
        }
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw Refusal(.invalidData, "a move needs a reason: it is recorded in the case's history")
        }
        guard let target = workflow.stageIndex[stageID] else {
            throw Refusal(.notFound, "workflow \(workflow.id) has no stage '\(stageID)'"
                          + Suggestion.hint(for: stageID, in: workflow.stageIndex.keys))
        }
        actingRole = BuiltInRole.admin
        let from = stage.id
        if state.isOpen { stopClock(.stage) }
        emit(.moved(from: from, to: stageID, reason: reason), why: Why(reason))
        try enter(target, why: Why("moved by \(actor) from \(from): \(reason)"))
    }

    mutating func cancel(_ reason: String?) throws(Refusal) {
        guard actor == state.openedBy || actorIsAdmin else {
            throw Refusal(.forbidden, "only the person who opened the case (\(state.openedBy)) or an admin may cancel it")
        }
        guard let reason, !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw Refusal(.invalidData, "a cancel needs a reason: it is recorded in the case's history")
        }
        actingRole = actor == state.openedBy ? (workflow.definition.roles.lazy.map(\.value).first { actorHolds($0) } ?? BuiltInRole.admin) : BuiltInRole.admin
        stopClock(.stage)
        stopClock(.case)
        emit(.caseCancelled(reason: reason), why: Why(reason))
    }
}
