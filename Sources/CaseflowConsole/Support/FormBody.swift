import CaseflowServer
import Foundation
import Hummingbird

/// An `application/x-www-form-urlencoded` body (what every console form posts), bounded.
struct FormBody: Sendable {
    var fields: [(name: String, value: String)]

    subscript(_ name: String) -> String? { fields.first { $0.name == name }?.value }

    /// The value, trimmed; nil when absent or blank.
    func text(_ name: String) -> String? {
        guard let v = self[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else { return nil }
        return v
    }

    static func read(_ request: Request, limit: Int) async throws -> FormBody {
        let type = request.headers[.contentType] ?? ""
        guard type.lowercased().hasPrefix("application/x-www-form-urlencoded") else {
            throw APIError(.unsupportedMediaType, "unsupported_media_type", "console forms post application/x-www-form-urlencoded")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw APIError(.contentTooLarge, "too_large", "the form is larger than \(limit) bytes")
        }
        guard let text = buffer.getString(at: buffer.readerIndex, length: buffer.readableBytes), text.utf8.count == buffer.readableBytes else {
            throw APIError.badRequest("the form is not UTF-8")
        }
        return try parse(text)
    }

    /// Read as the server reads a query string (`QueryForm`): the same encoding.
    static func parse(_ text: String) throws(APIError) -> FormBody {
        do {
            return FormBody(fields: try QueryForm.pairs(text))
        } catch {
            throw APIError.badRequest("the form has a badly encoded field")
        }
    }
}
