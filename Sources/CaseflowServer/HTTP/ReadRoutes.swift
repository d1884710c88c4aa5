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

    /// A case's stored record for the reads an auditor needs most when the case does not check
    /// out (history and verify): unlike the case itself, they are answered for a case whose history
    /// or snapshot was tampered with, saying so. The person must be able to read its workflow
    /// (named by its row, or by its first event when the row is gone).
    private func readableRecord(_ context: CaseflowContext) async throws -> (id: String, record: CaseRecord, catalog: WorkflowCatalog) {
        let id = try context.parameters.require("id")
        let record = try await store.caseRecord(caseID: id)
        let active = try cases.engine()
        var workflow: CompiledWorkflow?
        if let row = record.snapshot {
            workflow = active.engine.catalog.workflow(row.workflow, version: row.workflowVersion)
        } else if let first = record.events.first, let opened = try? EventCodec.decode(first.body).event,
                  case .opened(let workflowID, _, _) = opened.kind {
            workflow = active.engine.catalog.workflow(workflowID, version: opened.version)
        } else {
            throw APIError.notFound("no case \(id)")
        }
        try Access.reader(context, workflow: workflow, directory: active.engine.directory)
        return (id, record, active.engine.catalog)
    }

    private func history(_ request: Request, _ context: CaseflowContext) async throws -> Response {
        let (id, record, catalog) = try await readableRecord(context)
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
        let all = record.events
        let events = Array(all.drop { $0.sequence <= after }.prefix(limit))
        let next = events.count == limit && events.last.map({ $0.sequence < (all.last?.sequence ?? 0) }) == true ? events.last?.sequence : nil
        let items = events.map { e in
            "{\"seq\":\(e.sequence),\"hash\":\"\(e.hash)\",\"previous_hash\":\"\(e.previousHash)\",\"event\":\(e.body)}"
        }
        // Whether the whole history checks out (its chain, and the snapshot replayed from it): a
        // history that does not is still shown, to be examined, never silently.
        let problem = check(id, record, catalog).problem
        return JSONResponse.raw("{\"case\":\(JSONPrinter.print(.string(id))),\"events\":[\(items.joined(separator: ","))],"
                                + "\"next\":\(next.map(String.init) ?? "null"),\"intact\":\(problem == nil)"
                                + (problem.map { ",\"problem\":" + JSONPrinter.print(.string($0.message)) } ?? "") + "}")
    }

    private func verify(_ context: CaseflowContext) async throws -> Response {
        let (id, record, catalog) = try await readableRecord(context)
        let (chain, problem) = check(id, record, catalog)
        return JSONResponse.make(.object([
            ("case", .string(id)),
            ("events", .int(record.events.count)),
            ("intact", .bool(problem == nil)),
            ("first_broken", problem?.sequence.map { .int($0) } ?? .null),
            ("message", .string(problem?.message ?? chain?.description ?? "")),
        ]))
    }

    /// What is wrong with a case's stored record, if anything: its hash chain, a history cut short,
    /// or a snapshot its history does not replay to. A case found wrong is no longer kept in
    /// memory, so the next command on it reads it again and is refused (409 integrity).
    /// The chain is hashed once: its result is returned for the message of an intact case.
    private func check(_ id: String, _ record: CaseRecord, _ catalog: WorkflowCatalog)
        -> (chain: VerifyResult?, problem: (sequence: Int?, message: String)?) {
        var found: (sequence: Int?, message: String)?
        let chain = record.verify(caseID: id)
        if case .broken(let b)? = chain {
            found = (b.sequence, b.description)
        } else {
            switch SnapshotCheck.check(events: record.events, snapshot: record.snapshot, catalog: catalog, chainVerified: true) {
            case .differs(let problems):
                found = (nil, "the stored snapshot does not match its history: " + problems.prefix(5).joined(separator: "; "))
            case .matches, .unchecked, .broken:  // .broken only comes from a chain not verified above
                break
            }
        }
        if found != nil { cases.forget(id) }
        return (chain, found)
    }

    /// The work queue (see `WorkQueue`): without `role`, every role the caller holds.
    private func tasks(_ request: Request, _ context: CaseflowContext) async throws -> Response {
        let person = try Access.person(context)
        let q = request.uri.queryParameters
        for (key, _) in q where !["role", "limit", "after"].contains(String(key)) {
            throw APIError.badRequest("unknown parameter '\(key)'; the work queue takes role, limit and after")
        }
        let page = try await WorkQueue(cases: cases, store: store).tasks(of: person, role: q["role"].map(String.init),
                                                                         limit: try QueryFlag.limit(q["limit"], standard: 100),
                                                                         after: q["after"].map(String.init))
        return JSONResponse.make(.object([("roles", .list(page.roles.map(Value.string))), ("items", .list(page.items)),
                                          ("next", .optional(page.next)), ("scanned", .int(page.scanned))]))
    }

    /// Escalations raised and not yet resolved (`open=false`: every one raised), paged like the
    /// work queue.
    private func escalations(_ request: Request, _ context: CaseflowContext) async throws -> Response {
        let person = try Access.person(context)
        let q = request.uri.queryParameters
        for (key, _) in q where !["open", "limit", "after"].contains(String(key)) {
            throw APIError.badRequest("unknown parameter '\(key)'; escalations take open, limit and after")
        }
        let page = try await WorkQueue(cases: cases, store: store).escalations(
            of: person, openOnly: try QueryFlag.bool(q["open"].map(String.init), "open") ?? true,
            limit: try QueryFlag.limit(q["limit"], standard: 100), after: q["after"].map(String.init))
        return JSONResponse.make(.object([("escalations", .list(page.items)), ("next", .optional(page.next)), ("scanned", .int(page.scanned))]))
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
