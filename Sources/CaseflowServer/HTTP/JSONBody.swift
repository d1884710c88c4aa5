import CaseflowRules
import Hummingbird

/// Request bodies are JSON objects read with the expression language's parser (so `1` and `1.0`
/// stay an int and a double); answers are printed from values the same way.
struct JSONBody {
    let fields: [String: Value]

    /// The body as text: at most `limit` bytes of valid UTF-8, sent as `application/json`.
    static func collect(_ request: Request, limit: Int) async throws -> String {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw APIError(.contentTooLarge, "too_large", "the request body is larger than \(limit) bytes")
        }
        let type = request.headers[.contentType]
        if buffer.readableBytes > 0 || type != nil, !Self.isJSON(type) {
            throw APIError(.unsupportedMediaType, "unsupported_media_type",
                           "the body must be sent as Content-Type: application/json, not \(type ?? "without a Content-Type")")
        }
        guard let text = buffer.readableBytesView.withContiguousStorageIfAvailable({ String(validating: $0, as: UTF8.self) })
                ?? String(validating: Array(buffer.readableBytesView), as: UTF8.self) else {
            throw APIError.badRequest("the body is not valid UTF-8")
        }
        return text
    }

    /// `application/json`, with or without parameters such as `charset=utf-8`.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        // The media type before any parameters, spaces and tabs around it ignored, in any case;
        // compared byte by byte (Foundation's trimming bridged the header on every request).
        let bytes = contentType.utf8
        let media = bytes.prefix { $0 != UInt8(ascii: ";") }
            .drop { $0 == 0x20 || $0 == 0x09 }
            .reversed().drop { $0 == 0x20 || $0 == 0x09 }.reversed()
        let lower = media.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
        return lower.elementsEqual("application/json".utf8)
    }

    static func parse(_ text: String, allowed: Set<String>) throws -> JSONBody {
        // An empty body (or only JSON whitespace) is an empty object. Checked byte by byte: Foundation's
        // trimming bridged the whole body on every request.
        if text.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) { return JSONBody(fields: [:]) }
        let value: Value
        switch JSONParser.parse(text, strict: true) {
        case .success(let v): value = v
        case .failure(let f) where f.overflowPath != nil:
            throw APIError.unprocessable("\(f.overflowPath ?? ""): \(f.message)")
        case .failure(let f): throw APIError.badRequest("malformed JSON: \(f.description)")
        }
        guard case .map(let map) = value else { throw APIError.badRequest("the body must be a JSON object") }
        var fields: [String: Value] = [:]
        for entry in map.entries {
            guard case .string(let key) = entry.key else { continue }
            guard allowed.contains(key) else {
                throw APIError.badRequest("unknown field '\(key)'; " + (allowed.isEmpty ? "this request takes no fields (send {} or no body)"
                                                                       : "this request takes \(allowed.sorted().joined(separator: ", "))"))
            }
            fields[key] = entry.value
        }
        return JSONBody(fields: fields)
    }

    func string(_ key: String, required: Bool = false) throws -> String? {
        switch fields[key] {
        case .string(let s)?: return s
        case nil, .null?:
            if required { throw APIError.badRequest("'\(key)' is required") }
            return nil
        default: throw APIError.badRequest("'\(key)' must be a string")
        }
    }

    func bool(_ key: String) throws -> Bool? {
        switch fields[key] {
        case .bool(let b)?: return b
        case nil, .null?: return nil
        default: throw APIError.badRequest("'\(key)' must be true or false")
        }
    }

    /// `data`: an object of field values, in the order given.
    func data() throws -> [(field: String, value: Value)] {
        switch fields["data"] {
        case nil, .null?: return []
        case .map(let m)?:
            return m.entries.compactMap { e in
                if case .string(let k) = e.key { return (k, e.value) }
                return nil
            }
        default: throw APIError.badRequest("'data' must be a JSON object of field values")
        }
    }
}

extension Value {
    /// A JSON object from ordered pairs.
    static func object(_ pairs: [(String, Value)]) -> Value {
        .map(MapValue(uniqueKeys: pairs.map { (.string($0.0), $0.1) }))
    }

    static func optional(_ s: String?) -> Value { s.map(Value.string) ?? .null }
}

public enum JSONResponse {
    public static func make(_ value: Value, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        raw(JSONPrinter.print(value), status: status, headers: headers)
    }

    public static func raw(_ json: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var h = headers
        h[.contentType] = "application/json"
        var buffer = ByteBuffer()
        buffer.reserveCapacity(json.utf8.count + 1)
        buffer.writeString(json)
        buffer.writeString("\n")
        return Response(status: status, headers: h, body: .init(byteBuffer: buffer))
    }

    public static func error(_ e: APIError) -> Response {
        var headers: HTTPFields = [:]
        if e.status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return make(.object([("error", .object([("code", .string(e.code)), ("message", .string(e.message))]))]),
                    status: e.status, headers: headers)
    }
}

/// For routes of other modules that take no fields (a retry, marking a notification read): the
/// body must be empty or `{}`, so a field a client believes it sends is refused with 400 rather
/// than ignored, as on every other route.
public enum NoFieldsBody {
    public static func check(_ request: Request) async throws {
        _ = try JSONBody.parse(try await JSONBody.collect(request, limit: 4_096), allowed: [])
    }
}
