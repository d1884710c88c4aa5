import CaseflowModel
import CaseflowRules

/// Moving a running case to another version of its workflow.
public struct MigrationOptions: Sendable {
    /// Old stage id → new stage id, for stages renamed or removed.
    public var map: [String: String]
    /// Values for fields of the new version (new required fields need one).
    public var set: [(field: String, value: Value)]
    public var reason: String?

    public init(map: [String: String] = [:], set: [(field: String, value: Value)] = [], reason: String? = nil) {
        self.map = map
        self.set = set
        self.reason = reason
    }
}

/// What a migration does to one case, said before anything moves.
public struct MigrationPlan: Sendable {
    public var caseID: String
    public var fromStage: String
    public var toStage: String
    /// What changes besides the version: votes cast afresh, tasks or fields dropped, clocks re-targeted.
    public var notes: [String]
}

extension Engine {
    /// Plans and performs moving `state` to version `to` of its workflow, at `now`, by `actor`
    /// (an admin): a `migrated` event, then the SLA clocks of the new version with the working
    /// time already spent. Refused, naming why, when the case cannot move.
    public func migrate(_ state: CaseState, to version: Int, options: MigrationOptions, by actor: String,
                        at now: Instant) -> Result<(plan: MigrationPlan, outcome: Outcome), Refusal> {
        guard let old = workflow(of: state) else {
            return .failure(Refusal(.notFound, "workflow '\(state.workflowID)' version \(state.version) is not loaded"))
        }
        guard let new = catalog.workflow(state.workflowID, version: version) else {
            return .failure(Refusal(.notFound, "workflow '\(state.workflowID)' has no version \(version) loaded"))
        }
        guard directory.isAdmin(actor) else { return .failure(Refusal(.forbidden, "only an admin may migrate cases")) }
        guard state.isOpen else { return .failure(Refusal(.conflict, "case \(state.id) is \(state.status.rawValue); only open cases move")) }
        guard state.version != version else { return .failure(Refusal(.conflict, "case \(state.id) is already on version \(version)")) }
        var tx = Transaction(workflow: old, directory: directory, state: state, now: max(now, state.lastEventAt), actor: actor)
        tx.release = release
        tx.actingRole = BuiltInRole.admin
        tx.fireDue(upTo: tx.now)
        guard tx.state.isOpen else { return .failure(Refusal(.conflict, "case \(state.id) closed as its due timers fired")) }
        let s = tx.state
        let fromStage = old.stages[s.stage]
        let toID = options.map[fromStage.id] ?? fromStage.id
        guard let toIndex = new.stageIndex[toID] else {
            return .failure(Refusal(.conflict, "stage \(fromStage.id) has no counterpart in version \(version)"
                                    + (options.map[fromStage.id] == nil ? ": map it with --map \(fromStage.id)=STAGE" : "")))
        }
        let to = new.stages[toIndex]
        guard to.kind != .automatic, to.kind != .end else {
            return .failure(Refusal(.conflict, "stage \(to.id) of version \(version) is \(Transaction.kindPhrase(to.kind)); map the case to a stage where it can wait"))
        }
        var notes: [String] = []
        // Data: carried over by name, set where asked, checked against the new version.
        var problems: [String] = []
        var data: [FieldChange] = []
        let given = Dictionary(options.set.map { ($0.field, $0.value) }, uniquingKeysWith: { _, b in b })
        for name in given.keys where new.fieldSlots[name] == nil { problems.append("--set \(name): version \(version) has no such field") }
        for field in new.fields {
            let carried = old.fieldSlots[field.name].map { s.slots[$0] } ?? .null
            let raw = given[field.name] ?? carried
            if raw.isNull {
                if field.required { problems.append("\(field.name) is required in version \(version): give --set \(field.name)=VALUE") }
                continue
            }
            switch new.values.check(raw, field.type) {
            case .failure(let p): problems.append("\(field.name): \(p.message)\(given[field.name] == nil ? " (its value in version \(state.version))" : "")")
            case .success(let v):
                if let p = Transaction.constraintProblem(v, field) { problems.append("\(field.name): \(p)") } else { data.append(FieldChange(field.name, v)) }
            }
        }
        for field in old.fields where new.fieldSlots[field.name] == nil && !s.slots[old.fieldSlots[field.name]!].isNull {
            notes.append("drops field \(field.name) (not in version \(version))")
        }
        if !problems.isEmpty { return .failure(Refusal(.invalidData, problems.joined(separator: "; "))) }
        // Work already done in this visit.
        let tasks = s.tasksDone.filter { to.task($0) != nil }
        if tasks.count < s.tasksDone.count { notes.append("drops done tasks \(s.tasksDone.filter { to.task($0) == nil }.joined(separator: ", "))") }
        var votes = s.votes
        if !votes.isEmpty {
            let same = fromStage.gate.map(\.approvers).map(Set.init) == to.gate.map(\.approvers).map(Set.init)
            if !same {
                votes = []
                notes.append("gate \(to.id) votes afresh (its approvers changed)")
            } else {
                notes.append("keeps \(votes.count) vote\(votes.count == 1 ? "" : "s") at \(to.id)")
            }
        }
        let reassigned = s.role != nil && s.role != fromStage.role
        let role = reassigned && new.roles.contains(s.role!) ? s.role : to.role
        let assignee = s.assignee.flatMap { p in role.map { directory.has(p, $0) } == true ? p : nil }
        let waitUntil: Instant? = to.kind == .timer ? (fromStage.kind == .timer ? s.waitUntil : nil) : nil
        if fromStage.id != to.id { notes.append("moves from stage \(fromStage.id) to \(to.id)") }
        // Working time the clocks have counted so far.
        let spentStage = s.stageClock.map { tx.consumed($0) }
        let spentCase = s.caseClock.map { tx.consumed($0) }
        let record = MigrationRecord(
            fromVersion: state.version, toVersion: version, fromStage: fromStage.id, toStage: to.id,
            mapping: options.map.sorted { $0.key < $1.key }.map { FieldChange($0.key, .string($0.value)) }, data: data,
            tasksDone: tasks, votes: votes.map(\.person), approves: votes.map(\.approve), role: role, assignee: assignee,
            waitUntil: waitUntil ?? (to.kind == .timer ? to.wait.map { tx.clock.add($0, to: tx.now) } : nil), reason: options.reason)
        var moved = Transaction(workflow: new, directory: directory, state: s, now: tx.now, actor: actor)
        moved.release = release
        moved.actingRole = BuiltInRole.admin
        moved.events = tx.events
        do throws(Refusal) {
            moved.emit(.migrated(record), why: Why("migrated from version \(state.version) to \(version)" + (options.reason.map { ": \($0)" } ?? "")))
            if let sla = to.sla {
                try moved.startClock(.stage, sla, spent: spentStage ?? 0, from: s.stageClock)
                if let spentStage { notes.append("stage clock re-targeted to \(moved.state.stageClock?.target ?? "?"), \(spentStage / 60_000) min already spent") }
            }
            if let sla = new.caseSLA {
                try moved.startClock(.case, sla, spent: spentCase ?? 0, from: s.caseClock)
            }
            moved.fireDue(upTo: moved.now)
        } catch {
            return .failure(error)
        }
        let plan = MigrationPlan(caseID: state.id, fromStage: fromStage.id, toStage: to.id, notes: notes)
        return .success((plan, Outcome(events: moved.events, state: moved.finished())))
    }
}
