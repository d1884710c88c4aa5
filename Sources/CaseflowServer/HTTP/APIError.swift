import CaseflowEngine
import HTTPTypes

/// An error answer: `{"error": {"code": "...", "message": "..."}}` with its status.
public struct APIError: Error, Sendable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    public static func badRequest(_ m: String) -> APIError { APIError(.badRequest, "bad_request", m) }
    public static func unauthorized(_ m: String) -> APIError { APIError(.unauthorized, "unauthorized", m) }
    public static func forbidden(_ m: String) -> APIError { APIError(.forbidden, "forbidden", m) }
    public static func notFound(_ m: String) -> APIError { APIError(.notFound, "not_found", m) }
    public static func conflict(_ m: String) -> APIError { APIError(.conflict, "conflict", m) }
    public static func stale(_ m: String) -> APIError { APIError(.preconditionFailed, "stale_version", m) }
    public static func unprocessable(_ m: String) -> APIError { APIError(.unprocessableContent, "invalid_data", m) }
    public static func unavailable(_ m: String) -> APIError { APIError(.serviceUnavailable, "unavailable", m) }
    /// The case changed under the command each time it ran (other daemons' writes): it may
    /// well succeed a moment later.
    public static func busy(_ m: String) -> APIError { APIError(.conflict, "busy", m) }

    /// Whether the same request may succeed if made again a moment later (the store was
    /// unavailable, or the case kept changing under it), as opposed to a refusal.
    public var isTransient: Bool { status == .serviceUnavailable || code == "busy" }

    init(_ refusal: Refusal) {
        switch refusal.code {
        case .forbidden: self = .forbidden(refusal.message)
        case .invalidData: self = .unprocessable(refusal.message)
        case .conflict: self = .conflict(refusal.message)
        case .notFound: self = .notFound(refusal.message)
        }
    }
}
