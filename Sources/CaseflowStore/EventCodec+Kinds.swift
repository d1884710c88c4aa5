import CaseflowEngine
import CaseflowModel
import CaseflowRules

/// The `data` object of each event type.
extension EventCodec {
    static func data(of kind: EventKind) -> Value {
        let o = CanonicalJSON.object
        switch kind {
        case .opened(let workflow, let caseID, let data):
            return o([("workflow", .string(workflow)), ("case", .string(caseID)), ("fields", changes(data))])
        case .dataChanged(let data):
            return o([("changes", changes(data))])
        case .stageEntered(let stage, let role, let waitUntil):
            return o([("stage", .string(stage)), ("role", text(role)), ("wait_until", instant(waitUntil))])
        case .stageCompleted(let stage, let late?):
            return o([("stage", .string(stage)), ("late_ms", .int(late))])
        case .stageCompleted(let stage, nil), .gatePassed(let stage):
            return o([("stage", .string(stage))])
        case .taskCompleted(let stage, let task):
            return o([("stage", .string(stage)), ("task", .string(task))])
        case .assigned(let stage, let to, let task):
            return o([("stage", .string(stage)), ("to", .string(to))] + (task.map { [("task", Value.string($0))] } ?? []))
        case .unassigned(let stage, let task):
            return o([("stage", .string(stage))] + (task.map { [("task", Value.string($0))] } ?? []))
        case .moved(let from, let to, let reason):
            return o([("from", .string(from)), ("reason", .string(reason)), ("to", .string(to))])
        case .decisionEvaluated(let decision, let rules, let outputs):
            return o([("decision", .string(decision)), ("rules", .list(rules.map { .int(Int64($0)) })), ("outputs", changes(outputs))])
        case .voteCast(let stage, let approve, let note):
            return o([("stage", .string(stage)), ("approve", .bool(approve)), ("note", text(note))])
        case .gateRejected(let stage, let reason):
            return o([("stage", .string(stage)), ("reason", .string(reason))])
        case .slaStarted(let scope, let clock):
            return o([("scope", .string(scope.rawValue)), ("clock", self.clock(clock))])
        case .slaRetargeted(let scope, let target, let budget, let moment, let deadline, let warnAt):
            return o([("scope", .string(scope.rawValue)), ("target", .string(target)), ("budget_ms", .int(budget)),
                      ("working_moment", .bool(moment)), ("deadline", instant(deadline)), ("warn_at", instant(warnAt))])
        case .slaWarned(let scope, let late), .slaBreached(let scope, let late):
            return o([("scope", .string(scope.rawValue)), ("late_ms", .int(late))])
        case .slaPaused(let scope, let consumed):
            return o([("scope", .string(scope.rawValue)), ("consumed_ms", .int(consumed))])
        case .slaResumed(let scope, let deadline, let warnAt):
            return o([("scope", .string(scope.rawValue)), ("deadline", instant(deadline)), ("warn_at", instant(warnAt))])
        case .slaStopped(let scope, _, let working):
            return o([("scope", .string(scope.rawValue)), ("working_ms", .int(working))])
        case .escalationRaised(let e):
            return o([("scope", .string(e.scope.rawValue)), ("stage", .string(e.stage)), ("level", .int(Int64(e.level))),
                      ("moment", .string(e.moment)), ("notified", .list(e.notified.map(Value.string))),
                      ("reassign", text(e.reassign)), ("set", changes(e.set)), ("goto", text(e.goto)), ("late_ms", .int(e.lateMillis))])
        case .stuck(let reason):
            return o([("reason", .string(reason))])
        case .caseClosed(let outcome):
            return o([("outcome", .string(outcome))])
        case .caseCancelled(let reason):
            return o([("reason", text(reason))])
        case .migrated(let m):
            return o([("from_version", .int(Int64(m.fromVersion))), ("to_version", .int(Int64(m.toVersion))),
                      ("from_stage", .string(m.fromStage)), ("to_stage", .string(m.toStage)), ("mapping", changes(m.mapping)),
                      ("data", changes(m.data)), ("tasks_done", .list(m.tasksDone.map(Value.string))),
                      ("votes", .list(m.votes.map(Value.string))), ("approves", .list(m.approves.map(Value.bool))),
                      ("role", text(m.role)), ("assignee", text(m.assignee)), ("wait_until", instant(m.waitUntil)),
                      ("reason", text(m.reason))])
        }
    }

