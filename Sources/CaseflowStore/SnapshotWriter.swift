import CaseflowEngine
import CaseflowModel
import CaseflowRules

/// Writes a `CaseState` as its snapshot JSON by hand: the document `CaseState`'s `Codable`
/// conformance reads back (keys sorted, every value tagged with its type), written straight into
/// one string. JSONEncoder took a third of the CPU time of each durable write.
struct SnapshotWriter {
    private(set) var out = ""

    init() { out.reserveCapacity(2048) }

    static func write(_ s: CaseState) -> String {
        var w = SnapshotWriter()
        w.state(s)
        return w.out
    }

    private mutating func key(_ k: String, first: Bool = false) {
        if !first { out += "," }
        out += "\""
        out += k
        out += "\":"
    }

    private mutating func string(_ s: String) { JSONPrinter.appendString(s, to: &out) }
    private mutating func int(_ i: Int64) { out += String(i) }
    private mutating func int(_ i: Int) { out += String(i) }
    private mutating func bool(_ b: Bool) { out += b ? "true" : "false" }
    private mutating func instant(_ t: Instant) { out += String(t.millis) }

    private mutating func strings(_ list: [String]) {
        out += "["
        for (i, s) in list.enumerated() {
            if i > 0 { out += "," }
            string(s)
        }
        out += "]"
    }

    private mutating func state(_ s: CaseState) {
        out += "{"
        key("actors", first: true); strings(s.actors.sorted())
        if let a = s.assignee { key("assignee"); string(a) }
        if let c = s.caseClock { key("case_clock"); clock(c) }
        key("escalation_count"); int(s.escalationCount)
        key("id"); string(s.id)
        key("last_event_at"); instant(s.lastEventAt)
        key("open_escalations"); out += "["
        for (i, e) in s.openEscalations.enumerated() {
            if i > 0 { out += "," }
            escalation(e)
        }
        out += "]"
        key("opened_at"); instant(s.openedAt)
        key("opened_by"); string(s.openedBy)
        if let o = s.outcome { key("outcome"); string(o) }
        if let r = s.role { key("role"); string(r) }
        key("sequence"); int(s.sequence)
        key("slots"); out += "["
        for (i, v) in s.slots.enumerated() {
            if i > 0 { out += "," }
            value(v)
        }
        out += "]"
        key("stage"); int(s.stage)
        if let c = s.stageClock { key("stage_clock"); clock(c) }
        key("stage_entered_at"); instant(s.stageEnteredAt)
        key("status"); string(s.status.rawValue)
        key("tasks_done"); strings(s.tasksDone)
        key("version"); int(s.version)
        key("votes"); out += "["
        for (i, v) in s.votes.enumerated() {
            if i > 0 { out += "," }
            out += "{"
            key("approve", first: true); bool(v.approve)
            key("person"); string(v.person)
            out += "}"
        }
        out += "]"
        if let t = s.waitUntil { key("wait_until"); instant(t) }
        key("workflow"); string(s.workflowID)
        out += "}"
    }

    private mutating func clock(_ c: SLAClock) {
        out += "{"
        var first = true
        if let t = c.breachedAt { key("breached_at", first: true); instant(t); first = false }
        key("budget", first: first); int(c.budget)
        key("business"); bool(c.business)
        key("consumed"); int(c.consumed)
        if let t = c.deadline { key("deadline"); instant(t) }
        key("levels_fired"); int(c.levelsFired)
        if let t = c.runningSince { key("running_since"); instant(t) }
        key("started_at"); instant(c.startedAt)
        key("target"); string(c.target)
        if let t = c.warnAt { key("warn_at"); instant(t) }
        key("warned"); bool(c.warned)
        key("working_moment"); bool(c.workingMoment)
        out += "}"
    }

    private mutating func escalation(_ e: EscalationRecord) {
        out += "{"
        var first = true
        if let g = e.goto { key("goto", first: true); string(g); first = false }
        key("late_ms", first: first); int(e.lateMillis)
        key("level"); int(e.level)
        key("moment"); string(e.moment)
        key("notified"); strings(e.notified)
        if let r = e.reassign { key("reassign"); string(r) }
        key("scope"); string(e.scope.rawValue)
        key("set"); out += "["
        for (i, c) in e.set.enumerated() {
            if i > 0 { out += "," }
            out += "{"
            key("field", first: true); string(c.field)
            key("value"); value(c.value)
            out += "}"
        }
        out += "]"
        key("stage"); string(e.stage)
        out += "}"
    }

    /// A value as `CodableValue` writes it: one key naming the type.
    private mutating func value(_ v: Value) {
        out += "{"
        switch v {
        case .null: key("null", first: true); out += "true"
        case .bool(let b): key("bool", first: true); bool(b)
        case .int(let i): key("int", first: true); int(i)
        case .uint(let u): key("uint", first: true); out += String(u)
        case .double(let d): key("double", first: true); out += JSONPrinter.doubleText(d)
        case .string(let s): key("string", first: true); string(s)
        case .bytes(let b):
            key("bytes", first: true); out += "["
            for (i, byte) in b.enumerated() {
                if i > 0 { out += "," }
                out += String(byte)
            }
            out += "]"
        case .list(let items):
            key("list", first: true); out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                value(item)
            }
            out += "]"
        case .map(let m):
            key("map", first: true); out += "["
            for (i, e) in m.entries.enumerated() {
                if i > 0 { out += "," }
                out += "["
                value(e.key)
                out += ","
                value(e.value)
                out += "]"
            }
            out += "]"
        case .timestamp(let t):
            key("timestamp", first: true)
            out += "{\"n\":" + String(t.nanos) + ",\"s\":" + String(t.seconds) + "}"
        case .duration(let d):
            key("duration", first: true)
            out += "{\"n\":" + String(d.nanos) + ",\"s\":" + String(d.seconds) + "}"
        case .object(let o):
            key("object", first: true)
            out += "{"
            key("fields", first: true); out += "{"
            for (i, k) in o.fields.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                string(k)
                out += ":"
                value(o.fields[k] ?? .null)
            }
            out += "}"
            key("type"); string(o.typeName)
            out += "}"
        case .type(let t): key("type", first: true); string(t.description)
        }
        out += "}"
    }
}
