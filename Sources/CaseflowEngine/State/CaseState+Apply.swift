import CaseflowModel
import CaseflowRules

extension CaseState {
    /// Rebuilds a case from its history.
    /// Each event applies in the workflow version it was written under: a `migrated` event
    /// switches to the new version. Nil when a version is not in the catalog.
    public static func replay(_ events: [CaseEvent], in catalog: WorkflowCatalog) -> CaseState? {
        guard let first = events.first, case .opened(let workflowID, let caseID, _) = first.kind,
              var workflow = catalog.workflow(workflowID, version: first.version) else { return nil }
        var state = CaseState(id: caseID, workflow: workflow, openedBy: first.actor, at: first.at)
        for event in events {
            if event.version != workflow.version {
                guard let next = catalog.workflow(workflowID, version: event.version) else { return nil }
                workflow = next
            }
            state.apply(event, in: workflow)
        }
        return state
    }

    /// The one applier: every change to a case happens here, from an event.
    public mutating func apply(_ event: CaseEvent, in workflow: CompiledWorkflow) {
        apply(event, in: workflow, stageHint: -1)
    }

    /// `stageHint`: the index of the stage a `stage_entered` event enters, when the caller knows
    /// it (checked against the id before use).
    mutating func apply(_ event: CaseEvent, in workflow: CompiledWorkflow, stageHint: Int) {
        sequence = event.sequence
        lastEventAt = event.at
        switch event.kind {
        case .opened(_, _, let data):
            addActor(event.actor)
            write(data, workflow)
        case .dataChanged(let changes):
            if event.actor != CaseEvent.system { addActor(event.actor) }
            write(changes, workflow)
        case .stageEntered(let id, let role, let until):
            if stageHint >= 0, stageHint < workflow.stages.count, workflow.stages[stageHint].id == id {
                stage = stageHint
            } else {
                stage = workflow.stageIndex[id] ?? stage
            }
            if workflow.stages[stage].gate != nil, approvals.contains(where: { $0.gate == id }) { approvals.removeAll { $0.gate == id } }
            stageEnteredAt = event.at
            self.role = role
            assignee = nil
            // Each only when there is something to clear: clearing a list the caller's copy of the
            // case still shares would make a new one.
            if !tasksDone.isEmpty { tasksDone = [] }
            if !taskAssignees.isEmpty { taskAssignees = [:] }
            if !votes.isEmpty { votes = [] }
            waitUntil = until
            stageClock = nil
            if openEscalations.contains(where: { $0.scope == .stage }) { openEscalations.removeAll { $0.scope == .stage } }
            if workflow.readsCaseObject { slots[workflow.scope.caseSlot] = caseObject(workflow) }
        case .stageCompleted:
            if event.actor != CaseEvent.system { addActor(event.actor) }
        case .taskCompleted(_, let task):
            addActor(event.actor)
            tasksDone.append(task)
            if !taskAssignees.isEmpty { taskAssignees[task] = nil }
        case .assigned(_, let to, let task?):
            taskAssignees[task] = to
        case .assigned(_, let to, nil):
            assignee = to
        case .unassigned(_, let task?):
            taskAssignees[task] = nil
        case .unassigned(_, nil):
            assignee = nil
        case .moved:
            status = .open
            outcome = nil
        case .decisionEvaluated(_, _, let outputs):
            write(outputs, workflow)
        case .voteCast(_, let approve, _):
            votes.append(Vote(person: event.actor, approve: approve))
        case .gatePassed(let id):
            if let index = workflow.stageIndex[id], let gate = workflow.stages[index].gate, !gate.protects.isEmpty {
                approvals.removeAll { $0.gate == id }
                approvals.append(Approval(gate: id, values: gate.protects.map { FieldChange(workflow.fields[$0].name, slots[$0]) }))
            }
        case .gateRejected:
            break
        case .slaStarted(let scope, let clock):
            self[clock: scope] = clock
        case .slaRetargeted(let scope, let target, let budget, let moment, let deadline, let warnAt):
            self[clock: scope]?.target = target
            self[clock: scope]?.budget = budget
            self[clock: scope]?.workingMoment = moment
            self[clock: scope]?.deadline = deadline
            self[clock: scope]?.warnAt = warnAt
        case .slaWarned(let scope, _):
            self[clock: scope]?.warned = true
        case .slaPaused(let scope, let consumed):
            self[clock: scope]?.consumed = consumed
            self[clock: scope]?.runningSince = nil
            self[clock: scope]?.deadline = nil
            self[clock: scope]?.warnAt = nil
        case .slaResumed(let scope, let deadline, let warnAt):
            self[clock: scope]?.runningSince = event.at
            self[clock: scope]?.deadline = deadline
            self[clock: scope]?.warnAt = warnAt
        case .slaBreached(let scope, _):
            let deadline = self[clock: scope]?.deadline ?? event.at
            self[clock: scope]?.breachedAt = deadline
        case .slaStopped(let scope, _, _):
            self[clock: scope] = nil
            if scope == .case, !openEscalations.isEmpty { openEscalations.removeAll { $0.scope == .case } }
        case .escalationRaised(let record):
            escalationCount += 1
            self[clock: record.scope]?.levelsFired = record.level
            openEscalations.append(record)
            if let role = record.reassign {
                self.role = role
                assignee = nil
            }
        case .stuck:
            waitUntil = nil
        case .caseClosed(let outcome):
            status = .closed
            self.outcome = outcome
        case .caseCancelled:
            status = .cancelled
        case .migrated(let m):
            version = m.toVersion
            stage = workflow.stageIndex[m.toStage] ?? stage
            slots = [Value](repeating: .null, count: workflow.fields.count + 2)
            write(m.data, workflow)
            tasksDone = m.tasksDone
            taskAssignees = [:]
            votes = zip(m.votes, m.approves).map { Vote(person: $0, approve: $1) }
            role = m.role
            assignee = m.assignee
            waitUntil = m.waitUntil
            stageClock = nil
            caseClock = nil
            approvals.removeAll { a in workflow.stageIndex[a.gate].map { workflow.stages[$0].gate == nil } ?? true }
            if workflow.readsCaseObject { slots[workflow.scope.caseSlot] = caseObject(workflow) }
        }
    }

    /// Looks before inserting (most events are by someone already listed, and a look does not
    /// copy a list the caller still shares), then inserts in order.
    private mutating func addActor(_ person: String) {
        if actors.contains(person) { return }
        actors.insert(person, at: actors.firstIndex { $0 > person } ?? actors.count)
    }

    /// A scope's clock, changed in place (no copy of the clock out and back for each field set).
    subscript(clock scope: ClockScope) -> SLAClock? {
        get { scope == .stage ? stageClock : caseClock }
        _modify {
            if scope == .stage { yield &stageClock } else { yield &caseClock }
        }
    }

    private mutating func write(_ changes: [FieldChange], _ workflow: CompiledWorkflow) {
        for change in changes {
            if let slot = change.slot(in: workflow) { slots[slot] = change.value }
        }
    }

    /// The `case` object expressions see.
    func caseObject(_ workflow: CompiledWorkflow) -> Value {
        .object(ObjectValue(typeName: "case", fields: [
            "id": .string(id), "stage": .string(workflow.stages[stage].id), "opened_by": .string(openedBy),
            "workflow": .string(workflowID), "opened_at": ValueDecoder.timestamp(openedAt),
        ]))
    }
}
