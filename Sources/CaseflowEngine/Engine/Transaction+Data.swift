import CaseflowModel
import CaseflowRules

/// Fields the engine keeps for itself; data can never write them.
let engineOwnedFields: Set<String> = ["stage", "status", "outcome", "votes", "sla", "case", "now", "assignee", "version"]

/// The field slots a command's data named so far: a bit mask for the first 64 slots (no
/// allocation for the common workflow), a set past them.
struct GivenSlots {
    private var low: UInt64 = 0
    private var high: Set<Int> = []

    /// False when the slot was given already.
    mutating func insert(_ slot: Int) -> Bool {
        guard slot < 64 else { return high.insert(slot).inserted }
        let bit: UInt64 = 1 << UInt64(slot)
        defer { low |= bit }
        return low & bit == 0
    }
}

extension Transaction {
    /// Checks data against the workflow's fields; every violation is listed in one refusal.
    func checkedData(_ data: [(field: String, value: Value)], opening: Bool = false) throws(Refusal) -> [FieldChange] {
        if data.isEmpty { return [] }
        var problems: [String] = []
        var changes: [FieldChange] = []
        changes.reserveCapacity(data.count)
        var given = GivenSlots()
        var unknownGiven: [String] = []
        for (name, raw) in data {
            guard let slot = workflow.fieldSlots[name] else {
                if unknownGiven.contains(name) {
                    problems.append("'\(name)' is given twice")
                    continue
                }
                unknownGiven.append(name)
                if engineOwnedFields.contains(name) {
                    problems.append("'\(name)' is owned by the engine and cannot be written as data")
                } else {
                    problems.append("unknown field '\(name)'\(Suggestion.hint(for: name, in: workflow.fieldSlots.keys))")
                }
                continue
            }
            if !given.insert(slot) {
                problems.append("'\(name)' is given twice")
                continue
            }
            let field = workflow.fields[slot]
            switch workflow.values.check(raw, field.type) {
            case .failure(let p):
                problems.append("\(name): \(p.message)")
            case .success(let v):
                if let p = Self.constraintProblem(v, field) {
                    problems.append("\(name): \(p)")
                } else if v.isNull && field.required && !opening {
                    problems.append("\(name) is required and cannot be cleared")
                } else {
                    changes.append(FieldChange(name, v, slot: slot))
                }
            }
        }
        if !problems.isEmpty { throw Refusal(.invalidData, problems.joined(separator: "; ")) }
        return changes
    }

    static func constraintProblem(_ v: Value, _ field: FieldSchema) -> String? {
        if v.isNull { return nil }
        if let allowed = field.allowed, !allowed.contains(v) {
            return "\(ValueDecoder.show(v)) is not one of \(allowed.map { JSONPrinter.print($0) }.joined(separator: ", "))"
        }
        let number: Double?
        switch v {
        case .int(let i): number = Double(i)
        case .double(let d): number = d
        default: number = nil
        }
        if let n = number {
            if let lo = field.min, n < lo { return "\(JSONPrinter.print(v)) is below the minimum \(lo)" }
            if let hi = field.max, n > hi { return "\(JSONPrinter.print(v)) is above the maximum \(hi)" }
        }
        return nil
    }

    /// Writes data (only what changes), then lets SLA clocks react to it. A person's change of a
    /// field a passed gate protects is refused, or (`on_change: revote`, with `revote`) made and
    /// the case sent back to the gate for a fresh vote.
    mutating func write(_ changes: [FieldChange], by who: String? = nil, why: Why? = nil, revote: Bool = false,
                        overriding: Bool = false) throws(Refusal) {
        var real: [FieldChange] = []
        var slots: [Int] = []
        real.reserveCapacity(changes.count)
        slots.reserveCapacity(changes.count)
        for c in changes {
            guard let slot = c.slot(in: workflow), state.slots[slot] != c.value else { continue }
            real.append(FieldChange(c.field, c.value, slot: slot))
            slots.append(slot)
        }
        guard !real.isEmpty else { return }
        var reopen: (gate: CompiledStage, fields: [String])?
        if !overriding, (who ?? actor) != CaseEvent.system, !state.approvals.isEmpty {
            for c in real {
                guard let (approval, approved, gateStage) = approvalCovering(c) else { continue }
                let onChange = gateStage.gate?.onChange ?? .refuse
                if onChange == .revote && revote {
                    if reopen == nil { reopen = (gateStage, []) }
                    reopen?.fields.append(c.field)
                    continue
                }
                let how = onChange == .revote
                    ? "change it on its own with a data update, which sends the case back to \(approval.gate) for a fresh vote"
                    : "workflow \(workflow.id) does not reopen an approval once its gate has passed"
                throw Refusal(.conflict, "\(c.field) is protected by the approval at gate \(approval.gate) "
                              + "(approved as \(JSONPrinter.print(approved))); \(how)")
            }
        }
        emit(.dataChanged(real), by: who, why: why)
        try clocksFollowData(changed: slots)
        if let reopen {
            let fields = reopen.fields.joined(separator: ", ")
            leave(by: CaseEvent.system)
            try enter(reopen.gate.index, why: Why("\(fields) changed after the approval at gate \(reopen.gate.id): a fresh vote is needed",
                                                  values: reopen.fields.compactMap { f in workflow.fieldSlots[f].map { (f, state.slots[$0]) } }))
        }
    }

    /// The approval in force that covers this field with another value, the value it approved, and its gate.
    func approvalCovering(_ change: FieldChange) -> (CaseState.Approval, Value, CompiledStage)? {
        for approval in state.approvals {
            guard let approved = approval.values.first(where: { $0.field == change.field }), approved.value != change.value,
                  let index = workflow.stageIndex[approval.gate] else { continue }
            return (approval, approved.value, workflow.stages[index])
        }
        return nil
    }

    /// Missing `requires` fields of the current stage.
    func missingRequired() -> [String] {
        stage.requires.filter { state.slots[$0].isNull }.map { workflow.fields[$0].name }
    }

    /// A repair: an admin writes data past the stage's rules (a field a passed gate protects, at
    /// any stage), still checked against the workflow's types, the reason kept in the history.
    mutating func repairData(_ data: [(field: String, value: Value)], reason: String) throws(Refusal) {
        guard actorIsAdmin else {
            throw Refusal(.forbidden, "only an admin may repair data; \(actor) does not hold role admin")
        }
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw Refusal(.invalidData, "a repair needs a reason: it is recorded in the case's history")
        }
        actingRole = BuiltInRole.admin
        try write(try checkedData(data), why: Why("repair by \(actor): \(reason)"), overriding: true)
    }

    mutating func setData(_ data: [(field: String, value: Value)]) throws(Refusal) {
        try requireWorker(taskRoles: true, doing: "change data")
        try write(try checkedData(data), revote: true)
    }
}
