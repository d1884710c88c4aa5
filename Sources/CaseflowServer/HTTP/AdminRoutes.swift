import CaseflowModel
import CaseflowRules
import CaseflowStore
import Hummingbird

/// Reload, health, readiness, metrics and the API description.
struct AdminRoutes {
    let registry: DefinitionRegistry
    let metrics: ServerMetrics
    let store: any CaseStore
    let ready: @Sendable () -> Bool

    func register(on router: Router<CaseflowContext>) {
        router.post("/v1/admin/reload") { _, context in try await reload(context) }
        router.get("/v1/admin/releases") { _, context in
            try auditReader(context)
            let releases = try await store.releases()
            return JSONResponse.make(.object([("releases", .list(releases.map { Self.render($0, sources: nil) }))]))
        }
        router.get("/v1/admin/releases/:n") { _, context in
            try auditReader(context)
            guard let n = Int(try context.parameters.require("n")), let r = try await store.release(n) else {
                throw APIError.notFound("no such release")
            }
            var sources: [String: String] = [:]
            for f in r.files { sources[f.hash] = try await store.source(hash: f.hash) }
            return JSONResponse.make(Self.render(r, sources: sources))
        }
        router.get("/healthz") { _, _ in JSONResponse.make(.object([("status", .string("ok"))])) }
        router.get("/readyz") { _, _ in
            ready() ? JSONResponse.make(.object([("status", .string("ready"))]))
                : JSONResponse.error(APIError.unavailable("loading definitions and due timers"))
        }
        router.get("/metrics") { _, _ in
            metrics.commitBatches(store.commitBatches)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                     body: .init(byteBuffer: ByteBuffer(string: metrics.render())))
        }
        router.get("/openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml"],
                     body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml)))
        }
    }

    private func auditReader(_ context: CaseflowContext) throws {
        guard let active = registry.current else { throw APIError.unavailable("definitions are still loading") }
        _ = try Access.auditReader(context, active.engine.directory)
    }

    static func render(_ r: Release, sources: [String: String]?) -> Value {
        .object([
            ("number", .int(Int64(r.number))), ("activated_at", .string(InstantText.format(r.activatedAt))),
            ("activated_by", .string(r.activatedBy)), ("digest", .string(r.digest)),
            ("files", .list(r.files.map { f in
                .object([("path", .string(f.path)), ("hash", .string(f.hash))] + (sources.map { [("text", .optional($0[f.hash]))] } ?? []))
            })),
        ])
    }

    private func reload(_ context: CaseflowContext) async throws -> Response {
        let person = try Access.person(context)
        guard let active = registry.current, active.engine.directory.isAdmin(person) else {
            throw APIError.forbidden("only an admin may reload definitions")
        }
        switch await registry.reload(by: person) {
        case .loaded(let count, let warnings):
            return JSONResponse.make(.object([("reloaded", .bool(true)), ("workflows", .int(count)),
                                              ("warnings", .list(warnings.map { .string($0.description) }))]))
        case .refused(let errors):
            throw APIError.unprocessable("definitions have errors; the last good set stays active:\n"
                                         + errors.map(\.description).joined(separator: "\n"))
        }
    }
}
