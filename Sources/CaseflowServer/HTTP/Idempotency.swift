import CaseflowStore
import Foundation
import HTTPTypes
import Hummingbird

/// `Idempotency-Key`: a retried POST gets the first answer again; the key reused for a
/// different request is refused.
struct Idempotency: Sendable {
    let store: any CaseStore
    let locks: CaseLocks

    static let header = HTTPField.Name("Idempotency-Key")!

    func run(_ request: Request, _ context: CaseflowContext, person: String, limit: Int,
             _ handler: @Sendable (String, Receipt?) async throws -> Response) async throws -> Response {
        let body = try await JSONBody.collect(request, limit: limit)
        guard let key = request.headers[Self.header], !key.isEmpty else { return try await handler(body, nil) }
        guard key.count <= 200 else { throw APIError.badRequest("Idempotency-Key is longer than 200 characters") }
        let material = "\(person)\n\(request.method.rawValue)\n\(request.uri.path)\n\(body)"
        let fingerprint = Hex.sha256(material)
        return try await locks.withLock("idempotency:\(key)") {
            if let first = try await store.idempotentResponse(key: key) {
                guard first.fingerprint == fingerprint else {
                    throw APIError.unprocessable("Idempotency-Key \(key) was used for a different request")
                }
                var headers = HTTPFields()
                headers[Self.replayed] = "true"
                return JSONResponse.raw(first.body, status: HTTPResponse.Status(code: first.status), headers: headers)
            }
            return try await handler(body, Receipt(key: key, fingerprint: fingerprint))
        }
    }

    static let replayed = HTTPField.Name("Idempotent-Replayed")!
}
