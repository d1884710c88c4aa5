import CaseflowEngine
import CaseflowModel
import CaseflowRules
import CaseflowStore
import Hummingbird

/// History, chain checks, work queues, escalations and definitions: the read-only API.
struct ReadRoutes {
    let cases: CaseService
    let store: any CaseStore

    func register(on router: Router<CaseflowContext>) {
        router.get("/v1/cases/:id/history") { request, context in try await history(request, context) }
        router.get("/v1/cases/:id/verify") { _, context in try await verify(context) }
        router.get("/v1/tasks") { request, context in try await tasks(request, context) }
        router.get("/v1/escalations") { request, context in try await escalations(request, context) }
        router.get("/v1/workflows") { _, context in try workflows(context) }
        router.get("/v1/workflows/:id") { _, context in try workflow(context) }
    }

    /// Reads a case the person may see.
    private func readable(_ context: CaseflowContext) async throws -> CaseState {
        let id = try context.parameters.require("id")
        guard let state = try await cases.state(id) else { throw APIError.notFound("no case \(id)") }
        let active = try cases.engine()
        try Access.reader(context, workflow: active.engine.workflow(of: state), directory: active.engine.directory)
        return state
    }

    private func history(_ request: Request, _ context: CaseflowContext) async throws -> Response {
        let state = try await readable(context)
        let q = request.uri.queryParameters
        for (key, _) in q where !["after", "limit"].contains(String(key)) {
            throw APIError.badRequest("unknown parameter '\(key)'; history takes after and limit")
        }
        let limit = try QueryFlag.limit(q["limit"], standard: 1000)
        var after = 0
        if let a = q["after"] {
            guard let n = Int(a), n >= 0 else { throw APIError.badRequest("after must be an event's seq") }
            after = n
        }
        let all = try await store.events(caseID: state.id)
        let events = Array(all.drop { $0.sequence <= after }.prefix(limit))
        let next = events.count == limit && events.last.map({ $0.sequence < (all.last?.sequence ?? 0) }) == true ? events.last?.sequence : nil
        let items = events.map { e in
            "{\"seq\":\(e.sequence),\"hash\":\"\(e.hash)\",\"previous_hash\":\"\(e.previousHash)\",\"event\":\(e.body)}"
        }
        return JSONResponse.raw("{\"case\":\(JSONPrinter.print(.string(state.id))),\"events\":[\(items.joined(separator: ","))],"
                                + "\"next\":\(next.map(String.init) ?? "null")}")
    }

    private func verify(_ context: CaseflowContext) async throws -> Response {
        let state = try await readable(context)
        let events = try await store.events(caseID: state.id)
        let result = HashChain.verify(events)
        var broken: ChainBreak?
        if case .broken(let b) = result { broken = b }
        return JSONResponse.make(.object([
            ("case", .string(state.id)),
            ("events", .int(events.count)),
            ("intact", .bool(result.isIntact)),
            ("first_broken", broken.map { .int($0.sequence) } ?? .null),
            ("message", .string(result.description)),
        ]))
    }

