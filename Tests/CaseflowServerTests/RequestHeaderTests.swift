@testable import CaseflowServer
import Testing

/// The header checks every request goes through, read byte by byte.
@Suite struct RequestHeaderTests {
    @Test(arguments: [
        ("application/json", true), ("Application/JSON", true), ("application/json; charset=utf-8", true),
        ("  application/json\t;charset=utf-8", true), ("application/json ", true),
        ("application/jsonx", false), ("text/json", false), ("application/problem+json", false), ("", false),
        ("application/js on", false), ("application\u{0F}json", false),
    ])
    func jsonBodiesAreRecognisedByTheirMediaType(_ contentType: String, _ json: Bool) {
        #expect(JSONBody.isJSON(contentType) == json)
    }

    @Test func noContentTypeIsNotJSON() {
        #expect(!JSONBody.isJSON(nil))
    }

    @Test(arguments: [("a.b.c", true), ("eyJ.eyJ.sig", true), ("..", true), ("a.b", false), ("a.b.c.d", false), ("opaque-token", false)])
    func aJWTHasThreeParts(_ token: String, _ jwt: Bool) {
        #expect(JWTAuth.looksLikeJWT(token) == jwt)
    }
}
