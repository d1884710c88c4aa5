import CaseflowModel
import CaseflowRules
import CaseflowStore

/// API values as templates read them: objects as dictionaries, lists as arrays, null left out.
enum PlainValue {
    static func any(_ v: Value) -> Any? {
        switch v {
        case .null: return nil
        case .bool(let b): return b
        case .int(let i): return i
        case .uint(let u): return u
        case .double(let d): return d
        case .string(let s): return s
        case .list(let items): return items.compactMap(any)
        case .map(let m):
            var d: [String: Any] = [:]
            for e in m.entries {
                guard case .string(let k) = e.key else { continue }
                if let x = any(e.value) { d[k] = x }
            }
            return d
        default: return text(v)
        }
    }

    static func instant(_ t: CELTimestamp) -> Instant { Instant(millis: t.seconds * 1000 + Int64(t.nanos) / 1_000_000) }

    static func object(_ v: Value) -> [String: Any] { any(v) as? [String: Any] ?? [:] }

    /// A value as one line of text: strings as they are, the rest as JSON.
    static func text(_ v: Value) -> String {
        switch v {
        case .null: return ""
        case .string(let s): return s
        case .timestamp(let t): return InstantText.format(instant(t))
        case .duration(let d): return DurationText.human(d)
        default: return JSONPrinter.print(v)
        }
    }
}
