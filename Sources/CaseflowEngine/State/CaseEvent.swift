import CaseflowModel
import CaseflowRules

/// One entry of a case's history. A case's state is the fold of its events.
public struct CaseEvent: Sendable {
    /// 1, 2, 3… within the case.
    public var sequence: Int
    public var at: Instant
    /// The person who caused it, or `system` for timers and automatic steps.
    public var actor: String
    /// The workflow version in force.
    public var version: Int
    public var kind: EventKind
    /// What caused it: the condition, rule, vote or timer, with the values it saw.
    public var why: Why?
    /// The role a person acted under (a stage's or task's role, the approver role a vote counted
    /// for, or `admin`); nil for the system and for events written before roles were recorded.
    public var role: String?
    /// The release of the definitions in force when the event was written (nil outside a daemon:
    /// scenarios, simulation).
    public var release: Int?

    public init(sequence: Int, at: Instant, actor: String, version: Int, kind: EventKind, why: Why? = nil, role: String? = nil,
                release: Int? = nil) {
        self.release = release
        self.sequence = sequence
        self.at = at
        self.actor = actor
        self.version = version
        self.kind = kind
        self.why = why
        self.role = role
    }

    public static let system = "system"
}

/// The cause of an event, as an auditor reads it.
///
/// The engine records the common causes (a branch taken, an SLA target chosen) as what it read:
/// the compiled condition and the values it saw. The text is made from them only when someone
/// reads `reason` or `values` (history, the store's canonical text), so a command that nobody
/// reads the cause of builds no strings.
public struct Why: Sendable, Equatable {
    enum Form: Sendable {
        case text(String, [(name: String, value: Value)])
        /// `next[branch]` of stage `stage` was taken; `seen` holds the values its condition read
        /// (for a default branch after others: what each earlier condition read, in order).
        /// Stages and SLAs by index into the workflow, so that a cause holds one reference.
        case branch(CompiledWorkflow, stage: Int, branch: Int, seen: [Value])
        /// Target `target` of an SLA (of stage `sla`, or of the case when -1) was chosen;
        /// `seen`: what its condition read.
        case target(CompiledWorkflow, sla: Int, target: Int, seen: [Value])
        /// Rules `rules` (numbered from 1) of stage `stage`'s decision matched; `seen`: what its rules read.
        case decision(CompiledWorkflow, stage: Int, rules: [Int], seen: [Value])
        /// One of the engine's fixed sentences about stage `stage` (with `detail`: a task's id).
        case stage(CompiledWorkflow, Phrase, stage: Int, detail: String)
    }

    /// The engine's fixed sentences about a stage, worded only when read.
    enum Phrase: Sendable {
        /// "the workflow starts at STAGE"
        case workflowStarts
        /// "end stage STAGE"
        case endStage
        /// "the last task of STAGE (TASK) was done"
        case lastTask
        /// "wait of DURATION at STAGE is over"
        case waitOver
    }

    let form: Form

    public init(_ reason: String, values: [(name: String, value: Value)] = []) {
        form = .text(reason, values)
    }

    init(_ form: Form) { self.form = form }

    public var reason: String {
        switch form {
        case .text(let reason, _):
            return reason
        case .branch(let workflow, let stageIndex, let index, let seen):
            let stage = workflow.stages[stageIndex]
            if let condition = stage.next[index].condition { return condition.source }
            if index == 0 { return "next of \(stage.id)" }
            var offset = 0
            var tried: [String] = []
            for branch in stage.next.prefix(index) {
                guard let condition = branch.condition else { continue }
                let read = Array(seen[offset...].prefix(Self.fieldSlots(condition, workflow).count))
                offset += read.count
                tried.append(Self.isFalse(condition, Self.named(condition, read, workflow)))
            }
            return "default of \(stage.id) after \(tried.joined(separator: ", "))"
        case .target(let workflow, let slaIndex, let index, _):
            let sla = Self.sla(slaIndex, workflow)
            let name = sla.targetNames[index]
            guard let condition = sla.targets[index].condition else { return "target " + name }
            return "target \(name) because \(condition.source)"
        case .decision(let workflow, let stage, let rules, _):
            let id = workflow.stages[stage].decision?.table.id ?? ""
            return "rule\(rules.count == 1 ? "" : "s") \(rules.map(String.init).joined(separator: ", ")) of \(id) matched"
        case .stage(let workflow, let phrase, let index, let detail):
            let stage = workflow.stages[index]
            switch phrase {
            case .workflowStarts: return "the workflow starts at \(stage.id)"
            case .endStage: return "end stage \(stage.id)"
            case .lastTask: return "the last task of \(stage.id) (\(detail)) was done"
            case .waitOver: return "wait of \(stage.wait?.description ?? "") at \(stage.id) is over"
            }
        }
    }