    static func kind(_ type: String, _ d: JSONReader) throws(CodecError) -> EventKind {
        switch type {
        case "opened": return .opened(workflow: try d.string("workflow"), caseID: try d.string("case"), data: try changes(d, "fields"))
        case "data_changed": return .dataChanged(try changes(d, "changes"))
        case "stage_entered":
            return .stageEntered(stage: try d.string("stage"), role: try d.optionalString("role"), waitUntil: try d.optionalInstant("wait_until"))
        case "stage_completed":
            return .stageCompleted(stage: try d.string("stage"), lateMillis: d.raw("late_ms").isNull ? nil : try d.int64("late_ms"))
        case "task_completed": return .taskCompleted(stage: try d.string("stage"), task: try d.string("task"))
        case "assigned": return .assigned(stage: try d.string("stage"), to: try d.string("to"), task: try d.optionalString("task"))
        case "unassigned": return .unassigned(stage: try d.string("stage"), task: try d.optionalString("task"))
        case "moved": return .moved(from: try d.string("from"), to: try d.string("to"), reason: try d.string("reason"))
        case "decision_evaluated":
            var rules: [Int] = []
            for r in try d.list("rules") {
                guard case .int(let i) = r else { throw CodecError("\(d.path).rules: expected integers") }
                rules.append(Int(i))
            }
            return .decisionEvaluated(decision: try d.string("decision"), rules: rules, outputs: try changes(d, "outputs"))
        case "vote_cast": return .voteCast(stage: try d.string("stage"), approve: try d.bool("approve"), note: try d.optionalString("note"))
        case "gate_passed": return .gatePassed(stage: try d.string("stage"))
        case "gate_rejected": return .gateRejected(stage: try d.string("stage"), reason: try d.string("reason"))
        case "sla_started": return .slaStarted(try scope(d), try clock(d.reader("clock")))
        case "sla_retargeted":
            return .slaRetargeted(try scope(d), target: try d.string("target"), budget: try d.int64("budget_ms"),
                                  workingMoment: try d.bool("working_moment"), deadline: try d.optionalInstant("deadline"), warnAt: try d.optionalInstant("warn_at"))
        case "sla_warned": return .slaWarned(try scope(d), lateMillis: try d.int64("late_ms"))
        case "sla_paused": return .slaPaused(try scope(d), consumed: try d.int64("consumed_ms"))
        case "sla_resumed":
            return .slaResumed(try scope(d), deadline: try d.optionalInstant("deadline"), warnAt: try d.optionalInstant("warn_at"))
        case "sla_breached": return .slaBreached(try scope(d), lateMillis: try d.int64("late_ms"))
        case "sla_met", "sla_missed": return .slaStopped(try scope(d), met: type == "sla_met", workingMillis: try d.int64("working_ms"))
        case "escalation_raised":
            return .escalationRaised(EscalationRecord(
                try scope(d), stage: try d.string("stage"), level: try d.int("level"), moment: try d.string("moment"),
                notified: try strings(d, "notified"), reassign: try d.optionalString("reassign"), set: try changes(d, "set"),
                goto: try d.optionalString("goto"), lateMillis: try d.int64("late_ms")))
        case "stuck": return .stuck(reason: try d.string("reason"))
        case "case_closed": return .caseClosed(outcome: try d.string("outcome"))
        case "case_cancelled": return .caseCancelled(reason: try d.optionalString("reason"))
        case "migrated":
            var approves: [Bool] = []
            for v in try d.list("approves") {
                guard case .bool(let b) = v else { throw CodecError("\(d.path).approves: expected booleans") }
                approves.append(b)
            }
            return .migrated(MigrationRecord(
                fromVersion: try d.int("from_version"), toVersion: try d.int("to_version"), fromStage: try d.string("from_stage"),
                toStage: try d.string("to_stage"), mapping: try changes(d, "mapping"), data: try changes(d, "data"),
                tasksDone: try strings(d, "tasks_done"), votes: try strings(d, "votes"), approves: approves,
                role: try d.optionalString("role"), assignee: try d.optionalString("assignee"),
                waitUntil: try d.optionalInstant("wait_until"), reason: try d.optionalString("reason")))
        default: throw CodecError("event: unknown type '\(type)'")
        }
    }

    private static func clock(_ c: SLAClock) -> Value {
        CanonicalJSON.object([
            ("target", .string(c.target)), ("business", .bool(c.business)), ("working_moment", .bool(c.workingMoment)),
            ("started_at", instant(c.startedAt)),
            ("budget_ms", .int(c.budget)), ("consumed_ms", .int(c.consumed)), ("running_since", instant(c.runningSince)),
            ("deadline", instant(c.deadline)), ("warn_at", instant(c.warnAt)), ("warned", .bool(c.warned)),
            ("breached_at", instant(c.breachedAt)), ("levels_fired", .int(Int64(c.levelsFired))),
        ])
    }

    private static func clock(_ c: JSONReader) throws(CodecError) -> SLAClock {
        SLAClock(try c.string("target"), business: try c.bool("business"), workingMoment: try c.bool("working_moment"), startedAt: try c.instant("started_at"),
                 budget: try c.int64("budget_ms"), consumed: try c.int64("consumed_ms"), runningSince: try c.optionalInstant("running_since"),
                 deadline: try c.optionalInstant("deadline"), warnAt: try c.optionalInstant("warn_at"), warned: try c.bool("warned"),
                 breachedAt: try c.optionalInstant("breached_at"), levelsFired: try c.int("levels_fired"))
    }

    /// A list, not an object: the order the engine wrote them in is part of the event.
    private static func changes(_ list: [FieldChange]) -> Value {
        .list(list.map { CanonicalJSON.object([("field", .string($0.field)), ("value", ValueJSON.encode($0.value))]) })
    }

    private static func changes(_ d: JSONReader, _ key: String) throws(CodecError) -> [FieldChange] {
        var out: [FieldChange] = []
        for (i, item) in try d.list(key).enumerated() {
            let c = try JSONReader(item, path: "\(d.path).\(key)[\(i)]")
            out.append(FieldChange(try c.string("field"), try ValueJSON.decode(c.raw("value"), at: "\(c.path).value")))
        }
        return out
    }

    private static func strings(_ d: JSONReader, _ key: String) throws(CodecError) -> [String] {
        try d.list(key).map { (v: Value) throws(CodecError) -> String in
            guard case .string(let s) = v else { throw CodecError("\(d.path).\(key): expected text") }
            return s
        }
    }

    private static func scope(_ d: JSONReader) throws(CodecError) -> ClockScope {
        let s = try d.string("scope")
        guard let scope = ClockScope(rawValue: s) else { throw CodecError("\(d.path).scope: '\(s)' is not stage or case") }
        return scope
    }

    private static func text(_ s: String?) -> Value { s.map(Value.string) ?? .null }
    private static func instant(_ i: Instant?) -> Value { i.map { .string(InstantText.format($0)) } ?? .null }
}
