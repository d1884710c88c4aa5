import CaseflowModel
import CaseflowRules

/// Runs cases against their workflows: (state, command, now) → events, or a refusal that
/// changes nothing. Pure: no clock, no I/O; instants and ids come in as arguments.
public struct Engine: Sendable {
    public let catalog: WorkflowCatalog
    /// The release of the definitions this engine runs (recorded on every event it writes).
    public let release: Int?

    public init(catalog: WorkflowCatalog, release: Int? = nil) {
        self.catalog = catalog
        self.release = release
    }

    public var directory: PeopleDirectory { catalog.directory }

    /// The workflow version a case runs on.
    public func workflow(of state: CaseState) -> CompiledWorkflow? {
        catalog.workflow(state.workflowID, version: state.version)
    }

    /// Opens a case on the newest version of `workflowID` (or on `version`).
    public func open(caseID: String, workflow workflowID: String, version: Int? = nil, data: [(field: String, value: Value)],
                     by actor: String, at now: Instant) -> Result<Outcome, Refusal> {
        guard let workflow = catalog.workflow(workflowID, version: version) else {
            return .failure(Refusal(.notFound, "no workflow '\(workflowID)'" + (version.map { " version \($0)" } ?? "")))
        }
        guard directory.isAdmin(actor) || workflow.roles.contains(where: { directory.has(actor, $0) }) else {
            return .failure(Refusal(.forbidden, "\(actor) holds none of the roles of workflow '\(workflowID)' "
                                    + "(\(workflow.definition.roles.map(\.value).joined(separator: ", "))), so cannot open a case"))
        }
        var tx = Transaction(workflow: workflow, directory: directory, state: CaseState(id: caseID, workflow: workflow, openedBy: actor, at: now),
                             now: now, actor: actor)
        tx.release = release
        tx.actingRole = workflow.definition.roles.lazy.map(\.value).first { tx.actorHolds($0) } ?? BuiltInRole.admin
        do throws(Refusal) {
            // The opening data in field order, defaults filled in.
            var bySlot = [Value?](repeating: nil, count: workflow.fields.count)
            for change in try tx.checkedData(data, opening: true) {
                if let slot = change.slot(in: workflow) { bySlot[slot] = change.value }
            }
            var initial: [FieldChange] = []
            initial.reserveCapacity(workflow.fields.count)
            var missing: [String] = []
            // By index, reading only what is needed: a copy of each field's schema would retain its lists.
            for slot in workflow.fields.indices {
                let value: Value? = bySlot[slot] ?? (workflow.fields[slot].defaultValue.isNull ? nil : workflow.fields[slot].defaultValue)
                if let value { initial.append(FieldChange(workflow.fields[slot].name, value, slot: slot)) }
                if workflow.fields[slot].required && (value?.isNull ?? true) { missing.append(workflow.fields[slot].name) }
            }
            if !missing.isEmpty {
                throw Refusal(.invalidData, "required field\(missing.count == 1 ? "" : "s") missing: "
                              + missing.joined(separator: ", "))
            }
            tx.emit(.opened(workflow: workflow.id, caseID: caseID, data: initial))
            if let sla = workflow.caseSLA { try tx.startClock(.case, sla) }
            try tx.enter(workflow.start, why: Why(.stage(workflow, .workflowStarts, stage: workflow.start, detail: "")))
            tx.fireDue(upTo: now)
        } catch {
            return .failure(error)
        }
        return .success(Outcome(events: tx.events, state: tx.finished()))
    }

    /// Runs one command on a case. Timers due by `now` fire first. With `stage`, the command is
    /// meant for that stage: a case that stands elsewhere refuses it (a repeated or late request
    /// never acts on the stage after the one it was sent for).
    public func handle(_ command: Command, on state: CaseState, by actor: String, at now: Instant,
                       stage expected: String? = nil) -> Result<Outcome, Refusal> {
        var after = state
        switch handle(command, on: &after, by: actor, at: now, stage: expected) {
        case .success(let events): return .success(Outcome(events: events, state: after))
        case .failure(let refusal): return .failure(refusal)
        }
    }

