import CaseflowEngine
import CaseflowModel
import CaseflowRules

/// Writes an event's canonical JSON straight into bytes: the text `EventCodec.tree` prints
/// (README: "The canonical form of history events"), without building the tree first. Each
/// object's keys are written in their sorted (UTF-8 byte) order; a test holds the two to the
/// same bytes for every event of every shipped scenario.
struct EventWriter {
    private var j = JSONWriter(capacity: 512)

    static func write(_ event: CaseEvent, caseID: String) -> String {
        var w = EventWriter()
        w.event(event, caseID: caseID)
        return w.j.text
    }

    private mutating func value(_ v: Value) {
        switch v {
        case .null: j.raw("null")
        case .bool(let b): j.bool(b)
        case .int(let i): j.int(i)
        case .string(let s): j.string(s)
        case .double(let d) where d.isFinite: j.double(d)
        default: j.rawText(CanonicalJSON.print(ValueJSON.encode(v)))
        }
    }

    private mutating func changes(_ list: [FieldChange]) {
        j.raw("[")
        for (i, c) in list.enumerated() {
            j.raw(i == 0 ? "{" : ",{")
            j.key("field", first: true); j.string(c.field)
            j.key("value"); value(c.value)
            j.raw("}")
        }
        j.raw("]")
    }

    private mutating func event(_ e: CaseEvent, caseID: String) {
        j.raw("{")
        j.key("actor", first: true); j.string(e.actor)
        j.key("at"); j.instantText(e.at)
        j.key("case"); j.string(caseID)
        j.key("data"); data(e.kind)
        if let release = e.release { j.key("release"); j.int(Int64(release)) }
        if let role = e.role { j.key("role"); j.string(role) }
        j.key("seq"); j.int(Int64(e.sequence))
        j.key("type"); j.string(e.kind.name)
        j.key("version"); j.int(Int64(e.version))
        j.key("why")
        if let why = e.why {
            j.raw("{")
            j.key("reason", first: true); j.string(why.reason)
            j.key("values"); j.raw("[")
            for (i, pair) in why.values.enumerated() {
                j.raw(i == 0 ? "{" : ",{")
                j.key("name", first: true); j.string(pair.name)
                j.key("value"); value(pair.value)
                j.raw("}")
            }
            j.raw("]}")
        } else {
            j.raw("null")
        }
        j.raw("}")
    }

    private mutating func scope(_ s: ClockScope, first: Bool = false) {
        j.key("scope", first: first); j.string(s.rawValue)
    }

