import CaseflowModel
import CaseflowStore

/// Who a bearer token (or JWT) names, and what bounds it: the console keeps this with a
/// session so that revoking or expiring the token ends the session too.
public struct Credential: Sendable, Equatable {
    public var person: String
    /// The token file entry's id (nil for a JWT).
    public var tokenID: String?
    public var expires: Instant?
}

extension CaseflowDaemon {
    /// Checks a bearer token as the API does: a token of the token file (not expired), or a JWT
    /// when configured, naming a person of the directory in force.
    public func authenticate(bearer token: String) async throws(APIError) -> Credential {
        let credential: Credential
        if let entry = tokenStore.entry(for: token) {
            if entry.isExpired(at: WallClock.now()) {
                throw APIError.unauthorized("the bearer token \(entry.id) expired; ask for a new one (caseflow token issue)")
            }
            credential = Credential(person: entry.person, tokenID: entry.id, expires: entry.expires)
        } else if let jwt = jwtAuth, JWTAuth.looksLikeJWT(token) {
            do {
                credential = Credential(person: try await jwt.person(for: token), tokenID: nil, expires: nil)
            } catch {
                throw APIError.unauthorized(error.description)
            }
        } else {
            throw APIError.unauthorized("the bearer token is not known")
        }
        guard isKnown(credential.person) else {
            throw APIError.unauthorized("the bearer token's person \(credential.person) is no longer in the directory")
        }
        return credential
    }

    /// Whether a credential checked earlier still holds: its token not revoked or expired, its
    /// person still in the directory.
    public func stillValid(_ c: Credential) -> Bool {
        guard isKnown(c.person), !(c.expires.map { WallClock.now() >= $0 } ?? false) else { return false }
        guard let id = c.tokenID else { return true }
        return tokenStore.contains(id: id)
    }

    func isKnown(_ person: String) -> Bool { registry.current?.engine.directory.exists(person) ?? true }
}
