import CaseflowEngine
import CaseflowModel
import CaseflowRules

/// Writes an event's canonical JSON straight into a string: the text `EventCodec.tree` prints
/// (README: "The canonical form of history events"), without building the tree first. Each
/// object's keys are written in their sorted (UTF-8 byte) order; a test holds the two to the
/// same bytes for every event of every shipped scenario.
struct EventWriter {
    private(set) var out = ""

    init() { out.reserveCapacity(256) }

    static func write(_ event: CaseEvent, caseID: String) -> String {
        var w = EventWriter()
        w.event(event, caseID: caseID)
        return w.out
    }

    private mutating func key(_ k: String, first: Bool = false) {
        out += first ? "\"" : ",\""
        out += k
        out += "\":"
    }

    private mutating func string(_ s: String) { JSONPrinter.appendString(s, to: &out) }
    private mutating func text(_ s: String?) { if let s { string(s) } else { out += "null" } }
    private mutating func int(_ i: Int64) { out += String(i) }
    private mutating func bool(_ b: Bool) { out += b ? "true" : "false" }
    private mutating func instant(_ t: Instant?) {
        guard let t else { out += "null"; return }
        out += "\""
        InstantText.append(t, to: &out)
        out += "\""
    }

    private mutating func value(_ v: Value) {
        switch v {
        case .null: out += "null"
        case .bool(let b): bool(b)
        case .int(let i): int(i)
        case .string(let s): string(s)
        case .double(let d) where d.isFinite: out += JSONPrinter.doubleText(d)
        default: out += CanonicalJSON.print(ValueJSON.encode(v))
        }
    }

    private mutating func changes(_ list: [FieldChange]) {
        out += "["
        for (i, c) in list.enumerated() {
            out += i == 0 ? "{" : ",{"
            key("field", first: true); string(c.field)
            key("value"); value(c.value)
            out += "}"
        }
        out += "]"
    }

    private mutating func event(_ e: CaseEvent, caseID: String) {
        out += "{"
        key("actor", first: true); string(e.actor)
        key("at"); instant(e.at)
        key("case"); string(caseID)
        key("data"); data(e.kind)
        key("seq"); int(Int64(e.sequence))
        key("type"); string(e.kind.name)
        key("version"); int(Int64(e.version))
        key("why")
        if let why = e.why {
            out += "{"
            key("reason", first: true); string(why.reason)
            key("values"); out += "["
            for (i, pair) in why.values.enumerated() {
                out += i == 0 ? "{" : ",{"
                key("name", first: true); string(pair.name)
                key("value"); value(pair.value)
                out += "}"
            }
            out += "]}"
        } else {
            out += "null"
        }
        out += "}"
    }

    private mutating func scope(_ s: ClockScope, first: Bool = false) {
        key("scope", first: first); string(s.rawValue)
    }

    private mutating func data(_ kind: EventKind) {
        out += "{"
        switch kind {
        case .opened(let workflow, let caseID, let data):
            key("case", first: true); string(caseID)
            key("fields"); changes(data)
            key("workflow"); string(workflow)
        case .dataChanged(let data):
            key("changes", first: true); changes(data)
        case .stageEntered(let stage, let role, let waitUntil):
            key("role", first: true); text(role)
            key("stage"); string(stage)
            key("wait_until"); instant(waitUntil)
        case .stageCompleted(let stage), .gatePassed(let stage):
            key("stage", first: true); string(stage)
        case .taskCompleted(let stage, let task):
            key("stage", first: true); string(stage)
            key("task"); string(task)
        case .assigned(let stage, let to):
            key("stage", first: true); string(stage)
            key("to"); string(to)
        case .decisionEvaluated(let decision, let rules, let outputs):
            key("decision", first: true); string(decision)
            key("outputs"); changes(outputs)
            key("rules"); out += "["
            for (i, r) in rules.enumerated() {
                if i > 0 { out += "," }
                out += String(r)
            }
            out += "]"
        case .voteCast(let stage, let approve, let note):
            key("approve", first: true); bool(approve)
            key("note"); text(note)
            key("stage"); string(stage)
        case .gateRejected(let stage, let reason):
            key("reason", first: true); string(reason)
            key("stage"); string(stage)
        case .slaStarted(let s, let c):
            key("clock", first: true); clock(c)
            scope(s)
        case .slaRetargeted(let s, let target, let budget, let moment, let deadline, let warnAt):
            key("budget_ms", first: true); int(budget)
            key("deadline"); instant(deadline)
            scope(s)
            key("target"); string(target)
            key("warn_at"); instant(warnAt)
            key("working_moment"); bool(moment)
        case .slaWarned(let s, let late), .slaBreached(let s, let late):
            key("late_ms", first: true); int(late)
            scope(s)
        case .slaPaused(let s, let consumed):
            key("consumed_ms", first: true); int(consumed)
            scope(s)
        case .slaResumed(let s, let deadline, let warnAt):
            key("deadline", first: true); instant(deadline)
            scope(s)
            key("warn_at"); instant(warnAt)
        case .slaStopped(let s, _, let working):
            scope(s, first: true)
            key("working_ms"); int(working)
        case .escalationRaised(let e):
            key("goto", first: true); text(e.goto)
            key("late_ms"); int(e.lateMillis)
            key("level"); int(Int64(e.level))
            key("moment"); string(e.moment)
            key("notified"); out += "["
            for (i, p) in e.notified.enumerated() {
                if i > 0 { out += "," }
                string(p)
            }
            out += "]"
            key("reassign"); text(e.reassign)
            scope(e.scope)
            key("set"); changes(e.set)
            key("stage"); string(e.stage)
        case .stuck(let reason):
            key("reason", first: true); string(reason)
        case .caseClosed(let outcome):
            key("outcome", first: true); string(outcome)
        case .caseCancelled(let reason):
            key("reason", first: true); text(reason)
        }
        out += "}"
    }

    private mutating func clock(_ c: SLAClock) {
        out += "{"
        key("breached_at", first: true); instant(c.breachedAt)
        key("budget_ms"); int(c.budget)
        key("business"); bool(c.business)
        key("consumed_ms"); int(c.consumed)
        key("deadline"); instant(c.deadline)
        key("levels_fired"); int(Int64(c.levelsFired))
        key("running_since"); instant(c.runningSince)
        key("started_at"); instant(c.startedAt)
        key("target"); string(c.target)
        key("warn_at"); instant(c.warnAt)
        key("warned"); bool(c.warned)
        key("working_moment"); bool(c.workingMoment)
        out += "}"
    }
}
