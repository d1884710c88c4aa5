import Foundation
import HTTPTypes
import Hummingbird

/// Pages with the console's security headers: a CSP allowing only the daemon's own scripts and
/// styles (no inline scripts), no framing, no sniffing, not cached.
enum HTMLResponse {
    static let policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    static func page(_ html: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var h = headers
        h[.contentType] = "text/html; charset=utf-8"
        secure(&h)
        return Response(status: status, headers: h, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func asset(_ text: String, type: String) -> Response {
        var h = HTTPFields()
        h[.contentType] = type
        h[.cacheControl] = "public, max-age=3600"
        h[.xContentTypeOptions] = "nosniff"
        return Response(status: .ok, headers: h, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// POST-redirect-GET.
    static func redirect(_ location: String, headers: HTTPFields = [:]) -> Response {
        var h = headers
        h[.location] = location
        secure(&h)
        return Response(status: .seeOther, headers: h)
    }

    static func secure(_ h: inout HTTPFields) {
        h[.contentSecurityPolicy] = policy
        h[.xContentTypeOptions] = "nosniff"
        h[.xFrameOptions] = "DENY"
        h[.referrerPolicy] = "same-origin"
        h[.cacheControl] = "no-store"
    }
}

extension HTTPField.Name {
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
}
