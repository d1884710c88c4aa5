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
        router.get("/v1/cases/:id/history") { _, context in try await history(context) }
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

    private func history(_ context: CaseflowContext) async throws -> Response {
        let state = try await readable(context)
        let events = try await store.events(caseID: state.id)
        let items = events.map { e in
            "{\"seq\":\(e.sequence),\"hash\":\"\(e.hash)\",\"previous_hash\":\"\(e.previousHash)\",\"event\":\(e.body)}"
        }
        return JSONResponse.raw("{\"case\":\(JSONPrinter.print(.string(state.id))),\"events\":[\(items.joined(separator: ","))]}")
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

    /// The work queue of a role: open stages it works, tasks it does, gates it votes at.
    private func tasks(_ request: Request, _ context: CaseflowContext) async throws -> Response {
        let person = try Access.person(context)
        let active = try cases.engine()
        let directory = active.engine.directory
        guard let role = request.uri.queryParameters["role"].map(String.init) else {
            throw APIError.badRequest("give the role: /v1/tasks?role=ROLE")
        }
        guard directory.isAdmin(person) || directory.has(person, BuiltInRole.auditor) || directory.has(person, role) else {
            throw APIError.forbidden("\(person) does not hold role \(role)")
        }
        var items: [Value] = []
        for (state, w) in try await openCases(active) {
            let stage = w.stages[state.stage]
            var kinds: [(String, String?)] = []
            if stage.kind == .worked, state.role == role { kinds.append(("stage", nil)) }
            for t in stage.tasks where t.role == role && !state.tasksDone.contains(t.id) { kinds.append(("task", t.id)) }
            if let gate = stage.gate, gate.approvers.contains(role) { kinds.append(("vote", nil)) }
            for (kind, task) in kinds {
                items.append(.object([("case", .string(state.id)), ("workflow", .string(w.id)), ("stage", .string(stage.id)),
                                      ("kind", .string(kind)), ("task", .optional(task)), ("assignee", .optional(state.assignee)),
                                      ("sla", CaseJSON.clock(state.stageClock))]))
            }
        }
        return JSONResponse.make(.object([("role", .string(role)), ("items", .list(items))]))
    }

    private func escalations(_ request: Request, _ context: CaseflowContext) async throws -> Response {
        let person = try Access.person(context)
        let active = try cases.engine()
        let directory = active.engine.directory
        let openOnly = try QueryFlag.bool(request.uri.queryParameters["open"].map(String.init), "open") ?? true
        var items: [Value] = []
        if openOnly {
            for (state, w) in try await openCases(active) where Access.mayRead(person, w, directory) {
                items += state.openEscalations.map { CaseJSON.escalation($0, caseID: state.id) }
            }
        } else {
            for id in try await store.caseIDs() {
                guard let state = try await cases.state(id), let w = active.engine.workflow(of: state),
                      Access.mayRead(person, w, directory) else { continue }
                for e in try await store.events(caseID: id) where e.type == "escalation_raised" {
                    if let event = try? EventCodec.decode(e.body), case .escalationRaised(let r) = event.event.kind {
                        items.append(CaseJSON.escalation(r, caseID: id))
                    }
                }
            }
        }
        return JSONResponse.make(.object([("escalations", .list(items))]))
    }

    private func openCases(_ active: DefinitionRegistry.Active) async throws -> [(CaseState, CompiledWorkflow)] {
        var result: [(CaseState, CompiledWorkflow)] = []
        var after: String?
        while true {
            let page = try await store.cases(CaseQuery(status: "open", after: after, limit: 1000))
            for row in page {
                guard let state = try? StateCodec.decode(row.state), let w = active.engine.workflow(of: state) else { continue }
                result.append((state, w))
            }
            guard page.count == 1000 else { return result }
            after = page.last?.id
        }
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
