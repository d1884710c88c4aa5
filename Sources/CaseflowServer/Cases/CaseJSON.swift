import CaseflowEngine
import CaseflowModel
import CaseflowRules

/// How a case looks over the API.
public enum CaseJSON {
    public static func render(_ s: CaseState, _ w: CompiledWorkflow, definitionHash: String?) -> Value {
        let stage = w.stages[s.stage]
        var data: [(String, Value)] = []
        for (slot, field) in w.fields.enumerated() {
            data.append((field.name, shown(s.slots[slot], field, w)))
        }
        let tasks: [Value] = stage.tasks.map { t in
            .object([("id", .string(t.id)), ("role", .string(t.role)), ("done", .bool(s.tasksDone.contains(t.id))),
                     ("assignee", .optional(s.taskAssignees[t.id]))])
        }
        let votes: [Value] = s.votes.map { .object([("person", .string($0.person)), ("approve", .bool($0.approve))]) }
        return .object([
            ("id", .string(s.id)),
            ("workflow", .object([("id", .string(w.id)), ("version", .int(w.version)), ("definition", .optional(definitionHash))])),
            ("stage", .string(stage.id)),
            ("stage_kind", .string(stage.kind.rawValue)),
            ("status", .string(s.status.rawValue)),
            ("outcome", .optional(s.outcome)),
            ("role", .optional(s.role)),
            ("assignee", .optional(s.assignee)),
            ("data", .object(data)),
            ("tasks", .list(tasks)),
            ("votes", .list(votes)),
            ("sla", clock(s.stageClock)),
            ("case_sla", clock(s.caseClock)),
            ("escalations", .int(s.escalationCount)),
            ("opened_by", .string(s.openedBy)),
            ("opened_at", ValueDecoder.timestamp(s.openedAt)),
            ("updated_at", ValueDecoder.timestamp(s.lastEventAt)),
            ("version", .int(s.sequence)),
        ])
    }

    public static func clock(_ c: SLAClock?) -> Value {
        guard let c else { return .object([("state", .string("none"))]) }
        return .object([
            ("state", .string(c.state)),
            ("target", .string(c.target)),
            ("deadline", c.deadline.map(ValueDecoder.timestamp) ?? .null),
            ("warn_at", c.warnAt.map(ValueDecoder.timestamp) ?? .null),
            ("breached_at", c.breachedAt.map(ValueDecoder.timestamp) ?? .null),
            ("levels_fired", .int(c.levelsFired)),
        ])
    }

    /// A field's value as people read and write it: a `date` as its day, a `duration` as `30d`.
    public static func shown(_ v: Value, _ field: FieldSchema, _ w: CompiledWorkflow) -> Value {
        switch (field.type, v) {
        case (.date, _): return date(v, w)
        case (.duration, .duration(let d)): return .string(DurationText.human(d))
        default: return v
        }
    }

    /// A `date` field as its calendar day in the workflow's zone.
    public static func date(_ v: Value, _ w: CompiledWorkflow) -> Value {
        guard case .timestamp(let t) = v else { return v }
        return .string(w.calendar.zone.localDateTime(of: Instant(seconds: t.seconds)).date.description)
    }

    public static func escalation(_ r: EscalationRecord, caseID: String) -> Value {
        .object([
            ("case", .string(caseID)),
            ("scope", .string(r.scope.rawValue)),
            ("stage", .string(r.stage)),
            ("level", .int(r.level)),
            ("at", .string(r.moment)),
            ("notified", .list(r.notified.map(Value.string))),
            ("reassign", .optional(r.reassign)),
            ("goto", .optional(r.goto)),
            ("late_ms", .int(r.lateMillis)),
        ])
    }

    /// `render` printed, written straight into bytes: every command answers with it. A test holds
    /// the two to the same text.
    public static func text(_ s: CaseState, _ w: CompiledWorkflow, definitionHash: String?) -> String {
        let stage = w.stages[s.stage]
        var o = JSONWriter(capacity: 1024)
        o.raw("{"); o.key("id", first: true); o.string(s.id)
        o.key("workflow"); o.raw("{")
        o.key("id", first: true); o.string(w.id)
        o.key("version"); o.int(w.version)
        o.key("definition"); o.optionalString(definitionHash)
        o.raw("}")
        o.key("stage"); o.string(stage.id)
        o.key("stage_kind"); o.string(stage.kind.rawValue)
        o.key("status"); o.string(s.status.rawValue)
        o.key("outcome"); o.optionalString(s.outcome)
        o.key("role"); o.optionalString(s.role)
        o.key("assignee"); o.optionalString(s.assignee)
        o.key("data"); o.raw("{")
        for (slot, field) in w.fields.enumerated() {
            if slot > 0 { o.raw(",") }
            o.string(field.name)
            o.raw(":")
            o.value(shown(s.slots[slot], field, w))
        }
        o.raw("}")
        o.key("tasks")
        o.array(stage.tasks) { o, t in
            o.raw("{"); o.key("id", first: true); o.string(t.id)
            o.key("role"); o.string(t.role)
            o.key("done"); o.bool(s.tasksDone.contains(t.id))
            o.key("assignee")
            if let a = s.taskAssignees[t.id] { o.string(a) } else { o.raw("null") }
            o.raw("}")
        }
        o.key("votes")
        o.array(s.votes) { o, v in
            o.raw("{"); o.key("person", first: true); o.string(v.person)
            o.key("approve"); o.bool(v.approve); o.raw("}")
        }
        o.key("sla"); clock(s.stageClock, into: &o)
        o.key("case_sla"); clock(s.caseClock, into: &o)
        o.key("escalations"); o.int(s.escalationCount)
        o.key("opened_by"); o.string(s.openedBy)
        o.key("opened_at"); o.value(ValueDecoder.timestamp(s.openedAt))
        o.key("updated_at"); o.value(ValueDecoder.timestamp(s.lastEventAt))
        o.key("version"); o.int(s.sequence)
        o.raw("}")
        return o.text
    }

    private static func clock(_ c: SLAClock?, into o: inout JSONWriter) {
        o.raw("{")
        guard let c else {
            o.key("state", first: true); o.string("none"); o.raw("}")
            return
        }
        o.key("state", first: true); o.string(c.state)
        o.key("target"); o.string(c.target)
        o.key("deadline"); o.value(c.deadline.map(ValueDecoder.timestamp) ?? .null)
        o.key("warn_at"); o.value(c.warnAt.map(ValueDecoder.timestamp) ?? .null)
        o.key("breached_at"); o.value(c.breachedAt.map(ValueDecoder.timestamp) ?? .null)
        o.key("levels_fired"); o.int(c.levelsFired)
        o.raw("}")
    }
}
