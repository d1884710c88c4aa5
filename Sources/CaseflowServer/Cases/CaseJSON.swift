import CaseflowEngine
import CaseflowModel
import CaseflowRules

/// How a case looks over the API.
enum CaseJSON {
    static func render(_ s: CaseState, _ w: CompiledWorkflow, definitionHash: String?) -> Value {
        let stage = w.stages[s.stage]
        var data: [(String, Value)] = []
        for (slot, field) in w.fields.enumerated() {
            data.append((field.name, field.type == .date ? date(s.slots[slot], w) : s.slots[slot]))
        }
        let tasks: [Value] = stage.tasks.map { t in
            .object([("id", .string(t.id)), ("role", .string(t.role)), ("done", .bool(s.tasksDone.contains(t.id)))])
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

    static func clock(_ c: SLAClock?) -> Value {
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

    /// A `date` field as its calendar day in the workflow's zone.
    static func date(_ v: Value, _ w: CompiledWorkflow) -> Value {
        guard case .timestamp(let t) = v else { return v }
        return .string(w.calendar.zone.localDateTime(of: Instant(seconds: t.seconds)).date.description)
    }

    static func escalation(_ r: EscalationRecord, caseID: String) -> Value {
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
}
