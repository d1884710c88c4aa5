import CaseflowEngine
import CaseflowModel
import CaseflowRules
import CaseflowStore
import Hummingbird

/// `/v1/cases…`: open, read, list and command cases.
struct CaseRoutes {
    let cases: CaseService
    let registry: DefinitionRegistry
    let store: any CaseStore
    let idempotency: Idempotency
    let limit: Int

    func register(on router: Router<CaseflowContext>) {
        router.post("/v1/cases") { request, context in try await open(request, context) }
        router.get("/v1/cases") { request, context in try await list(request, context) }
        router.get("/v1/cases/:id") { _, context in try await show(context) }
        router.post("/v1/cases/:id/complete") { r, c in
            try await command(r, c, allowed: ["task", "data", "stage"], bound: true) { b in
                .complete(task: try b.string("task"), data: try b.data())
            }
        }
        router.post("/v1/cases/:id/data") { r, c in
            try await command(r, c, allowed: ["data"]) { b in
                guard b.fields["data"] != nil else { throw APIError.badRequest("'data' is required") }
                return .setData(try b.data())
            }
        }
        router.post("/v1/cases/:id/approve") { r, c in
            try await command(r, c, allowed: ["comment", "stage"], bound: true) { b in .approve(comment: try b.string("comment")) }
        }
        router.post("/v1/cases/:id/reject") { r, c in
            try await command(r, c, allowed: ["reason", "stage"], bound: true) { b in
                .reject(reason: try b.string("reason", required: true) ?? "")
            }
        }
        router.post("/v1/cases/:id/assign") { r, c in
            try await command(r, c, allowed: ["to"]) { b in .assign(to: try b.string("to", required: true) ?? "") }
        }
        router.post("/v1/cases/:id/claim") { r, c in
            try await command(r, c, allowed: ["stage", "task"], bound: true) { b in .claim(task: try b.string("task")) }
        }
        router.post("/v1/cases/:id/unassign") { r, c in
            try await command(r, c, allowed: ["stage", "task"], bound: true) { b in .unassign(task: try b.string("task")) }
        }
        router.post("/v1/admin/cases/:id/move") { r, c in
            try await command(r, c, allowed: ["to", "reason", "reopen"]) { b in
                .move(to: try b.string("to", required: true) ?? "", reason: try b.string("reason", required: true) ?? "",
                      reopen: try b.bool("reopen") ?? false)
            }
        }
        router.post("/v1/admin/cases/:id/data") { r, c in
            try await command(r, c, allowed: ["data", "reason"]) { b in
                guard b.fields["data"] != nil else { throw APIError.badRequest("'data' is required") }
                return .repairData(try b.data(), reason: try b.string("reason", required: true) ?? "")
            }
        }
        router.post("/v1/cases/:id/cancel") { r, c in
            try await command(r, c, allowed: ["reason"]) { b in .cancel(reason: try b.string("reason")) }
        }
    }

    private func open(_ request: Request, _ context: CaseflowContext) async throws -> Response {
        let person = try Access.writer(context, try cases.engine().engine.directory)
        return try await idempotency.run(request, context, person: person, limit: limit) { bodyText, receipt in
            let body = try JSONBody.parse(bodyText, allowed: ["workflow", "data"])
            let workflow = try body.string("workflow", required: true) ?? ""
            let state = try await cases.open(workflow: workflow, data: try body.data(), by: person, receipt: receipt)
            return try rendered(state, status: .created)
        }
    }

    /// `bound`: the command moves the case on, so it must say which stage it is meant for
    /// (`stage` in the body) unless `If-Match` pins the case's version.
    private func command(_ request: Request, _ context: CaseflowContext, allowed: Set<String>, bound: Bool = false,
                         _ make: @escaping @Sendable (JSONBody) throws -> Command) async throws -> Response {
        let person = try Access.writer(context, try cases.engine().engine.directory)
        let id = try context.parameters.require("id")
        let ifMatch = try Self.ifMatch(request)
        return try await idempotency.run(request, context, person: person, limit: limit) { bodyText, receipt in
            let body = try JSONBody.parse(bodyText, allowed: allowed)
            let command = try make(body)
            let stage = bound ? try body.string("stage") : nil
            if bound, stage == nil, ifMatch == nil {
                throw APIError.badRequest("say which stage this \(command.name) is meant for: \"stage\": \"STAGE\" in the body "
                                          + "(or send If-Match with the case's version), so a repeated request never acts on the next stage")
            }
            let state = try await cases.handle(command, on: id, by: person, ifMatch: ifMatch, receipt: receipt, stage: stage)
            return try rendered(state, status: .ok)
        }
    }

    private func show(_ context: CaseflowContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let state = try await cases.state(id) else { throw APIError.notFound("no case \(id)") }
        let active = try cases.engine()
        try Access.reader(context, workflow: active.engine.workflow(of: state), directory: active.engine.directory)
        return try rendered(state, status: .ok)
    }

    private func list(_ request: Request, _ context: CaseflowContext) async throws -> Response {
        let person = try Access.person(context)
        let search = try CaseSearch(request, engine: try cases.engine().engine, person: person)
        let page = try await search.run(store: store, now: cases.clock())
        let active = try cases.engine()
        let items = page.cases.map { state -> Value in
            let w = active.engine.workflow(of: state)!
            return CaseJSON.render(state, w, definitionHash: active.hashes["\(w.id)@\(w.version)"])
        }
        return JSONResponse.make(.object([("cases", .list(items)), ("next", .optional(page.next)), ("scanned", .int(page.scanned))]))
    }

    private func rendered(_ state: CaseState, status: HTTPResponse.Status) throws -> Response {
        let active = try cases.engine()
        guard let w = active.engine.workflow(of: state) else { throw APIError.notFound("workflow of case \(state.id) is not loaded") }
        var headers = HTTPFields()
        headers[.eTag] = "\"\(state.sequence)\""
        return JSONResponse.raw(CaseJSON.text(state, w, definitionHash: active.hashes["\(w.id)@\(w.version)"]),
                                status: status, headers: headers)
    }

    /// `If-Match: 7` or `If-Match: "7"`.
    static func ifMatch(_ request: Request) throws -> Int? {
        guard let raw = request.headers[.ifMatch] else { return nil }
        let trimmed = raw.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        guard let v = Int(trimmed) else { throw APIError.badRequest("If-Match must be the case's version, e.g. If-Match: 7") }
        return v
    }
}

import Foundation
