import CaseflowModel
import CaseflowRules

// Snapshots: a case's state is written with each commit so a restart needs no replay.
// Codable cannot be synthesised outside the types' own files, so it is spelled out here.

extension CaseState: Codable {
    enum CodingKeys: String, CodingKey {
        case id, workflowID = "workflow", version, status, outcome, stage, slots, openedAt = "opened_at", openedBy = "opened_by"
        case sequence, lastEventAt = "last_event_at", stageEnteredAt = "stage_entered_at", role, assignee
        case tasksDone = "tasks_done", taskAssignees = "task_assignees", votes, waitUntil = "wait_until", stageClock = "stage_clock", caseClock = "case_clock"
        case escalationCount = "escalation_count", openEscalations = "open_escalations", actors
        case approvals
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        workflowID = try c.decode(String.self, forKey: .workflowID)
        version = try c.decode(Int.self, forKey: .version)
        status = try c.decode(Status.self, forKey: .status)
        outcome = try c.decodeIfPresent(String.self, forKey: .outcome)
        stage = try c.decode(Int.self, forKey: .stage)
        slots = try c.decode([CodableValue].self, forKey: .slots).map(\.value)
        openedAt = try c.decode(Instant.self, forKey: .openedAt)
        openedBy = try c.decode(String.self, forKey: .openedBy)
        sequence = try c.decode(Int.self, forKey: .sequence)
        lastEventAt = try c.decode(Instant.self, forKey: .lastEventAt)
        stageEnteredAt = try c.decode(Instant.self, forKey: .stageEnteredAt)
        role = try c.decodeIfPresent(String.self, forKey: .role)
        assignee = try c.decodeIfPresent(String.self, forKey: .assignee)
        tasksDone = try c.decode([String].self, forKey: .tasksDone)
        taskAssignees = try c.decodeIfPresent([String: String].self, forKey: .taskAssignees) ?? [:]
        votes = try c.decode([Vote].self, forKey: .votes)
        waitUntil = try c.decodeIfPresent(Instant.self, forKey: .waitUntil)
        stageClock = try c.decodeIfPresent(SLAClock.self, forKey: .stageClock)
        caseClock = try c.decodeIfPresent(SLAClock.self, forKey: .caseClock)
        escalationCount = try c.decode(Int.self, forKey: .escalationCount)
        openEscalations = try c.decode([EscalationRecord].self, forKey: .openEscalations)
        actors = Array(Set(try c.decode([String].self, forKey: .actors))).sorted()
        approvals = try c.decodeIfPresent([Approval].self, forKey: .approvals) ?? []
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(workflowID, forKey: .workflowID)
        try c.encode(version, forKey: .version)
        try c.encode(status, forKey: .status)
        try c.encodeIfPresent(outcome, forKey: .outcome)
        try c.encode(stage, forKey: .stage)
        try c.encode(slots.map(CodableValue.init), forKey: .slots)
        try c.encode(openedAt, forKey: .openedAt)
        try c.encode(openedBy, forKey: .openedBy)
        try c.encode(sequence, forKey: .sequence)
        try c.encode(lastEventAt, forKey: .lastEventAt)
        try c.encode(stageEnteredAt, forKey: .stageEnteredAt)
        try c.encodeIfPresent(role, forKey: .role)
        try c.encodeIfPresent(assignee, forKey: .assignee)
        try c.encode(tasksDone, forKey: .tasksDone)
        if !taskAssignees.isEmpty { try c.encode(taskAssignees, forKey: .taskAssignees) }
        try c.encode(votes, forKey: .votes)
        try c.encodeIfPresent(waitUntil, forKey: .waitUntil)
        try c.encodeIfPresent(stageClock, forKey: .stageClock)
        try c.encodeIfPresent(caseClock, forKey: .caseClock)
        try c.encode(escalationCount, forKey: .escalationCount)
        try c.encode(openEscalations, forKey: .openEscalations)
        // Sorted so that equal states encode to equal text.
        try c.encode(actors.sorted(), forKey: .actors)
        if !approvals.isEmpty { try c.encode(approvals, forKey: .approvals) }
    }
}

extension CaseState.Status: Codable {}

extension CaseState.Approval: Codable {
    enum CodingKeys: String, CodingKey { case gate, values }
    struct Pair: Codable {
        var field: String
        var value: CodableValue
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        gate = try c.decode(String.self, forKey: .gate)
        values = try c.decode([Pair].self, forKey: .values).map { FieldChange($0.field, $0.value.value) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(gate, forKey: .gate)
        try c.encode(values.map { Pair(field: $0.field, value: CodableValue($0.value)) }, forKey: .values)
    }
}
extension ClockScope: Codable {}

extension CaseState.Vote: Codable {
    enum CodingKeys: String, CodingKey { case person, approve }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        person = try c.decode(String.self, forKey: .person)
        approve = try c.decode(Bool.self, forKey: .approve)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(person, forKey: .person)
        try c.encode(approve, forKey: .approve)
    }
}

