import CaseflowEngine
import CaseflowModel
import CaseflowRules

/// Writes a `CaseState` as its snapshot JSON by hand: the document `CaseState`'s `Codable`
/// conformance reads back (keys sorted, every value tagged with its type), written straight into
/// bytes. JSONEncoder took a third of the CPU time of each durable write.
struct SnapshotWriter {
    private var j = JSONWriter(capacity: 2048)

    static func write(_ s: CaseState) -> String {
        var w = SnapshotWriter()
        w.state(s)
        return w.j.text
    }

    private mutating func seconds(_ s: Int64, _ n: Int32) {
        j.raw("{")
        j.key("n", first: true); j.int(Int64(n))
        j.key("s"); j.int(s)
        j.raw("}")
    }

    /// `[{"field": NAME, "value": V}, …]`.
    private mutating func changes(_ list: [FieldChange]) {
        j.raw("[")
        for (i, c) in list.enumerated() {
            if i > 0 { j.raw(",") }
            j.raw("{")
            j.key("field", first: true); j.string(c.field)
            j.key("value"); value(c.value)
            j.raw("}")
        }
        j.raw("]")
    }

    private mutating func strings(_ list: [String]) {
        j.array(list) { $0.string($1) }
    }

    private mutating func state(_ s: CaseState) {
        j.raw("{")
        j.key("actors", first: true); strings(s.actors)  // kept sorted
        if !s.approvals.isEmpty {
            j.key("approvals"); j.raw("[")
            for (i, a) in s.approvals.enumerated() {
                if i > 0 { j.raw(",") }
                j.raw("{")
                j.key("gate", first: true); j.string(a.gate)
                j.key("values"); changes(a.values)
                j.raw("}")
            }
            j.raw("]")
        }
        if let a = s.assignee { j.key("assignee"); j.string(a) }
        if let c = s.caseClock { j.key("case_clock"); clock(c) }
        j.key("escalation_count"); j.int(s.escalationCount)
        j.key("id"); j.string(s.id)
        j.key("last_event_at"); j.int(s.lastEventAt.millis)
        j.key("open_escalations"); j.raw("[")
        for (i, e) in s.openEscalations.enumerated() {
            if i > 0 { j.raw(",") }
            escalation(e)
        }
        j.raw("]")
        j.key("opened_at"); j.int(s.openedAt.millis)
        j.key("opened_by"); j.string(s.openedBy)
        if let o = s.outcome { j.key("outcome"); j.string(o) }
        if let r = s.role { j.key("role"); j.string(r) }
        j.key("sequence"); j.int(s.sequence)
        j.key("slots"); j.raw("[")
        for (i, v) in s.slots.enumerated() {
            if i > 0 { j.raw(",") }
            value(v)
        }
        j.raw("]")
        j.key("stage"); j.int(s.stage)
        if let c = s.stageClock { j.key("stage_clock"); clock(c) }
        j.key("stage_entered_at"); j.int(s.stageEnteredAt.millis)
        j.key("status"); j.string(s.status.rawValue)
        if !s.taskAssignees.isEmpty {
            j.key("task_assignees"); j.raw("{")
            for (i, task) in s.taskAssignees.keys.sorted().enumerated() {
                if i > 0 { j.raw(",") }
                j.string(task); j.raw(":"); j.string(s.taskAssignees[task]!)
            }
            j.raw("}")
        }
        j.key("tasks_done"); strings(s.tasksDone)
        j.key("version"); j.int(s.version)
        j.key("votes"); j.raw("[")
        for (i, v) in s.votes.enumerated() {
            if i > 0 { j.raw(",") }
            j.raw("{")
            j.key("approve", first: true); j.bool(v.approve)
            j.key("person"); j.string(v.person)
            j.raw("}")
        }
        j.raw("]")
        if let t = s.waitUntil { j.key("wait_until"); j.int(t.millis) }
        j.key("workflow"); j.string(s.workflowID)
        j.raw("}")
    }

    private mutating func clock(_ c: SLAClock) {
        j.raw("{")
        var first = true
        if let t = c.breachedAt { j.key("breached_at", first: true); j.int(t.millis); first = false }
        j.key("budget", first: first); j.int(c.budget)
        j.key("business"); j.bool(c.business)
        j.key("consumed"); j.int(c.consumed)
        if let t = c.deadline { j.key("deadline"); j.int(t.millis) }
        j.key("levels_fired"); j.int(c.levelsFired)
        if let t = c.runningSince { j.key("running_since"); j.int(t.millis) }
        j.key("started_at"); j.int(c.startedAt.millis)
        j.key("target"); j.string(c.target)
        if let t = c.warnAt { j.key("warn_at"); j.int(t.millis) }
        j.key("warned"); j.bool(c.warned)
        j.key("working_moment"); j.bool(c.workingMoment)
        j.raw("}")
    }

    private mutating func escalation(_ e: EscalationRecord) {
        j.raw("{")
        var first = true
        if let g = e.goto { j.key("goto", first: true); j.string(g); first = false }
        j.key("late_ms", first: first); j.int(e.lateMillis)
        j.key("level"); j.int(e.level)
        j.key("moment"); j.string(e.moment)
        j.key("notified"); strings(e.notified)
        if let r = e.reassign { j.key("reassign"); j.string(r) }
        j.key("scope"); j.string(e.scope.rawValue)
        j.key("set"); changes(e.set)
        j.key("stage"); j.string(e.stage)
        j.raw("}")
    }

    /// A value as `CodableValue` writes it: one key naming the type.
    private mutating func value(_ v: Value) {
        j.raw("{")
        switch v {
        case .null: j.key("null", first: true); j.raw("true")
        case .bool(let b): j.key("bool", first: true); j.bool(b)
        case .int(let i): j.key("int", first: true); j.int(i)
        case .uint(let u): j.key("uint", first: true); j.unsigned(u)
        case .double(let d): j.key("double", first: true); j.double(d)
        case .string(let s): j.key("string", first: true); j.string(s)
        case .bytes(let b):
            j.key("bytes", first: true); j.raw("[")
            for (i, byte) in b.enumerated() {
                if i > 0 { j.raw(",") }
                j.int(Int(byte))
            }
            j.raw("]")
        case .list(let items):
            j.key("list", first: true); j.raw("[")
            for (i, item) in items.enumerated() {
                if i > 0 { j.raw(",") }
                value(item)
            }
            j.raw("]")
        case .map(let m):
            j.key("map", first: true); j.raw("[")
            for (i, e) in m.entries.enumerated() {
                if i > 0 { j.raw(",") }
                j.raw("[")
                value(e.key)
                j.raw(",")
                value(e.value)
                j.raw("]")
            }
            j.raw("]")
        case .timestamp(let t):
            j.key("timestamp", first: true)
            seconds(t.seconds, t.nanos)
        case .duration(let d):
            j.key("duration", first: true)
            seconds(d.seconds, d.nanos)
        case .object(let o):
            j.key("object", first: true)
            j.raw("{")
            j.key("fields", first: true); j.raw("{")
            for (i, k) in o.fields.keys.sorted().enumerated() {
                if i > 0 { j.raw(",") }
                j.string(k)
                j.raw(":")
                value(o.fields[k] ?? .null)
            }
            j.raw("}")
            j.key("type"); j.string(o.typeName)
            j.raw("}")
        case .type(let t): j.key("type", first: true); j.string(t.description)
        }
        j.raw("}")
    }
}
