import CaseflowModel
import CaseflowRules

// Snapshots read without Foundation's JSONDecoder: the same document `Codable` reads (see
// CaseState+Codable), parsed once into a `Value` tree and read field by field. Daemons sharing a
// PostgreSQL database read every case they act on, and JSONDecoder was a third of their CPU.

/// Why a snapshot could not be read this way (the caller then tries `Codable`, which says where).
public struct SnapshotReadError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

extension CaseState {
    public init(snapshotJSON text: String) throws(SnapshotReadError) {
        guard case .success(let tree) = JSONParser.parse(text) else { throw SnapshotReadError(description: "not JSON") }
        let o = try SnapshotFields(tree, "state")
        id = try o.string("id")
        workflowID = try o.string("workflow")
        version = try o.int("version")
        guard let status = Status(rawValue: try o.string("status")) else { throw o.bad("status") }
        self.status = status
        outcome = try o.optionalString("outcome")
        stage = try o.int("stage")
        slots = try o.list("slots").map(SnapshotFields.value)
        openedAt = try o.instant("opened_at")
        openedBy = try o.string("opened_by")
        sequence = try o.int("sequence")
        lastEventAt = try o.instant("last_event_at")
        stageEnteredAt = try o.instant("stage_entered_at")
        role = try o.optionalString("role")
        assignee = try o.optionalString("assignee")
        tasksDone = try o.list("tasks_done").map(SnapshotFields.string)
        if let taken = o.optional("task_assignees") { taskAssignees = try SnapshotFields(taken, "task_assignees").strings() }
        votes = try o.list("votes").map { (v: Value) throws(SnapshotReadError) -> Vote in
            let f = try SnapshotFields(v, "vote")
            return Vote(person: try f.string("person"), approve: try f.bool("approve"))
        }
        waitUntil = try o.optionalInstant("wait_until")
        stageClock = try o.optional("stage_clock").map(SnapshotFields.clock)
        caseClock = try o.optional("case_clock").map(SnapshotFields.clock)
        escalationCount = try o.int("escalation_count")
        openEscalations = try o.list("open_escalations").map(SnapshotFields.escalation)
        actors = Array(Set(try o.list("actors").map(SnapshotFields.string))).sorted()
        approvals = try (o.optional("approvals").map { (v: Value) throws(SnapshotReadError) -> [Value] in
            guard case .list(let items) = v else { throw o.bad("approvals") }
            return items
        } ?? []).map { (v: Value) throws(SnapshotReadError) -> Approval in
            let a = try SnapshotFields(v, "approval")
            return Approval(gate: try a.string("gate"), values: try a.list("values").map { (c: Value) throws(SnapshotReadError) -> FieldChange in
                let f = try SnapshotFields(c, "value")
                guard let value = f.map[string: "value"] else { throw f.bad("value") }
                return FieldChange(try f.string("field"), try SnapshotFields.value(value))
            })
        }
    }
}

/// One object of the snapshot, read by key.
private struct SnapshotFields {
    let map: MapValue
    let what: String

    init(_ v: Value, _ what: String) throws(SnapshotReadError) {
        guard case .map(let m) = v else { throw SnapshotReadError(description: "\(what) is not an object") }
        map = m
        self.what = what
    }

    func bad(_ key: String) -> SnapshotReadError { SnapshotReadError(description: "\(what).\(key) is missing or of the wrong type") }

    /// Nil when absent or null, as `decodeIfPresent` reads it.
    func optional(_ key: String) -> Value? {
        guard let v = map[string: key], !v.isNull else { return nil }
        return v
    }

    func string(_ key: String) throws(SnapshotReadError) -> String {
        guard case .string(let s)? = map[string: key] else { throw bad(key) }
        return s
    }

    func optionalString(_ key: String) throws(SnapshotReadError) -> String? {
        guard let v = optional(key) else { return nil }
        guard case .string(let s) = v else { throw bad(key) }
        return s
    }

    func int64(_ key: String) throws(SnapshotReadError) -> Int64 {
        guard case .int(let i)? = map[string: key] else { throw bad(key) }
        return i
    }

    func int(_ key: String) throws(SnapshotReadError) -> Int { Int(try int64(key)) }

    func bool(_ key: String) throws(SnapshotReadError) -> Bool {
        guard case .bool(let b)? = map[string: key] else { throw bad(key) }
        return b
    }

    func instant(_ key: String) throws(SnapshotReadError) -> Instant { Instant(millis: try int64(key)) }

    func optionalInstant(_ key: String) throws(SnapshotReadError) -> Instant? {
        guard let v = optional(key) else { return nil }
        guard case .int(let i) = v else { throw bad(key) }
        return Instant(millis: i)
    }

    func list(_ key: String) throws(SnapshotReadError) -> [Value] {
        guard case .list(let items)? = map[string: key] else { throw bad(key) }
        return items
    }

