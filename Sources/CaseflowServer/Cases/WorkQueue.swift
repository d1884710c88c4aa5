import CaseflowEngine
import CaseflowModel
import CaseflowRules
import CaseflowStore

/// The work a person can act on (open stages their roles work, tasks they do, gates they vote
/// at) and the escalations they may see: bounded walks over the open cases of the workflows they
/// hold a role in, paged with an opaque cursor. The API and the console both read them here.
public struct WorkQueue: Sendable {
    public struct Page: Sendable {
        public var roles: [String]
        public var items: [Value]
        public var next: String?
        public var scanned: Int
    }

    let cases: CaseService
    let store: any CaseStore

    public init(cases: CaseService, store: any CaseStore) {
        self.cases = cases
        self.store = store
    }

    /// `role`: one role's whole queue (see `Access.mayViewQueue`); nil: every role they hold. Items are sorted overdue first, then by deadline, within the page.
    public func tasks(of person: String, role: String?, limit: Int, after: String?) async throws -> Page {
        let active = try cases.engine()
        let directory = active.engine.directory
        let roles: Set<String>
        if let role {
            guard Access.mayViewQueue(person, role: role, active.engine) else {
                throw APIError.forbidden("\(person) does not hold role \(role), nor lead it (no escalation of its stages reaches them)")
            }
            roles = [role]
        } else {
            roles = directory.roles[person] ?? []
        }
        let readable = active.engine.catalog.latest.filter { !$0.roles.isDisjoint(with: roles) }.map(\.id)
        var query = CaseQuery(status: "open", after: try after.map { try CaseSearch.decode($0) }, limit: 500)
        query.workflows = readable
        var items: [(due: Instant?, value: Value)] = []
        var scanned = 0
        var next: String?
        let now = cases.clock()
        /// What the person can do on a case: its stage, tasks and vote, by kind, task and role.
        func work(on row: StoredCase) -> (CaseState, CompiledWorkflow, [(String, String?, String)])? {
            guard let state = try? StateCodec.decode(row.state), let w = active.engine.workflow(of: state) else { return nil }
            let stage = w.stages[state.stage]
            var kinds: [(String, String?, String)] = []
            if stage.kind == .worked, let r = state.role, roles.contains(r) { kinds.append(("stage", nil, r)) }
            for t in stage.tasks where roles.contains(t.role) && !state.tasksDone.contains(t.id) { kinds.append(("task", t.id, t.role)) }
            if let gate = stage.gate, let r = gate.approvers.first(where: roles.contains),
               !state.votes.contains(where: { $0.person == person }) { kinds.append(("vote", nil, r)) }
            return kinds.isEmpty ? nil : (state, w, kinds)
        }
        scan: while scanned < CaseSearch.maxScan {
            let page = try await store.cases(query)
            for (index, row) in page.enumerated() {
                scanned += 1
                query.after = row.id
                guard let (state, w, kinds) = work(on: row) else { continue }
                for (kind, task, role) in kinds {
                    items.append((state.stageClock?.deadline, Self.taskItem(state, w, kind: kind, task: task, role: role, now: now)))
                }
                if items.count >= limit {
                    next = CaseSearch.next(after: row, rest: page[(index + 1)...], last: page.count < query.limit, scanned: &scanned) {
                        work(on: $0) != nil
                    }
                    break scan
                }
            }
            if page.count < query.limit { break }
            if scanned >= CaseSearch.maxScan { next = query.after.map(CaseSearch.encode) }
        }
        let sorted = items.sorted { a, b in
            switch (a.due, b.due) {
            case let (x?, y?): return x < y
            case (_?, nil): return true
            default: return false
            }
        }
        return Page(roles: roles.sorted(), items: sorted.map(\.value), next: next, scanned: scanned)
    }

