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

    static func badRequest(_ m: String) -> APIError { APIError(.badRequest, "bad_request", m) }
    static func unauthorized(_ m: String) -> APIError { APIError(.unauthorized, "unauthorized", m) }
    static func forbidden(_ m: String) -> APIError { APIError(.forbidden, "forbidden", m) }
    static func notFound(_ m: String) -> APIError { APIError(.notFound, "not_found", m) }
    static func conflict(_ m: String) -> APIError { APIError(.conflict, "conflict", m) }
    static func stale(_ m: String) -> APIError { APIError(.preconditionFailed, "stale_version", m) }
    static func unprocessable(_ m: String) -> APIError { APIError(.unprocessableContent, "invalid_data", m) }
    static func unavailable(_ m: String) -> APIError { APIError(.serviceUnavailable, "unavailable", m) }

    init(_ refusal: Refusal) {
        switch refusal.code {
        case .forbidden: self = .forbidden(refusal.message)
        case .invalidData: self = .unprocessable(refusal.message)
        case .conflict: self = .conflict(refusal.message)
        case .notFound: self = .notFound(refusal.message)
        }
    }
}
