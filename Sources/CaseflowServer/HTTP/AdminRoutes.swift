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

    private func reload(_ context: CaseflowContext) async throws -> Response {
        let person = try Access.person(context)
        guard let active = registry.current, active.engine.directory.isAdmin(person) else {
            throw APIError.forbidden("only an admin may reload definitions")
        }
        switch await registry.reload() {
        case .loaded(let count, let warnings):
            return JSONResponse.make(.object([("reloaded", .bool(true)), ("workflows", .int(count)),
                                              ("warnings", .list(warnings.map { .string($0.description) }))]))
        case .refused(let errors):
            throw APIError.unprocessable("definitions have errors; the last good set stays active:\n"
                                         + errors.map(\.description).joined(separator: "\n"))
        }
    }
}