    /// `handle` on a case the caller owns: on success the case is changed in place and the events
    /// are returned; on a refusal the case is exactly as it was.
    public func handle(_ command: Command, on state: inout CaseState, by actor: String, at now: Instant,
                       stage expected: String? = nil) -> Result<[CaseEvent], Refusal> {
        guard let workflow = workflow(of: state) else {
            return .failure(Refusal(.notFound, "workflow '\(state.workflowID)' version \(state.version) is not loaded"))
        }
        var tx = Transaction(workflow: workflow, directory: directory, state: state, now: max(now, state.lastEventAt), actor: actor)
        tx.release = release
        // The case's slots move into the transaction, so its writes need no copy of them; what
        // it overwrites is journalled, and a refusal writes it back. (The case's other parts are
        // shared with the caller's until the transaction changes them.)
        state.slots = []
        tx.overwritten = []
        tx.fireDue(upTo: tx.now)
        do throws(Refusal) {
            var reopening = false
            if case .move(_, _, true) = command { reopening = true }
            guard tx.state.isOpen || reopening else {
                var refusal = "case \(state.id) is \(tx.state.status.rawValue)" + (tx.state.outcome.map { " (\($0))" } ?? "")
                if case .move = command {
                    refusal += "; a move opens it again only when asked to (reopen: true)"
                } else {
                    refusal += "; nothing more can be done to it"
                }
                throw Refusal(.conflict, refusal)
            }
            guard tx.actorRoles != nil else { throw Refusal(.forbidden, "\(actor) is not in the directory") }
            if let expected, expected != tx.stage.id, !reopening {
                throw Refusal(.conflict, "this \(command.name) is meant for stage \(expected), but case \(state.id) is at stage "
                              + "\(tx.stage.id) now; nothing was done")
            }
            switch command {
            case .complete(let task?, let data): try tx.completeTask(task, data: data)
            case .complete(nil, let data): try tx.completeStage(data: data)
            case .setData(let data): try tx.setData(data)
            case .approve(let comment): try tx.vote(approve: true, note: comment)
            case .reject(let reason): try tx.vote(approve: false, note: reason)
            case .assign(let to): try tx.assign(to)
            case .claim(let task): try tx.claim(task: task)
            case .unassign(let task): try tx.unassign(task: task)
            case .cancel(let reason): try tx.cancel(reason)
            case .move(let to, let reason, _): try tx.move(to: to, reason: reason)
            case .repairData(let data, let reason): try tx.repairData(data, reason: reason)
            }
            tx.fireDue(upTo: tx.now)
        } catch {
            tx.restoreSlots()
            swap(&state.slots, &tx.state.slots)
            return .failure(error)
        }
        tx.finish()
        swap(&state, &tx.state)
        return .success(tx.events)
    }

    /// Fires everything due by `now`, in due order, each at its due instant (late ones say by how much).
    public func advance(_ state: CaseState, to now: Instant) -> Outcome {
        var after = state
        let events = advance(&after, to: now)
        return Outcome(events: events, state: after)
    }

    /// `advance` on a case the caller owns, changed in place; returns the events.
    public func advance(_ state: inout CaseState, to now: Instant) -> [CaseEvent] {
        guard let workflow = workflow(of: state) else { return [] }
        var tx = Transaction(workflow: workflow, directory: directory, state: state, now: max(now, state.lastEventAt), actor: CaseEvent.system)
        tx.release = release
        state.slots = []  // the transaction's copy of them is then the only one: no copy on write
        tx.fireDue(upTo: tx.now)
        tx.finish()
        swap(&state, &tx.state)
        return tx.events
    }

    /// Why a field would refuse a value of its type (not one of its `enum`, outside `min`/`max`),
    /// worded as a refusal of data names it; nil when it takes it.
    public static func constraintProblem(_ value: Value, of field: FieldSchema) -> String? {
        Transaction.constraintProblem(value, field)
    }

    /// The next instant at which something is due on this case, if any.
    public func nextDue(_ state: CaseState) -> Instant? {
        guard let workflow = workflow(of: state) else { return nil }
        return Transaction(workflow: workflow, directory: directory, state: state, now: state.lastEventAt, actor: CaseEvent.system).nextTimer()?.due
    }
}
