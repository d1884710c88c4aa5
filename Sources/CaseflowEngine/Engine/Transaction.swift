import CaseflowModel
import CaseflowRules

/// The work of one command on a scratch copy of the case: every change is an event applied
/// at once, so later steps see it; a refusal throws the whole copy away.
struct Transaction {
    let workflow: CompiledWorkflow
    let directory: PeopleDirectory
    var state: CaseState
    var events: [CaseEvent] = []
    /// The logical instant of the current step (a timer fires at its due instant).
    var now: Instant
    let actor: String
    /// The actor's roles, looked up once (nil: not in the directory).
    let actorRoles: [String]?
    let actorIsAdmin: Bool
    /// Stage entries in this transaction, to stop automatic stages that loop.
    var entries = 0
    /// The role the actor acts under in this command, recorded on the events they cause.
    var actingRole: String?
    /// The release in force, recorded on every event.
    var release: Int?
    /// Slot values this transaction overwrote, oldest first, when it works on the caller's own
    /// slots (`handle` in place): a refusal writes them back. Nil: the transaction has a copy.
    var overwritten: [(slot: Int, value: Value)]?

    static let maxEntries = 1_000

    init(workflow: CompiledWorkflow, directory: PeopleDirectory, state: CaseState, now: Instant, actor: String) {
        self.workflow = workflow
        self.directory = directory
        self.state = state
        self.now = now
        self.actor = actor
        actorRoles = directory.roleList(actor)
        actorIsAdmin = actorRoles?.contains(BuiltInRole.admin) ?? false
        events.reserveCapacity(8)
    }

    /// Whether the actor holds `role`.
    @inline(__always)
    func actorHolds(_ role: String) -> Bool { actorRoles?.contains(role) ?? false }

    mutating func emit(_ kind: EventKind, by who: String? = nil, why: Why? = nil, stageHint: Int = -1) {
        let person = who ?? actor
        let event = CaseEvent(sequence: state.sequence + 1, at: now, actor: person,
                              version: workflow.version, kind: kind, why: why,
                              role: person == actor && person != CaseEvent.system ? actingRole : nil, release: release)
        if overwritten != nil { remember(kind) }
        state.apply(event, in: workflow, stageHint: stageHint)
        events.append(consume event)
    }

    /// Journals the slots an event is about to overwrite (the events `handle` can emit that
    /// write slots: data, decision outputs, and the `case` object on a stage entry).
    private mutating func remember(_ kind: EventKind) {
        switch kind {
        case .dataChanged(let changes), .decisionEvaluated(_, _, let changes):
            for change in changes {
                if let slot = change.slot(in: workflow) { overwritten?.append((slot, state.slots[slot])) }
            }
        case .stageEntered where workflow.readsCaseObject:
            let slot = workflow.scope.caseSlot
            overwritten?.append((slot, state.slots[slot]))
        default:
            break
        }
    }

    /// Puts back every slot this transaction overwrote (newest first) and clears `now`: the
    /// slots as they were before it began.
    mutating func restoreSlots() {
        for (slot, value) in (overwritten ?? []).reversed() { state.slots[slot] = value }
        overwritten = nil
        finish()
    }

    var stage: CompiledStage { workflow.stages[state.stage] }

    /// The activation expressions evaluate against, with `now` set. `now` is written into the
    /// case's own slots (and cleared again by `finished()`), so no evaluation copies the slot array.
    mutating func activation() -> Activation {
        let slot = workflow.scope.nowSlot
        let t = ValueDecoder.timestamp(now)
        if state.slots[slot] != t { state.slots[slot] = t }
        return Activation(state.slots)
    }

    /// The case as the transaction leaves it: `now` is not part of its state.
    mutating func finished() -> CaseState {
        finish()
        return state
    }

    /// Clears `now` from the case's slots: it is not part of its state.
    mutating func finish() {
        let slot = workflow.scope.nowSlot
        if !state.slots[slot].isNull { state.slots[slot] = .null }
    }

    /// Names and values an expression read, for `why`.
    func seen(_ program: Program) -> [(name: String, value: Value)] {
        Why.fieldSlots(program, workflow).map { (workflow.fields[$0].name, state.slots[$0]) }
    }

    /// Evaluates a condition; a failure refuses the command, naming the expression and the value at fault.
    mutating func holds(_ program: Program, _ what: String) throws(Refusal) -> Bool {
        switch program.evaluateBool(activation()) {
        case .success(let b): return b
        case .failure(let error):
            throw Refusal(.invalidData, "\(what) `\(program.source)` cannot be evaluated: \(error.message)")
        }
    }
}
