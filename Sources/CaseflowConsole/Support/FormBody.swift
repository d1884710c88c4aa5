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

    static func parse(_ text: String) throws(APIError) -> FormBody {
        var fields: [(String, String)] = []
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]), let value = decode(parts.count > 1 ? parts[1] : "") else {
                throw APIError.badRequest("the form has a badly encoded field")
            }
            fields.append((name, value))
        }
        return FormBody(fields: fields)
    }

    private static func decode(_ s: Substring) -> String? {
        String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
