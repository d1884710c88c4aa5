import CaseflowEngine
import CaseflowModel
import CaseflowRules
import CaseflowStore
import Hummingbird

/// `POST /v1/admin/migrations` (admin): moves running cases to another workflow version, at most
/// `limit` cases per request (default 1,000); `remaining` says to call again, with `after` set
/// to the answer's `next`.
struct MigrationRoutes {
    let cases: CaseService
    let store: any CaseStore
    let limit: Int

    func register(on router: Router<CaseflowContext>) {
        router.post("/v1/admin/migrations") { request, context in try await migrate(request, context) }
    }

    private func migrate(_ request: Request, _ context: CaseflowContext) async throws -> Response {
        let person = try Access.person(context)
        let active = try cases.engine()
        guard active.engine.directory.isAdmin(person) else { throw APIError.forbidden("only an admin may migrate cases") }
        let body = try JSONBody.parse(try await JSONBody.collect(request, limit: limit),
                                      allowed: ["workflow", "from", "to", "map", "set", "where", "dry_run", "reason", "limit", "after"])
        func int(_ key: String) throws -> Int {
            guard case .int(let i)? = body.fields[key] else {
                throw APIError.badRequest("'\(key)' must be " + (key == "limit" ? "a whole number of cases" : "a version number"))
            }
            return Int(i)
        }
        guard let workflow = try body.string("workflow", required: true) else { throw APIError.badRequest("'workflow' is required") }
        var map: [String: String] = [:]
        switch body.fields["map"] {
        case nil, .null?: break
        case .map(let m)?:
            for e in m.entries {
                guard case .string(let k) = e.key, case .string(let v) = e.value else { throw APIError.badRequest("'map' takes {\"OLD\": \"NEW\"}") }
                map[k] = v
            }
        default: throw APIError.badRequest("'map' takes {\"OLD\": \"NEW\"}")
        }
        var set: [(field: String, value: Value)] = []
        switch body.fields["set"] {
        case nil, .null?: break
        case .map(let m)?: set = m.entries.compactMap { e in if case .string(let k) = e.key { return (k, e.value) } else { return nil } }
        default: throw APIError.badRequest("'set' takes {\"FIELD\": VALUE}")
        }
        var dryRun = false
        switch body.fields["dry_run"] {
        case nil, .null?: break
        case .bool(let b)?: dryRun = b
        default: throw APIError.badRequest("'dry_run' must be true or false")
        }
        var max = 1000
        if body.fields["limit"] != nil {
            max = try int("limit")
            guard (1...10_000).contains(max) else { throw APIError.badRequest("'limit' must be 1 to 10000") }
        }
        // A cursor names a case of this workflow (the `next` of an earlier answer): any other
        // value would silently skip cases, or end the migration as if nothing were left.
        let after = try body.string("after")
        if let after, try await store.snapshot(caseID: after)?.workflow != workflow {
            throw APIError.badRequest("after: no case \(after.prefix(60)) of workflow \(workflow.prefix(60)) (give the next of the previous answer)")
        }
        // A `where` that does not compile is a 400 that says where, as on batches and the search.
        let (from, to, condition) = (try int("from"), try int("to"), try body.string("where"))
        if let condition, let compiled = active.engine.catalog.workflow(workflow, version: from),
           case .failure(let r) = Engine.condition(condition, for: compiled) {
            throw APIError.badRequest(r.message)
        }
        let job = MigrationJob(workflow: workflow, from: from, to: to,
                               options: MigrationOptions(map: map, set: set, reason: try body.string("reason")),
                               whereCondition: condition, dryRun: dryRun, by: person, limit: max,
                               after: after)
        let runner = MigrationRunner(store: store, engine: active.engine, clock: cases.clock) { [cases] id, job in
            try await cases.migrate(id, job)
        }
        let report: MigrationReport
        do {
            report = try await runner.run(job)
        } catch let r as Refusal {
            throw APIError(r)
        }
        return JSONResponse.make(.object([
            ("dry_run", .bool(dryRun)),
            (dryRun ? "would_migrate" : "migrated", .int(Int64(report.moved.count))),
            ("refused", .int(Int64(report.refused.count))), ("already_migrated", .int(Int64(report.alreadyMigrated))),
            ("not_matching", .int(Int64(report.notMatching))), ("other_versions", .int(Int64(report.otherVersions))),
            ("remaining", .bool(report.remaining)),
            ("next", report.next.map(Value.string) ?? .null),
            ("cases", .list(report.moved.map { p in
                .object([("case", .string(p.caseID)), ("from_stage", .string(p.fromStage)), ("to_stage", .string(p.toStage)),
                         ("notes", .list(p.notes.map(Value.string)))])
            } + report.refused.map { r in .object([("case", .string(r.caseID)), ("refused", .string(r.reason))]) })),
        ]))
    }
}