extension SLAClock: Codable {
    enum CodingKeys: String, CodingKey {
        case target, business, workingMoment = "working_moment", startedAt = "started_at", budget, consumed, runningSince = "running_since", deadline
        case warnAt = "warn_at", warned, breachedAt = "breached_at", levelsFired = "levels_fired"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(target: try c.decode(String.self, forKey: .target), business: try c.decode(Bool.self, forKey: .business),
                  workingMoment: try c.decodeIfPresent(Bool.self, forKey: .workingMoment) ?? false,
                  startedAt: try c.decode(Instant.self, forKey: .startedAt), budget: try c.decode(Int64.self, forKey: .budget),
                  consumed: try c.decode(Int64.self, forKey: .consumed),
                  runningSince: try c.decodeIfPresent(Instant.self, forKey: .runningSince),
                  deadline: try c.decodeIfPresent(Instant.self, forKey: .deadline),
                  warnAt: try c.decodeIfPresent(Instant.self, forKey: .warnAt), warned: try c.decode(Bool.self, forKey: .warned),
                  breachedAt: try c.decodeIfPresent(Instant.self, forKey: .breachedAt), levelsFired: try c.decode(Int.self, forKey: .levelsFired))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(target, forKey: .target)
        try c.encode(business, forKey: .business)
        try c.encode(workingMoment, forKey: .workingMoment)
        try c.encode(startedAt, forKey: .startedAt)
        try c.encode(budget, forKey: .budget)
        try c.encode(consumed, forKey: .consumed)
        try c.encodeIfPresent(runningSince, forKey: .runningSince)
        try c.encodeIfPresent(deadline, forKey: .deadline)
        try c.encodeIfPresent(warnAt, forKey: .warnAt)
        try c.encode(warned, forKey: .warned)
        try c.encodeIfPresent(breachedAt, forKey: .breachedAt)
        try c.encode(levelsFired, forKey: .levelsFired)
    }
}

extension EscalationRecord: Codable {
    enum CodingKeys: String, CodingKey {
        case scope, stage, level, moment, notified, reassign, set, goto, lateMillis = "late_ms"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        scope = try c.decode(ClockScope.self, forKey: .scope)
        stage = try c.decode(String.self, forKey: .stage)
        level = try c.decode(Int.self, forKey: .level)
        moment = try c.decode(String.self, forKey: .moment)
        notified = try c.decode([String].self, forKey: .notified)
        reassign = try c.decodeIfPresent(String.self, forKey: .reassign)
        set = try c.decode([FieldChange].self, forKey: .set)
        goto = try c.decodeIfPresent(String.self, forKey: .goto)
        lateMillis = try c.decode(Int64.self, forKey: .lateMillis)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(scope, forKey: .scope)
        try c.encode(stage, forKey: .stage)
        try c.encode(level, forKey: .level)
        try c.encode(moment, forKey: .moment)
        try c.encode(notified, forKey: .notified)
        try c.encodeIfPresent(reassign, forKey: .reassign)
        try c.encode(set, forKey: .set)
        try c.encodeIfPresent(goto, forKey: .goto)
        try c.encode(lateMillis, forKey: .lateMillis)
    }
}

extension EscalationRecord {
    /// For stores and tools that rebuild escalations from their history (the engine makes its own).
    public init(_ scope: ClockScope, stage: String, level: Int, moment: String, notified: [String], reassign: String?,
                set: [FieldChange], goto: String?, lateMillis: Int64) {
        self.scope = scope
        self.stage = stage
        self.level = level
        self.moment = moment
        self.notified = notified
        self.reassign = reassign
        self.set = set
        self.goto = goto
        self.lateMillis = lateMillis
    }
}

extension SLAClock {
    /// For stores that rebuild clocks from their history (the engine starts its own).
    public init(_ target: String, business: Bool, workingMoment: Bool = false, startedAt: Instant, budget: Int64, consumed: Int64, runningSince: Instant?,
                deadline: Instant?, warnAt: Instant?, warned: Bool, breachedAt: Instant?, levelsFired: Int) {
        self.init(target: target, business: business, workingMoment: workingMoment, startedAt: startedAt, budget: budget,
                  consumed: consumed, runningSince: runningSince, deadline: deadline, warnAt: warnAt, warned: warned,
                  breachedAt: breachedAt, levelsFired: levelsFired)
    }
}

extension FieldChange: Codable {
    enum CodingKeys: String, CodingKey { case field, value }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(try c.decode(String.self, forKey: .field), try c.decode(CodableValue.self, forKey: .value).value)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(field, forKey: .field)
        try c.encode(CodableValue(value), forKey: .value)
    }
}

/// A `Value` with its exact type kept (JSON alone cannot tell `1.0` from `1` once decoded by
/// Foundation, nor a timestamp from text): one key naming the type.
struct CodableValue: Codable {
    var value: Value