    /// Every entry, each a string.
    func strings() throws(SnapshotReadError) -> [String: String] {
        var out: [String: String] = [:]
        for e in map.entries {
            guard case .string(let k) = e.key, case .string(let v) = e.value else { throw bad("*") }
            out[k] = v
        }
        return out
    }

    static func string(_ v: Value) throws(SnapshotReadError) -> String {
        guard case .string(let s) = v else { throw SnapshotReadError(description: "expected text") }
        return s
    }

    static func clock(_ v: Value) throws(SnapshotReadError) -> SLAClock {
        let c = try SnapshotFields(v, "clock")
        return SLAClock(try c.string("target"), business: try c.bool("business"),
                        workingMoment: try c.optional("working_moment").map { (w: Value) throws(SnapshotReadError) -> Bool in
                            guard case .bool(let b) = w else { throw c.bad("working_moment") }
                            return b
                        } ?? false,
                        startedAt: try c.instant("started_at"), budget: try c.int64("budget"), consumed: try c.int64("consumed"),
                        runningSince: try c.optionalInstant("running_since"), deadline: try c.optionalInstant("deadline"),
                        warnAt: try c.optionalInstant("warn_at"), warned: try c.bool("warned"),
                        breachedAt: try c.optionalInstant("breached_at"), levelsFired: try c.int("levels_fired"))
    }

    static func escalation(_ v: Value) throws(SnapshotReadError) -> EscalationRecord {
        let e = try SnapshotFields(v, "escalation")
        guard let scope = ClockScope(rawValue: try e.string("scope")) else { throw e.bad("scope") }
        return EscalationRecord(scope, stage: try e.string("stage"), level: try e.int("level"), moment: try e.string("moment"),
                                notified: try e.list("notified").map(string), reassign: try e.optionalString("reassign"),
                                set: try e.list("set").map { (c: Value) throws(SnapshotReadError) -> FieldChange in
                                    let f = try SnapshotFields(c, "change")
                                    guard let value = f.map[string: "value"] else { throw f.bad("value") }
                                    return FieldChange(try f.string("field"), try Self.value(value))
                                },
                                goto: try e.optionalString("goto"), lateMillis: try e.int64("late_ms"))
    }

    /// A value as `CodableValue` writes it: one key naming the type.
    static func value(_ v: Value) throws(SnapshotReadError) -> Value {
        guard case .map(let m) = v, m.count == 1, let entry = m.entries.first, case .string(let tag) = entry.key else {
            throw SnapshotReadError(description: "a value needs exactly one type key")
        }
        let body = entry.value
        let invalid = SnapshotReadError(description: "invalid \(tag) value")
        switch (tag, body) {
        case ("null", _): return .null
        case ("bool", .bool): return body
        case ("int", .int): return body
        case ("uint", .int(let i)) where i >= 0: return .uint(UInt64(i))
        case ("double", .double): return body
        case ("double", .int(let i)): return .double(Double(i))
        case ("double", .string(let s)):
            switch s {
            case "NaN": return .double(.nan)
            case "Infinity": return .double(.infinity)
            case "-Infinity": return .double(-.infinity)
            default: throw invalid
            }
        case ("string", .string): return body
        case ("bytes", .list(let items)):
            var bytes: [UInt8] = []
            bytes.reserveCapacity(items.count)
            for item in items {
                guard case .int(let b) = item, let byte = UInt8(exactly: b) else { throw invalid }
                bytes.append(byte)
            }
            return .bytes(bytes)
        case ("list", .list(let items)):
            return .list(try items.map(value))
        case ("map", .list(let pairs)):
            var out: [(Value, Value)] = []
            out.reserveCapacity(pairs.count)
            for pair in pairs {
                guard case .list(let kv) = pair, kv.count == 2 else { throw invalid }
                out.append((try value(kv[0]), try value(kv[1])))
            }
            return .map(MapValue(out))
        case ("timestamp", _), ("duration", _):
            let f = try SnapshotFields(body, tag)
            let (s, n) = (try f.int64("s"), try f.int64("n"))
            guard let nanos = Int32(exactly: n) else { throw invalid }
            if tag == "timestamp" {
                guard let t = CELTimestamp(seconds: s, nanos: nanos) else { throw invalid }
                return .timestamp(t)
            }
            guard let d = CELDuration(seconds: s, nanos: nanos) else { throw invalid }
            return .duration(d)
        case ("object", _):
            let o = try SnapshotFields(body, "object")
            guard case .map(let fields)? = o.map[string: "fields"] else { throw invalid }
            var out: [String: Value] = [:]
            for e in fields.entries {
                guard case .string(let k) = e.key else { throw invalid }
                out[k] = try value(e.value)
            }
            return .object(ObjectValue(typeName: try o.string("type"), fields: out))
        case ("type", .string(let name)):
            guard let t = CELTypeName.parse(name) else { throw invalid }
            return .type(t)
        default:
            throw invalid
        }
    }
}