    public var values: [(name: String, value: Value)] {
        switch form {
        case .text(_, let values):
            return values
        case .branch(let workflow, let stage, let index, let seen):
            guard let condition = workflow.stages[stage].next[index].condition else { return [] }
            return Self.named(condition, seen, workflow)
        case .target(let workflow, let sla, let index, let seen):
            guard let condition = Self.sla(sla, workflow).targets[index].condition else { return [] }
            return Self.named(condition, seen, workflow)
        case .decision(let workflow, let stage, _, let seen):
            return zip(workflow.stages[stage].decision?.reads ?? [], seen).map { (workflow.fields[$0].name, $1) }
        case .stage:
            return []
        }
    }

    /// The SLA of stage `index`, or the case's when -1.
    static func sla(_ index: Int, _ workflow: CompiledWorkflow) -> CompiledSLA {
        index < 0 ? workflow.caseSLA! : workflow.stages[index].sla!
    }

    /// The field slots a condition reads (not `case` or `now`), ascending.
    static func fieldSlots(_ program: Program, _ workflow: CompiledWorkflow) -> ArraySlice<Int> {
        let slots = program.referencedSlots
        var end = 0
        while end < slots.count, slots[end] < workflow.scope.fieldCount { end += 1 }
        return slots[..<end]
    }

    /// What a condition read, appended to `into`: the values of its field slots, in slot order.
    static func read(_ program: Program, _ workflow: CompiledWorkflow, _ slots: [Value], into values: inout [Value]) {
        for slot in fieldSlots(program, workflow) { values.append(slots[slot]) }
    }

    /// "`condition` is false (name = value, …)": a branch condition not taken, as a default
    /// branch's cause and a refusal word it.
    static func isFalse(_ condition: Program, _ values: [(name: String, value: Value)]) -> String {
        let read = values.map { "\($0.name) = \(JSONPrinter.print($0.value))" }.joined(separator: ", ")
        return "`\(condition.source)` is false" + (read.isEmpty ? "" : " (\(read))")
    }

    static func named(_ program: Program, _ seen: [Value], _ workflow: CompiledWorkflow) -> [(name: String, value: Value)] {
        zip(fieldSlots(program, workflow), seen).map { (workflow.fields[$0].name, $1) }
    }

    public static func == (a: Why, b: Why) -> Bool {
        a.reason == b.reason && a.values.map(\.name) == b.values.map(\.name) && a.values.map(\.value) == b.values.map(\.value)
    }
}

/// Whose clock: the current stage's, or the whole case's.
public enum ClockScope: String, Sendable, Equatable {
    case stage, `case`
}

public enum EventKind: Sendable, Equatable {
    case opened(workflow: String, caseID: String, data: [FieldChange])
    case dataChanged([FieldChange])
    case stageEntered(stage: String, role: String?, waitUntil: Instant?)
    /// `lateMillis`: set when a `wait` timer moved the case on, by how much it fired late.
    case stageCompleted(stage: String, lateMillis: Int64? = nil)
    case taskCompleted(stage: String, task: String)
    /// `task`: one task of the stage taken by a person (the stage itself when nil).
    case assigned(stage: String, to: String, task: String? = nil)
    /// The stage went back to its role's queue: nobody is assigned to it.
    case unassigned(stage: String, task: String? = nil)
    /// An admin moved the case to a stage by hand (a repair), reopening it if it had ended.
    case moved(from: String, to: String, reason: String)
    case decisionEvaluated(decision: String, rules: [Int], outputs: [FieldChange])
    case voteCast(stage: String, approve: Bool, note: String?)
    case gatePassed(stage: String)
    case gateRejected(stage: String, reason: String)
    /// Boxed: a clock is the largest common payload (88 bytes), and unboxed it would make every
    /// event of every kind that large, which each append, apply and copy of an event moves.
    indirect case slaStarted(ClockScope, SLAClock)
    /// A field the target depends on changed: another target applies; time spent still counts.
    indirect case slaRetargeted(ClockScope, target: String, budget: Int64, workingMoment: Bool, deadline: Instant?, warnAt: Instant?)
    case slaWarned(ClockScope, lateMillis: Int64)
    case slaPaused(ClockScope, consumed: Int64)
    case slaResumed(ClockScope, deadline: Instant?, warnAt: Instant?)
    case slaBreached(ClockScope, lateMillis: Int64)
    /// The clock stopped because its stage (or the case) was left.
    case slaStopped(ClockScope, met: Bool, workingMillis: Int64)
    /// Boxed, like `migrated`: the two records are the largest payloads and rare, and unboxed they
    /// would make every event of every kind as large as they are.
    indirect case escalationRaised(EscalationRecord)
    /// A timer fired but the case could not follow it (an expression failed); a person must act.
    case stuck(reason: String)
    case caseClosed(outcome: String)
    case caseCancelled(reason: String?)
    /// The case moved to another version of its workflow (see `MigrationRecord`).
    indirect case migrated(MigrationRecord)

