import CaseflowRules
import CaseflowStore
import Hummingbird

/// `POST /v1/admin/batches` (a dry run, or a batch started in the background),
/// `GET /v1/admin/batches?before=&limit=` (newest first), `GET /v1/admin/batches/{id}?after=`: admins only.
struct BatchRoutes {
    let batches: BatchService
    let cases: CaseService
    let store: any CaseStore
    let limit: Int

    func register(on router: Router<CaseflowContext>) {
        router.post("/v1/admin/batches") { request, context in
            let person = try admin(context)
            let text = try await JSONBody.collect(request, limit: limit)
            let json: Value
            switch JSONParser.parse(text, strict: true) {
            case .success(let v): json = v
            case .failure(let f): throw APIError.badRequest("malformed JSON: \(f.description)")
            }
            var dryRun = false
            if case .map(let m) = json, let d = m.entries.first(where: { $0.key == .string("dry_run") }) {
                guard case .bool(let b) = d.value else { throw APIError.badRequest("dry_run must be true or false") }
                dryRun = b
            }
            if dryRun { return JSONResponse.make(try await batches.dryRun(json, by: person)) }
            let batch = try await batches.start(json, text: text, by: person)
            return JSONResponse.make(.stringMap([("batch", BatchService.json(batch))]), status: .accepted)
        }
        router.get("/v1/admin/batches") { request, context in
            _ = try admin(context)
            let q = request.uri.queryParameters
            for (key, _) in q where !["before", "limit"].contains(String(key)) {
                throw APIError.badRequest("unknown parameter '\(key.prefix(60))'; the list of batches takes before and limit")
            }
            let limit = try QueryFlag.limit(q["limit"], standard: 100)
            let before = q["before"].map(String.init)
            if let before, try await store.batch(id: before) == nil {
                throw APIError.badRequest("before: no batch \(before.prefix(60)) (give the next of the previous page)")
            }
            // One more than asked: a `next` only when there is a page after this one.
            let list = try await store.batches(status: nil, before: before, limit: limit + 1)
            let page = list.prefix(limit)
            return JSONResponse.make(.stringMap([
                ("batches", .list(page.map(BatchService.json))),
                ("next", list.count > limit ? (page.last.map { .string($0.id) } ?? .null) : .null),
            ]))
        }
        router.get("/v1/admin/batches/:id") { request, context in
            _ = try admin(context)
            let id = try context.parameters.require("id")
            guard let b = try await store.batch(id: id) else { throw APIError.notFound("no batch \(id)") }
            let q = request.uri.queryParameters
            for (key, _) in q where !["after", "limit"].contains(String(key)) {
                throw APIError.badRequest("unknown parameter '\(key)'; a batch's results take after and limit")
            }
            let limit = try QueryFlag.limit(q["limit"], standard: 100)
            let after = try q["after"].map { try CaseSearch.decode(String($0)) }
            let results = try await store.batchResults(id: id, after: after, limit: limit)
            return JSONResponse.make(.stringMap([
                ("batch", BatchService.json(b)),
                ("results", .list(results.map { r in
                    .stringMap([("case", .string(r.caseID)), ("outcome", .string(r.outcome)), ("message", r.message.map(Value.string) ?? .null)])
                })),
                ("next", results.count == limit ? (results.last.map { .string(CaseSearch.encode($0.caseID)) } ?? .null) : .null),
            ]))
        }
    }

    private func admin(_ context: CaseflowContext) throws -> String {
        try Access.admin(context, try cases.engine().engine.directory, to: "run bulk actions")
    }
}