    private mutating func data(_ kind: EventKind) {
        j.raw("{")
        switch kind {
        case .opened(let workflow, let caseID, let data):
            j.key("case", first: true); j.string(caseID)
            j.key("fields"); changes(data)
            j.key("workflow"); j.string(workflow)
        case .dataChanged(let data):
            j.key("changes", first: true); changes(data)
        case .stageEntered(let stage, let role, let waitUntil):
            j.key("role", first: true); j.optionalString(role)
            j.key("stage"); j.string(stage)
            j.key("wait_until"); j.instantText(waitUntil)
        case .stageCompleted(let stage, let late):
            if let late { j.key("late_ms", first: true); j.int(late) }
            j.key("stage", first: late == nil); j.string(stage)
        case .gatePassed(let stage):
            j.key("stage", first: true); j.string(stage)
        case .taskCompleted(let stage, let task):
            j.key("stage", first: true); j.string(stage)
            j.key("task"); j.string(task)
        case .assigned(let stage, let to, let task):
            j.key("stage", first: true); j.string(stage)
            if let task { j.key("task"); j.string(task) }
            j.key("to"); j.string(to)
        case .unassigned(let stage, let task):
            j.key("stage", first: true); j.string(stage)
            if let task { j.key("task"); j.string(task) }
        case .moved(let from, let to, let reason):
            j.key("from", first: true); j.string(from)
            j.key("reason"); j.string(reason)
            j.key("to"); j.string(to)
        case .decisionEvaluated(let decision, let rules, let outputs):
            j.key("decision", first: true); j.string(decision)
            j.key("outputs"); changes(outputs)
            j.key("rules"); j.raw("[")
            for (i, r) in rules.enumerated() {
                if i > 0 { j.raw(",") }
                j.int(r)
            }
            j.raw("]")
        case .voteCast(let stage, let approve, let note):
            j.key("approve", first: true); j.bool(approve)
            j.key("note"); j.optionalString(note)
            j.key("stage"); j.string(stage)
        case .gateRejected(let stage, let reason):
            j.key("reason", first: true); j.string(reason)
            j.key("stage"); j.string(stage)
        case .slaStarted(let s, let c):
            j.key("clock", first: true); clock(c)
            scope(s)
        case .slaRetargeted(let s, let target, let budget, let moment, let deadline, let warnAt):
            j.key("budget_ms", first: true); j.int(budget)
            j.key("deadline"); j.instantText(deadline)
            scope(s)
            j.key("target"); j.string(target)
            j.key("warn_at"); j.instantText(warnAt)
            j.key("working_moment"); j.bool(moment)
        case .slaWarned(let s, let late), .slaBreached(let s, let late):
            j.key("late_ms", first: true); j.int(late)
            scope(s)
        case .slaPaused(let s, let consumed):
            j.key("consumed_ms", first: true); j.int(consumed)
            scope(s)
        case .slaResumed(let s, let deadline, let warnAt):
            j.key("deadline", first: true); j.instantText(deadline)
            scope(s)
            j.key("warn_at"); j.instantText(warnAt)
        case .slaStopped(let s, _, let working):
            scope(s, first: true)
            j.key("working_ms"); j.int(working)
        case .escalationRaised(let e):
            j.key("goto", first: true); j.optionalString(e.goto)
            j.key("late_ms"); j.int(e.lateMillis)
            j.key("level"); j.int(Int64(e.level))
            j.key("moment"); j.string(e.moment)
            j.key("notified"); j.raw("[")
            for (i, p) in e.notified.enumerated() {
                if i > 0 { j.raw(",") }
                j.string(p)
            }
            j.raw("]")
            j.key("reassign"); j.optionalString(e.reassign)
            scope(e.scope)
            j.key("set"); changes(e.set)
            j.key("stage"); j.string(e.stage)
        case .stuck(let reason):
            j.key("reason", first: true); j.string(reason)
        case .caseClosed(let outcome):
            j.key("outcome", first: true); j.string(outcome)
        case .caseCancelled(let reason):
            j.key("reason", first: true); j.optionalString(reason)
        case .migrated(let m):
            j.key("approves", first: true); j.raw("[")
            for (i, b) in m.approves.enumerated() {
                if i > 0 { j.raw(",") }
                j.bool(b)
            }
            j.raw("]")
            j.key("assignee"); j.optionalString(m.assignee)
            j.key("data"); changes(m.data)
            j.key("from_stage"); j.string(m.fromStage)
            j.key("from_version"); j.int(Int64(m.fromVersion))
            j.key("mapping"); changes(m.mapping)
            j.key("reason"); j.optionalString(m.reason)
            j.key("role"); j.optionalString(m.role)
            j.key("tasks_done"); j.array(m.tasksDone) { $0.string($1) }
            j.key("to_stage"); j.string(m.toStage)
            j.key("to_version"); j.int(Int64(m.toVersion))
            j.key("votes"); j.array(m.votes) { $0.string($1) }
            j.key("wait_until"); j.instantText(m.waitUntil)
        }
        j.raw("}")
    }

    private mutating func clock(_ c: SLAClock) {
        j.raw("{")
        j.key("breached_at", first: true); j.instantText(c.breachedAt)
        j.key("budget_ms"); j.int(c.budget)
        j.key("business"); j.bool(c.business)
        j.key("consumed_ms"); j.int(c.consumed)
        j.key("deadline"); j.instantText(c.deadline)
        j.key("levels_fired"); j.int(Int64(c.levelsFired))
        j.key("running_since"); j.instantText(c.runningSince)
        j.key("started_at"); j.instantText(c.startedAt)
        j.key("target"); j.string(c.target)
        j.key("warn_at"); j.instantText(c.warnAt)
        j.key("warned"); j.bool(c.warned)
        j.key("working_moment"); j.bool(c.workingMoment)
        j.raw("}")
    }
}
