import CaseflowModel
import CaseflowStore
import Foundation
import Hummingbird

/// Bearer tokens name the person every request acts as. Health, readiness, metrics and the API
/// description are open.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = CaseflowContext
    let tokens: @Sendable () -> TokenStore
    /// Whether the person is in the directory in force: a token of someone removed stops working.
    let known: @Sendable (String) -> Bool
    /// JWT bearer tokens, when configured.
    let jwt: @Sendable () -> JWTAuth?

    static let open: Set<String> = ["/healthz", "/readyz", "/metrics", "/openapi.yaml"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if Self.open.contains(request.uri.path) { return try await next(request, context) }
        guard let header = request.headers[.authorization] else {
            throw APIError.unauthorized("send Authorization: Bearer TOKEN (make one with caseflow token issue PERSON)")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw APIError.unauthorized("send Authorization: Bearer TOKEN")
        }
        let token = String(parts[1])
        let person: String
        if let entry = tokens().entry(for: token) {
            if entry.isExpired(at: WallClock.now()) {
                throw APIError.unauthorized("the bearer token \(entry.id) expired; ask for a new one (caseflow token issue)")
            }
            person = entry.person
        } else if let jwt = jwt(), JWTAuth.looksLikeJWT(token) {
            do {
                person = try await jwt.person(for: token)
            } catch {
                throw APIError.unauthorized(error.description)
            }
        } else {
            throw APIError.unauthorized("the bearer token is not known")
        }
        guard known(person) else {
            throw APIError.unauthorized("the bearer token's person \(person) is no longer in the directory")
        }
        var context = context
        context.person = person
        return try await next(request, context)
    }
}
