import Foundation
import JWTKit

/// OpenID Connect / JWT bearer tokens, a second way in beside the token file: a JWT signed by a
/// key of the JWKS file, for our audience (and issuer, when set), not expired, names a directory
/// person by one of its claims (`sub` by default, `preferred_username` or `email` are common).
public struct JWTSettings: Sendable {
    public var jwksFile: String
    public var audience: String
    public var issuer: String?
    public var claim: String

    public init(jwksFile: String, audience: String, issuer: String? = nil, claim: String = "sub") {
        self.jwksFile = jwksFile
        self.audience = audience
        self.issuer = issuer
        self.claim = claim
    }
}

public final class JWTAuth: Sendable {
    public let settings: JWTSettings
    let keys: JWTKeyCollection

    public struct Refused: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads the JWKS file (a malformed one is an error at start and on reload).
    public init(settings: JWTSettings) async throws {
        self.settings = settings
        guard let data = FileManager.default.contents(atPath: settings.jwksFile) else {
            throw Refused(description: "\(settings.jwksFile): cannot read the JWKS file")
        }
        let keys = JWTKeyCollection()
        do {
            try await keys.add(jwksJSON: String(decoding: data, as: UTF8.self))
        } catch {
            throw Refused(description: "\(settings.jwksFile): not a JWKS file (\(error))")
        }
        self.keys = keys
    }

    /// Whether a bearer token looks like a JWT (three base64url parts).
    public static func looksLikeJWT(_ token: String) -> Bool {
        token.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: ".") ? 1 : 0) } == 2
    }

    /// The person the token names, or why it is refused.
    public func person(for token: String, now: Date = Date()) async throws(Refused) -> String {
        let claims: Claims
        do {
            claims = try await keys.verify(token, as: Claims.self)
        } catch {
            throw Refused(description: "the bearer JWT does not verify with the configured keys")
        }
        if let exp = claims.exp, exp.value <= now { throw Refused(description: "the bearer JWT expired") }
        guard claims.exp != nil else { throw Refused(description: "the bearer JWT has no expiry (exp)") }
        if let nbf = claims.nbf, nbf.value > now { throw Refused(description: "the bearer JWT is not valid yet") }
        guard claims.aud?.value.contains(settings.audience) == true else {
            throw Refused(description: "the bearer JWT is for another audience")
        }
        if let issuer = settings.issuer, claims.iss?.value != issuer {
            throw Refused(description: "the bearer JWT is from another issuer")
        }
        guard let person = claims.strings[settings.claim], !person.isEmpty else {
            throw Refused(description: "the bearer JWT has no \(settings.claim) claim to name a person by")
        }
        return person
    }

    /// The standard claims, and every text claim by name (the one that names the person).
    struct Claims: JWTPayload {
        var exp: ExpirationClaim?
        var nbf: NotBeforeClaim?
        var aud: AudienceClaim?
        var iss: IssuerClaim?
        var strings: [String: String]

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Key.self)
            exp = try c.decodeIfPresent(ExpirationClaim.self, forKey: Key(stringValue: "exp"))
            nbf = try c.decodeIfPresent(NotBeforeClaim.self, forKey: Key(stringValue: "nbf"))
            aud = try c.decodeIfPresent(AudienceClaim.self, forKey: Key(stringValue: "aud"))
            iss = try c.decodeIfPresent(IssuerClaim.self, forKey: Key(stringValue: "iss"))
            var strings: [String: String] = [:]
            for key in c.allKeys { if let s = try? c.decode(String.self, forKey: key) { strings[key.stringValue] = s } }
            self.strings = strings
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encodeIfPresent(exp, forKey: Key(stringValue: "exp"))
            try c.encodeIfPresent(aud, forKey: Key(stringValue: "aud"))
            try c.encodeIfPresent(iss, forKey: Key(stringValue: "iss"))
            for (k, v) in strings where !["exp", "aud", "iss", "nbf"].contains(k) { try c.encode(v, forKey: Key(stringValue: k)) }
        }

        /// Expiry, audience and issuer are checked by `person(for:)` against the settings.
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }
}
