import CaseflowServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JWTKit
import Testing
import CaseflowTestSupport

/// JWT bearer tokens: accepted when signed by a key of the JWKS file, for our audience and issuer,
/// not expired, naming a directory person; refused otherwise, each with its reason.
@Suite struct JWTAuthTests {
    struct Token: JWTPayload {
        var sub: String
        var aud: String
        var iss: String
        var exp: Int
        var preferred_username: String?
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    @Test func aJWTIsAcceptedOnlyWhenEverythingHolds() async throws {
        let dir = Scratch.path("caseflow-jwt")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let key = ES256PrivateKey()
        let params = try #require(key.publicKey.parameters)
        let jwks = #"{"keys": [{"kty": "EC", "crv": "P-256", "use": "sig", "alg": "ES256", "kid": "idp-1", "x": "\#(params.x)", "y": "\#(params.y)"}]}"#
        let jwksFile = dir.appendingPathComponent("jwks.json")
        try jwks.write(to: jwksFile, atomically: true, encoding: .utf8)
        let signer = JWTKeyCollection()
        await signer.add(ecdsa: key, kid: "idp-1")
        let stranger = JWTKeyCollection()
        await stranger.add(ecdsa: ES256PrivateKey(), kid: "idp-1")

        let d = try await TestDaemon { config in
            config.jwt = JWTSettings(jwksFile: jwksFile.path, audience: "caseflow", issuer: "https://idp.example", claim: "preferred_username")
        }
        let now = Int(Date().timeIntervalSince1970)
        func token(_ user: String = "alice", aud: String = "caseflow", iss: String = "https://idp.example", exp: Int? = nil,
                   by keys: JWTKeyCollection? = nil) async throws -> String {
            try await (keys ?? signer).sign(Token(sub: "0042", aud: aud, iss: iss, exp: exp ?? now + 600, preferred_username: user),
                                            kid: "idp-1")
        }
        let good = try await token()
        let expired = try await token(exp: now - 60)
        let otherAudience = try await token(aud: "another-app")
        let otherIssuer = try await token(iss: "https://evil.example")
        let otherKey = try await token(by: stranger)
        let ghost = try await token("mallory")
        try await d.test { client in
            func get(_ bearer: String) async throws -> Reply {
                try await client.execute(uri: "/v1/tasks", method: .get, headers: [.authorization: "Bearer \(bearer)"]) {
                    Reply(status: $0.status, text: String(buffer: $0.body), headers: $0.headers)
                }
            }
            let ok = try await get(good)
            #expect(ok.status == .ok, "\(ok.text)")
            #expect(ok.json["roles"] as? [String] == ["sales_rep"], "the JWT acts as alice")
            for (bearer, why) in [(expired, "expired"), (otherAudience, "another audience"), (otherIssuer, "another issuer"),
                                  (otherKey, "does not verify"), (ghost, "mallory is no longer in the directory")] {
                let r = try await get(bearer)
                #expect(r.status == .unauthorized, "\(why): \(r.text)")
                #expect(r.errorMessage?.contains(why) == true, "\(why): \(r.text)")
            }
        }
    }
}
