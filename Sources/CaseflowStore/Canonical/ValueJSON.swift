import CaseflowEngine
import CaseflowRules

/// Case values in history: JSON's own types as themselves, the others as a one-key object
/// whose key starts with `$` (`{"$timestamp":"2026-03-02T01:00:00.000Z"}`), so that decoding
/// gives back the same value. Maps whose keys are not all text, or that have a key starting
/// with `$`, are written as `{"$map":[[key,value],…]}`.
public enum ValueJSON {
    public static func encode(_ v: Value) -> Value {
        switch v {
        case .null, .bool, .int, .string: return v
        case .double(let d):
            if d.isNaN { return tagged("$double", "NaN") }
            if d.isInfinite { return tagged("$double", d < 0 ? "-Infinity" : "Infinity") }
            return v
        case .uint(let u): return tagged("$uint", .string(String(u)))
        case .bytes(let b): return tagged("$bytes", .string(Hex.encode(b)))
        case .timestamp(let t): return tagged("$timestamp", .string(timestampText(t)))
        case .duration(let d): return tagged("$duration", .string(d.formatted))
        case .type(let t): return tagged("$type", .string(t.description))
        case .list(let items): return .list(items.map(encode))
        case .object(let o):
            return tagged("$object", CanonicalJSON.object([
                ("type", .string(o.typeName)),
                ("fields", CanonicalJSON.object(o.fields.map { ($0.key, encode($0.value)) })),
            ]))
        case .map(let m):
            var plain: [(String, Value)] = []
            for e in m.entries {
                guard case .string(let k) = e.key, !k.hasPrefix("$") else {
                    return tagged("$map", .list(m.entries.map { .list([encode($0.key), encode($0.value)]) }))
                }
                plain.append((k, encode(e.value)))
            }
            return CanonicalJSON.object(plain)
        }
    }

    public static func decode(_ json: Value, at path: String = "value") throws(CodecError) -> Value {
        switch json {
        case .null, .bool, .int, .double, .string: return json
        case .list(let items):
            var out: [Value] = []
            out.reserveCapacity(items.count)
            for (i, item) in items.enumerated() { out.append(try decode(item, at: "\(path)[\(i)]")) }
            return .list(out)
        case .map(let m):
            if m.count == 1, let e = m.entries.first, case .string(let tag) = e.key, tag.hasPrefix("$") {
                return try untag(tag, e.value, at: path)
            }
            var pairs: [(Value, Value)] = []
            for e in m.entries {
                guard case .string(let k) = e.key else { throw CodecError("\(path): object keys must be text") }
                pairs.append((e.key, try decode(e.value, at: "\(path).\(k)")))
            }
            return .map(MapValue(pairs))
        default:
            throw CodecError("\(path): \(json.typeName) is not JSON")
        }
    }

    private static func untag(_ tag: String, _ body: Value, at path: String) throws(CodecError) -> Value {
        func text() throws(CodecError) -> String {
            guard case .string(let s) = body else { throw CodecError("\(path): \(tag) needs text") }
            return s
        }
        switch tag {
        case "$double":
            switch try text() {
            case "NaN": return .double(.nan)
            case "Infinity": return .double(.infinity)
            case "-Infinity": return .double(-.infinity)
            default: throw CodecError("\(path): $double is only for NaN and infinities")
            }
        case "$uint":
            guard let u = UInt64(try text()) else { throw CodecError("\(path): invalid $uint") }
            return .uint(u)
        case "$bytes":
            guard let b = Hex.decode(try text()) else { throw CodecError("\(path): invalid $bytes hex") }
            return .bytes(b)
        case "$timestamp":
            guard let t = CELTimestamp(rfc3339: try text()) else { throw CodecError("\(path): invalid $timestamp") }
            return .timestamp(t)
        case "$duration":
            guard let d = CELDuration(parsing: try text()) else { throw CodecError("\(path): invalid $duration") }
            return .duration(d)
        case "$type":
            guard let t = CELTypeName.parse(try text()) else { throw CodecError("\(path): invalid $type") }
            return .type(t)
        case "$map":
            guard case .list(let entries) = body else { throw CodecError("\(path): $map needs a list of pairs") }
            var pairs: [(Value, Value)] = []
            for (i, entry) in entries.enumerated() {
                guard case .list(let kv) = entry, kv.count == 2 else { throw CodecError("\(path)[\(i)]: a $map entry is [key, value]") }
                pairs.append((try decode(kv[0], at: "\(path)[\(i)]"), try decode(kv[1], at: "\(path)[\(i)]")))
            }
            return .map(MapValue(pairs))
        case "$object":
            let o = try JSONReader(body, path: path)
            let fields = try o.object("fields")
            var out: [String: Value] = [:]
            for e in fields.entries {
                guard case .string(let k) = e.key else { continue }
                out[k] = try decode(e.value, at: "\(path).fields.\(k)")
            }
            return .object(ObjectValue(typeName: try o.string("type"), fields: out))
        default:
            throw CodecError("\(path): unknown tag \(tag)")
        }
    }

    private static func tagged(_ tag: String, _ body: Value) -> Value {
        .map(MapValue([(.string(tag), body)]))
    }

    /// Whole milliseconds like every other instant in history; finer timestamps keep their digits.
    private static func timestampText(_ t: CELTimestamp) -> String {
        guard t.nanos % 1_000_000 == 0 else { return t.rfc3339 }
        return InstantText.format(.init(millis: t.seconds * 1000 + Int64(t.nanos / 1_000_000)))
    }

}
