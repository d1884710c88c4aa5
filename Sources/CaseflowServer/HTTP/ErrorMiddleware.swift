import Hummingbird
import Logging

/// Every failure becomes a JSON error with the right status; nothing escapes as a 500 page.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = CaseflowContext
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let response: Response
        do {
            response = try await next(request, context)
        } catch let e as APIError {
            response = JSONResponse.error(e)
        } catch let e as HTTPError {
            let message = e.body ?? (e.status == .notFound ? "no such route: \(request.method) \(request.uri.path)" : "\(e.status)")
            response = JSONResponse.error(APIError(e.status, e.status == .notFound ? "not_found" : "bad_request", message))
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)", "caseflow.path": "\(request.uri.path)"])
            response = JSONResponse.error(APIError(.internalServerError, "internal", "internal error; see the daemon's log"))
        }
        metrics.request(route: context.endpointPath ?? "unmatched", method: request.method.rawValue, status: response.status.code)
        return response
    }
}