    /// A case's open escalations, nil when it has none (most cases: the snapshot says so without
    /// being decoded) or its snapshot cannot be read.
    static func openEscalations(_ row: StoredCase) -> [EscalationRecord]? {
        if row.state.contains(#""open_escalations":[]"#) { return nil }
        guard let open = (try? StateCodec.decode(row.state))?.openEscalations, !open.isEmpty else { return nil }
        return open
    }

    static func taskItem(_ state: CaseState, _ w: CompiledWorkflow, kind: String, task: String?, role: String, now: Instant) -> Value {
        let stage = w.stages[state.stage]
        let title = w.definition.stages.first { $0.id.value == stage.id }?.title ?? stage.id
        var fields: [(String, Value)] = [
            ("case", .string(state.id)), ("workflow", .string(w.id)), ("stage", .string(stage.id)), ("stage_title", .string(title)),
            ("kind", .string(kind)), ("task", .optional(task)), ("role", .string(role)),
            ("assignee", .optional(task.map { state.taskAssignees[$0] } ?? state.assignee)),
        ]
        if let slot = w.fieldSlots["customer"] { fields.append(("customer", state.value(slot))) }
        // The workflow's `search:` fields: what tells one case of the queue from another.
        fields.append(("fields", .object(w.definition.search.compactMap { name in
            w.fieldSlots[name.value].map { (name.value, CaseJSON.shown(state.value($0), w.fields[$0], w)) }
        })))
        let deadline = state.stageClock?.deadline
        fields.append(("deadline", deadline.map(ValueDecoder.timestamp) ?? .null))
        fields.append(("remaining", deadline.map { .string(remaining(until: $0, business: state.stageClock?.business ?? false, w, now: now)) } ?? .null))
        fields.append(("sla", CaseJSON.clock(state.stageClock)))
        return .object(fields)
    }

    /// Working time left when the SLA counts business time (`-` and the time past the deadline).
    /// Working time is said in hours and minutes (`40h`, `2h 30m`), never in 24-hour days: five
    /// business days of eight hours are `40h`, not `1d 16h`.
    public static func remaining(until d: Instant, business: Bool, _ w: CompiledWorkflow, now: Instant) -> String {
        let ms = !business ? d.millis - now.millis
            : now < d ? w.calendar.workingTime(from: now, to: d) : -w.calendar.workingTime(from: d, to: now)
        let sign = ms < 0 ? "-" : ""
        guard business else { return sign + (CELDuration(seconds: abs(ms) / 1000, nanos: 0).map(DurationText.human) ?? "0s") }
        let minutes = abs(ms) / 60_000, hours = minutes / 60, rest = minutes % 60
        if hours == 0 { return sign + (minutes == 0 ? "\(abs(ms) / 1000)s" : "\(minutes)m") }
        return sign + "\(hours)h" + (rest == 0 ? "" : " \(rest)m")
    }

    /// Escalations raised and not yet resolved (`openOnly: false`: every one raised).
    public func escalations(of person: String, openOnly: Bool, limit: Int, after: String?) async throws -> Page {
        let active = try cases.engine()
        let directory = active.engine.directory
        var query = CaseQuery(status: openOnly ? "open" : nil, after: try after.map { try CaseSearch.decode($0) },
                              limit: openOnly ? 500 : 50)
        query.workflows = active.engine.catalog.latest.filter { Access.mayRead(person, $0, directory) }.map(\.id)
        // A full history is read per case for openOnly == false: fewer cases per request.
        let maxScan = openOnly ? CaseSearch.maxScan : 500
        var items: [Value] = []
        var scanned = 0
        var next: String?
        scan: while scanned < maxScan {
            let page = try await store.cases(query)
            for (index, row) in page.enumerated() {
                scanned += 1
                query.after = row.id
                if openOnly {
                    guard let open = Self.openEscalations(row) else { continue }
                    items += open.map { CaseJSON.escalation($0, caseID: row.id) }
                } else {
                    for e in try await store.events(caseID: row.id) where e.type == "escalation_raised" {
                        if let event = try? EventCodec.decode(e.body), case .escalationRaised(let r) = event.event.kind {
                            items.append(CaseJSON.escalation(r, caseID: row.id))
                        }
                    }
                }
                if items.count >= limit {
                    if openOnly {
                        next = CaseSearch.next(after: row, rest: page[(index + 1)...], last: page.count < query.limit, scanned: &scanned) {
                            Self.openEscalations($0) != nil
                        }
                    } else {
                        // Every escalation ever raised is read from each case's history: the rows
                        // after this one are not read ahead, so the next page may be empty.
                        next = CaseSearch.encode(row.id)
                    }
                    break scan
                }
            }
            if page.count < query.limit { break }
            if scanned >= maxScan { next = query.after.map(CaseSearch.encode) }
        }
        return Page(roles: [], items: items, next: next, scanned: scanned)
    }
}
