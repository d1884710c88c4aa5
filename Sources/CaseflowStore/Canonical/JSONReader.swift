import CaseflowModel
import CaseflowRules

/// Typed reads from a parsed JSON object; every failure names the path it happened at.
struct JSONReader {
    let fields: MapValue
    let path: String

    init(_ json: Value, path: String) throws(CodecError) {
        guard case .map(let m) = json else { throw CodecError("\(path): expected an object, found \(json.typeName)") }
        fields = m
        self.path = path
    }

    func raw(_ key: String) -> Value { fields[string: key] ?? .null }

    func string(_ key: String) throws(CodecError) -> String {
        guard case .string(let s) = raw(key) else { throw missing(key, "text") }
        return s
    }

    func optionalString(_ key: String) throws(CodecError) -> String? {
        switch raw(key) {
        case .null: return nil
        case .string(let s): return s
        default: throw missing(key, "text or null")
        }
    }

    func int64(_ key: String) throws(CodecError) -> Int64 {
        guard case .int(let i) = raw(key) else { throw missing(key, "an integer") }
        return i
    }

    func int(_ key: String) throws(CodecError) -> Int {
        Int(try int64(key))
    }

    func bool(_ key: String) throws(CodecError) -> Bool {
        guard case .bool(let b) = raw(key) else { throw missing(key, "true or false") }
        return b
    }

    func instant(_ key: String) throws(CodecError) -> Instant {
        guard let i = try optionalInstant(key) else { throw missing(key, "an instant") }
        return i
    }

    func optionalInstant(_ key: String) throws(CodecError) -> Instant? {
        guard let text = try optionalString(key) else { return nil }
        guard let i = InstantText.parse(text) else { throw CodecError("\(path).\(key): '\(text)' is not an RFC 3339 instant") }
        return i
    }

    func list(_ key: String) throws(CodecError) -> [Value] {
        guard case .list(let items) = raw(key) else { throw missing(key, "a list") }
        return items
    }

    func object(_ key: String) throws(CodecError) -> MapValue {
        guard case .map(let m) = raw(key) else { throw missing(key, "an object") }
        return m
    }

    func reader(_ key: String) throws(CodecError) -> JSONReader {
        try JSONReader(raw(key), path: "\(path).\(key)")
    }

    private func missing(_ key: String, _ what: String) -> CodecError {
        CodecError("\(path).\(key): expected \(what), found \(fields[string: key].map { $0.typeName } ?? "nothing")")
    }
}