    /// The event's type name, as history and the API show it.
    public var name: String {
        switch self {
        case .opened: return "opened"
        case .dataChanged: return "data_changed"
        case .stageEntered: return "stage_entered"
        case .stageCompleted: return "stage_completed"
        case .taskCompleted: return "task_completed"
        case .assigned: return "assigned"
        case .unassigned: return "unassigned"
        case .moved: return "moved"
        case .decisionEvaluated: return "decision_evaluated"
        case .voteCast: return "vote_cast"
        case .gatePassed: return "gate_passed"
        case .gateRejected: return "gate_rejected"
        case .slaStarted: return "sla_started"
        case .slaRetargeted: return "sla_retargeted"
        case .slaWarned: return "sla_warned"
        case .slaPaused: return "sla_paused"
        case .slaResumed: return "sla_resumed"
        case .slaBreached: return "sla_breached"
        case .slaStopped(_, let met, _): return met ? "sla_met" : "sla_missed"
        case .escalationRaised: return "escalation_raised"
        case .stuck: return "stuck"
        case .caseClosed: return "case_closed"
        case .caseCancelled: return "case_cancelled"
        case .migrated: return "migrated"
        }
    }
}

public struct FieldChange: Sendable, Equatable {
    public var field: String
    public var value: Value
    /// The field's slot in the workflow the engine wrote it under (-1: not known), so applying
    /// the change needs no lookup by name. Only a hint: checked against the name before use.
    var slot: Int = -1

    public init(_ field: String, _ value: Value) {
        self.field = field
        self.value = value
    }

    init(_ field: String, _ value: Value, slot: Int) {
        self.field = field
        self.value = value
        self.slot = slot
    }

    /// The slot of the field in `workflow`: the hint when it names the same field, else by name.
    @inline(__always)
    func slot(in workflow: CompiledWorkflow) -> Int? {
        if slot >= 0, slot < workflow.fields.count, workflow.fields[slot].name == field { return slot }
        return workflow.fieldSlots[field]
    }

    public static func == (a: FieldChange, b: FieldChange) -> Bool { a.field == b.field && a.value == b.value }
}

/// A case moved from one version of its workflow to another: where it stands in the new
/// version and everything it keeps. Applied in the new version.
public struct MigrationRecord: Sendable, Equatable {
    public var fromVersion: Int
    public var toVersion: Int
    public var fromStage: String
    public var toStage: String
    /// The stage mapping the administrator gave (old id → new id).
    public var mapping: [FieldChange]
    /// The case's data in the new version (every field that has a value).
    public var data: [FieldChange]
    /// Done tasks that still exist in the new stage.
    public var tasksDone: [String]
    /// Votes kept: the gate still exists with the same approvers.
    public var votes: [String]
    public var approves: [Bool]
    /// The role that works the stage now, and the person it is assigned to.
    public var role: String?
    public var assignee: String?
    public var waitUntil: Instant?
    public var reason: String?

    public init(fromVersion: Int, toVersion: Int, fromStage: String, toStage: String, mapping: [FieldChange], data: [FieldChange],
                tasksDone: [String], votes: [String], approves: [Bool], role: String?, assignee: String?, waitUntil: Instant?,
                reason: String?) {
        self.fromVersion = fromVersion
        self.toVersion = toVersion
        self.fromStage = fromStage
        self.toStage = toStage
        self.mapping = mapping
        self.data = data
        self.tasksDone = tasksDone
        self.votes = votes
        self.approves = approves
        self.role = role
        self.assignee = assignee
        self.waitUntil = waitUntil
        self.reason = reason
    }
}

public struct EscalationRecord: Sendable, Equatable {
    public var scope: ClockScope
    public var stage: String
    public var level: Int
    /// `warn`, `breach` or `breach + …`.
    public var moment: String
    /// People notified.
    public var notified: [String]
    public var reassign: String?
    public var set: [FieldChange]
    public var goto: String?
    public var lateMillis: Int64
}
