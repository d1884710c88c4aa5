import Foundation
import Hummingbird

/// A request's query string read the way a browser writes a GET form
/// (`application/x-www-form-urlencoded`): `+` is a space and `%XX` a byte, and each parameter is
/// given at most once (a second `status=` would otherwise silently replace the first).
public enum QueryForm {
    /// The parameters by name; a malformed escape or a name given twice is a 400.
    public static func dictionary(_ request: Request) throws(APIError) -> [String: String] {
        var result: [String: String] = [:]
        for (name, value) in try pairs(request.uri.query ?? "") {
            guard result[name] == nil else {
                throw APIError.badRequest("parameter '\(name.prefix(60))' is given more than once; give it once")
            }
            result[name] = value
        }
        return result
    }

    /// The parameters in order (names may repeat).
    public static func pairs(_ query: String) throws(APIError) -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        for piece in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try decode(parts[0]), value = try decode(parts.count > 1 ? parts[1] : "")
            result.append((name, value))
        }
        return result
    }

    private static func decode(_ raw: Substring) throws(APIError) -> String {
        let spaced = raw.replacingOccurrences(of: "+", with: " ")
        guard let decoded = spaced.removingPercentEncoding else {
            throw APIError.badRequest("the query string has a malformed %-escape in '\(raw.prefix(60))'")
        }
        return decoded
    }
}

/// A command, batch, migration or any other request that changes something takes no query
/// parameters (`?dry_run=true` on a command or a batch would otherwise be ignored and the change
/// made for real), nor do the reads of one case, its verification, the workflows and the
/// releases; no API route takes a parameter twice. The reads with parameters (case search,
/// history, work queue, escalations, a batch's results, and the modules' lists) check their own
/// names.
struct QueryCheckMiddleware: RouterMiddleware {
    typealias Context = CaseflowContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let query = request.uri.query, !query.isEmpty, request.uri.path.hasPrefix("/v1/") else {
            return try await next(request, context)
        }
        let parameters = try QueryForm.dictionary(request)
        if Self.takesNone(request.method, request.uri.path), let name = parameters.keys.sorted().first {
            throw APIError.badRequest("unknown parameter '\(name.prefix(60))'; \(request.method) \(request.uri.path.prefix(120)) takes no query parameters"
                                      + (request.method == .get || request.method == .head ? "" : " (what it needs goes in its JSON body)"))
        }
        return try await next(request, context)
    }

    /// Every request but a read; and the reads GET /v1/cases/ID, /v1/cases/ID/verify,
    /// /v1/workflows, /v1/workflows/ID, /v1/admin/releases, /v1/admin/releases/N.
    static func takesNone(_ method: HTTPRequest.Method, _ path: String) -> Bool {
        guard method == .get || method == .head else { return true }
        let p = Array(path.split(separator: "/", omittingEmptySubsequences: false).dropFirst())  // "" before the first "/"
        switch p.count {
        case 2: return p == ["v1", "workflows"]
        case 3: return (p[0] == "v1" && p[1] == "cases" && !p[2].isEmpty) || (p[0] == "v1" && p[1] == "workflows" && !p[2].isEmpty)
            || p == ["v1", "admin", "releases"]
        case 4: return (p[0] == "v1" && p[1] == "cases" && p[3] == "verify") || (p[0] == "v1" && p[1] == "admin" && p[2] == "releases" && !p[3].isEmpty)
        default: return false
        }
    }
}
