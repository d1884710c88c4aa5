import CaseflowModel
import CaseflowStore
import Foundation
import Hummingbird

/// Bearer tokens name the person every request acts as. Health, readiness, metrics and the API
/// description are open.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = CaseflowContext
    let authenticate: @Sendable (String) async throws(APIError) -> Credential

    static let open: Set<String> = ["/healthz", "/readyz", "/metrics", "/openapi.yaml"]

    /// The API is under `/v1/`; other paths are the console's, which signs people in with a
    /// session cookie of its own (made from the same bearer tokens).
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if Self.open.contains(path) || !path.hasPrefix("/v1/") { return try await next(request, context) }
        guard let header = request.headers[.authorization] else {
            throw APIError.unauthorized("send Authorization: Bearer TOKEN (make one with caseflow token issue PERSON)")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw APIError.unauthorized("send Authorization: Bearer TOKEN")
        }
        var context = context
        context.person = try await authenticate(String(parts[1])).person
        return try await next(request, context)
    }
}