    /// The work queue: open stages a role works, tasks it does, gates it votes at; without `role`,
    /// every role the caller holds. Paged: one request looks at a bounded number of open cases
    /// and answers with an opaque `next`; items are sorted by deadline within the page.
    private func tasks(_ request: Request, _ context: CaseflowContext) async throws -> Response {
        let person = try Access.person(context)
        let active = try cases.engine()
        let directory = active.engine.directory
        let q = request.uri.queryParameters
        for (key, _) in q where !["role", "limit", "after"].contains(String(key)) {
            throw APIError.badRequest("unknown parameter '\(key)'; the work queue takes role, limit and after")
        }
        let roles: Set<String>
        if let role = q["role"].map(String.init) {
            guard directory.isAdmin(person) || directory.has(person, BuiltInRole.auditor) || directory.has(person, role) else {
                throw APIError.forbidden("\(person) does not hold role \(role)")
            }
            roles = [role]
        } else {
            roles = directory.roles[person] ?? []
        }
        let limit = try QueryFlag.limit(q["limit"], standard: 100)
        let readable = active.engine.catalog.latest.filter { !$0.roles.isDisjoint(with: roles) }.map(\.id)
        var query = CaseQuery(status: "open", after: try q["after"].map { try CaseSearch.decode(String($0)) }, limit: 500)
        query.workflows = readable
        var items: [(due: Instant?, value: Value)] = []
        var scanned = 0
        var next: String?
        scan: while scanned < CaseSearch.maxScan {
            let page = try await store.cases(query)
            for row in page {
                scanned += 1
                query.after = row.id
                guard let state = try? StateCodec.decode(row.state), let w = active.engine.workflow(of: state) else { continue }
                let stage = w.stages[state.stage]
                var kinds: [(String, String?, String)] = []
                if stage.kind == .worked, let r = state.role, roles.contains(r) { kinds.append(("stage", nil, r)) }
                for t in stage.tasks where roles.contains(t.role) && !state.tasksDone.contains(t.id) { kinds.append(("task", t.id, t.role)) }
                if let gate = stage.gate, let r = gate.approvers.first(where: roles.contains),
                   !state.votes.contains(where: { $0.person == person }) { kinds.append(("vote", nil, r)) }
                for (kind, task, role) in kinds {
                    items.append((state.stageClock?.deadline, Self.taskItem(state, w, kind: kind, task: task, role: role, now: cases.clock())))
                }
                if items.count >= limit {
                    next = CaseSearch.encode(row.id)
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
        return JSONResponse.make(.object([("roles", .list(roles.sorted().map(Value.string))), ("items", .list(sorted.map(\.value))),
                                          ("next", .optional(next)), ("scanned", .int(scanned))]))
    }

    static func taskItem(_ state: CaseState, _ w: CompiledWorkflow, kind: String, task: String?, role: String, now: Instant) -> Value {
        let stage = w.stages[state.stage]
        let title = w.definition.stages.first { $0.id.value == stage.id }?.title ?? stage.id
        var fields: [(String, Value)] = [
            ("case", .string(state.id)), ("workflow", .string(w.id)), ("stage", .string(stage.id)), ("stage_title", .string(title)),
            ("kind", .string(kind)), ("task", .optional(task)), ("role", .string(role)), ("assignee", .optional(state.assignee)),
        ]
        if let slot = w.fieldSlots["customer"] { fields.append(("customer", state.value(slot))) }
        // The workflow's `search:` fields: what tells one case of the queue from another.
        fields.append(("fields", .object(w.definition.search.compactMap { name in
            w.fieldSlots[name.value].map { (name.value, CaseJSON.shown(state.value($0), w.fields[$0], w)) }
        })))
        let deadline = state.stageClock?.deadline
        fields.append(("deadline", deadline.map(ValueDecoder.timestamp) ?? .null))
        // Working time left when the SLA counts business time (negative: past the deadline).
        fields.append(("remaining", deadline.map { d in
            let business = state.stageClock?.business ?? false
            let ms = !business ? d.millis - now.millis
                : now < d ? w.calendar.workingTime(from: now, to: d) : -w.calendar.workingTime(from: d, to: now)
            return .string((ms < 0 ? "-" : "") + (CELDuration(seconds: abs(ms) / 1000, nanos: 0).map(DurationText.human) ?? "0s"))
        } ?? .null))
        fields.append(("sla", CaseJSON.clock(state.stageClock)))
        return .object(fields)
    }

    /// Escalations raised and not yet resolved (`open=false`: every one raised), paged like the
    /// work queue: a bounded walk over the cases of the workflows the caller may read.
    private func escalations(_ request: Request, _ context: CaseflowContext) async throws -> Response {
        let person = try Access.person(context)
        let active = try cases.engine()
        let directory = active.engine.directory
        let q = request.uri.queryParameters
        for (key, _) in q where !["open", "limit", "after"].contains(String(key)) {
            throw APIError.badRequest("unknown parameter '\(key)'; escalations take open, limit and after")
        }
        let openOnly = try QueryFlag.bool(q["open"].map(String.init), "open") ?? true
        let limit = try QueryFlag.limit(q["limit"], standard: 100)
        var query = CaseQuery(status: openOnly ? "open" : nil, after: try q["after"].map { try CaseSearch.decode(String($0)) },
                              limit: openOnly ? 500 : 50)
        query.workflows = active.engine.catalog.latest.filter { Access.mayRead(person, $0, directory) }.map(\.id)
        // A full history is read per case for open=false: fewer cases per request.
        let maxScan = openOnly ? CaseSearch.maxScan : 500
        var items: [Value] = []
        var scanned = 0
        var next: String?
        scan: while scanned < maxScan {
            let page = try await store.cases(query)
            for row in page {
                scanned += 1
                query.after = row.id
                if openOnly {
                    guard let state = try? StateCodec.decode(row.state) else { continue }
                    items += state.openEscalations.map { CaseJSON.escalation($0, caseID: state.id) }
                } else {
                    for e in try await store.events(caseID: row.id) where e.type == "escalation_raised" {
                        if let event = try? EventCodec.decode(e.body), case .escalationRaised(let r) = event.event.kind {
                            items.append(CaseJSON.escalation(r, caseID: row.id))
                        }
                    }
                }
                if items.count >= limit {
                    next = CaseSearch.encode(row.id)
                    break scan
                }
            }
            if page.count < query.limit { break }
            if scanned >= maxScan { next = query.after.map(CaseSearch.encode) }
        }
        return JSONResponse.make(.object([("escalations", .list(items)), ("next", .optional(next)), ("scanned", .int(scanned))]))
    }




    private func workflows(_ context: CaseflowContext) throws -> Response {
        _ = try Access.person(context)
        let active = try cases.engine()
        let items: [Value] = active.engine.catalog.byID.keys.sorted().map { id in
            let versions = (active.engine.catalog.byID[id] ?? [:]).keys.sorted()
            let latest = active.engine.catalog.workflow(id)
            return .object([("id", .string(id)), ("title", .optional(latest?.definition.title)),
                            ("latest", .int(versions.last ?? 0)), ("versions", .list(versions.map { .int($0) }))])
        }
        return JSONResponse.make(.object([("workflows", .list(items))]))
    }

    private func workflow(_ context: CaseflowContext) throws -> Response {
        _ = try Access.person(context)
        let id = try context.parameters.require("id")
        let active = try cases.engine()
        guard let versions = active.engine.catalog.byID[id] else { throw APIError.notFound("no workflow \(id)") }
        let items: [Value] = versions.keys.sorted().compactMap { v in
            guard let w = versions[v] else { return nil }
            return .object([
                ("version", .int(v)), ("title", .optional(w.definition.title)),
                ("definition", .optional(active.hashes["\(id)@\(v)"])),
                ("roles", .list(w.definition.roles.map { .string($0.value) })),
                ("start", .string(w.definition.start.value)),
                ("stages", .list(w.stages.map { s in
                    .object([("id", .string(s.id)), ("kind", .string(s.kind.rawValue)), ("role", .optional(s.role))])
                })),
                ("source", .string(w.definition.sourceText)),
            ])
        }
        return JSONResponse.make(.object([("id", .string(id)), ("versions", .list(items))]))
    }
}