    init(_ value: Value) { self.value = value }

    enum CodingKeys: String, CodingKey {
        case null, bool, int, uint, double, string, bytes, list, map, timestamp, duration, object, type
    }

    private struct Seconds: Codable {
        var s: Int64
        var n: Int32
    }

    private struct Object: Codable {
        var type: String
        var fields: [String: CodableValue]
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let key = c.allKeys.first, c.allKeys.count == 1 else {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath, debugDescription: "a value needs exactly one type key"))
        }
        func bad(_ what: String) -> DecodingError {
            .dataCorrupted(.init(codingPath: c.codingPath + [key], debugDescription: "invalid \(what)"))
        }
        switch key {
        case .null: value = .null
        case .bool: value = .bool(try c.decode(Bool.self, forKey: key))
        case .int: value = .int(try c.decode(Int64.self, forKey: key))
        case .uint: value = .uint(try c.decode(UInt64.self, forKey: key))
        case .double: value = .double(try c.decode(Double.self, forKey: key))
        case .string: value = .string(try c.decode(String.self, forKey: key))
        case .bytes: value = .bytes(try c.decode([UInt8].self, forKey: key))
        case .list: value = .list(try c.decode([CodableValue].self, forKey: key).map(\.value))
        case .map:
            let pairs = try c.decode([[CodableValue]].self, forKey: key)
            guard pairs.allSatisfy({ $0.count == 2 }) else { throw bad("map entry") }
            value = .map(MapValue(pairs.map { ($0[0].value, $0[1].value) }))
        case .timestamp:
            let t = try c.decode(Seconds.self, forKey: key)
            guard let ts = CELTimestamp(seconds: t.s, nanos: t.n) else { throw bad("timestamp") }
            value = .timestamp(ts)
        case .duration:
            let d = try c.decode(Seconds.self, forKey: key)
            guard let dur = CELDuration(seconds: d.s, nanos: d.n) else { throw bad("duration") }
            value = .duration(dur)
        case .object:
            let o = try c.decode(Object.self, forKey: key)
            value = .object(ObjectValue(typeName: o.type, fields: o.fields.mapValues(\.value)))
        case .type:
            let name = try c.decode(String.self, forKey: key)
            guard let t = CELTypeName.parse(name) else { throw bad("type name") }
            value = .type(t)
        }
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch value {
        case .null: try c.encode(true, forKey: .null)
        case .bool(let b): try c.encode(b, forKey: .bool)
        case .int(let i): try c.encode(i, forKey: .int)
        case .uint(let u): try c.encode(u, forKey: .uint)
        case .double(let d): try c.encode(d, forKey: .double)
        case .string(let s): try c.encode(s, forKey: .string)
        case .bytes(let b): try c.encode(b, forKey: .bytes)
        case .list(let items): try c.encode(items.map(CodableValue.init), forKey: .list)
        case .map(let m): try c.encode(m.entries.map { [CodableValue($0.key), CodableValue($0.value)] }, forKey: .map)
        case .timestamp(let t): try c.encode(Seconds(s: t.seconds, n: t.nanos), forKey: .timestamp)
        case .duration(let d): try c.encode(Seconds(s: d.seconds, n: d.nanos), forKey: .duration)
        case .object(let o): try c.encode(Object(type: o.typeName, fields: o.fields.mapValues(CodableValue.init)), forKey: .object)
        case .type(let t): try c.encode(t.description, forKey: .type)
        }
    }
}

/// CEL type names back to types, for `type` values in snapshots. Object types keep only their name.
public enum CELTypeName {
    public static func parse(_ text: String) -> CELType? {
        let t = text.trimmingSpaces
        switch t {
        case "int": return .int
        case "uint": return .uint
        case "double": return .double
        case "string": return .string
        case "bool": return .bool
        case "bytes": return .bytes
        case "null", "null_type": return .null
        case "timestamp", "google.protobuf.Timestamp": return .timestamp
        case "duration", "google.protobuf.Duration": return .duration
        case "dyn": return .dyn
        case "type": return .type
        default: break
        }
        if t.hasPrefix("list("), t.hasSuffix(")") {
            return parse(String(t.dropFirst(5).dropLast())).map(CELType.list)
        }
        if t.hasPrefix("map("), t.hasSuffix(")") {
            let inner = Array(t.dropFirst(4).dropLast())
            var depth = 0
            for (i, ch) in inner.enumerated() {
                if ch == "(" { depth += 1 } else if ch == ")" { depth -= 1 } else if ch == ",", depth == 0 {
                    guard let k = parse(String(inner[..<i])), let v = parse(String(inner[(i + 1)...])) else { return nil }
                    return .map(k, v)
                }
            }
            return nil
        }
        guard !t.isEmpty, !t.contains("(") else { return nil }
        return .object(ObjectType(name: t, fields: [:]))
    }
}

private extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
