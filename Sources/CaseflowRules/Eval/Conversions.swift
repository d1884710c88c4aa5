/// `int() uint() double() string() bool() bytes() timestamp() duration()`.
enum Conversions {
    static func convert(_ f: Builtin, _ x: Value, _ arg: Node, _ node: Node) throws(EvaluationError) -> Value {
        func bad() -> EvaluationError {
            if case .null = x, arg.isVariable { return arg.fail("\(arg.text) is not set (null)") }
            return node.fail("cannot convert \(x.typeName)\(shown(x)) to \(f.rawValue) in '\(node.text)'")
        }
        func range() -> EvaluationError { node.fail("\(x.typeName)\(shown(x)) is out of range for \(f.rawValue) in '\(node.text)'") }
        switch (f, x) {
        case (.int, .int), (.uint, .uint), (.double, .double), (.string, .string), (.bool, .bool),
             (.bytes, .bytes), (.timestamp, .timestamp), (.duration, .duration):
            return x
        case (.int, .uint(let u)):
            guard u <= UInt64(Int64.max) else { throw range() }
            return .int(Int64(u))
        case (.int, .double(let d)):
            guard d.isFinite, d > -9_223_372_036_854_775_809.0, d < 9_223_372_036_854_775_808.0 else { throw range() }
            return .int(Int64(d.rounded(.towardZero)))
        case (.int, .string(let s)):
            guard let v = Int64(s) else { throw bad() }
            return .int(v)
        case (.int, .timestamp(let t)): return .int(t.seconds)
        case (.uint, .int(let i)):
            guard i >= 0 else { throw range() }
            return .uint(UInt64(i))
        case (.uint, .double(let d)):
            guard d.isFinite, d > -1, d < 18_446_744_073_709_551_616.0 else { throw range() }
            return .uint(UInt64(d.rounded(.towardZero)))
        case (.uint, .string(let s)):
            guard let v = UInt64(s) else { throw bad() }
            return .uint(v)
        case (.double, .int(let i)): return .double(Double(i))
        case (.double, .uint(let u)): return .double(Double(u))
        case (.double, .string(let s)):
            guard let d = parseDouble(s) else { throw bad() }
            return .double(d)
        case (.string, .int(let i)): return .string(String(i))
        case (.string, .uint(let u)): return .string(String(u))
        case (.string, .double(let d)): return .string(formatDouble(d))
        case (.string, .bool(let b)): return .string(b ? "true" : "false")
        case (.string, .bytes(let b)):
            guard let s = String(validating: b, as: UTF8.self) else { throw node.fail("bytes are not valid UTF-8 in '\(node.text)'") }
            return .string(s)
        case (.string, .timestamp(let t)): return .string(t.rfc3339)
        case (.string, .duration(let d)): return .string(d.formatted)
        case (.bool, .string(let s)):
            switch s {
            case "true", "TRUE", "True", "t", "1": return .bool(true)
            case "false", "FALSE", "False", "f", "0": return .bool(false)
            default: throw bad()
            }
        case (.bytes, .string(let s)): return .bytes(Array(s.utf8))
        case (.timestamp, .string(let s)):
            guard let t = CELTimestamp(rfc3339: s) else {
                throw node.fail("invalid timestamp \(ExprPrinter.quoted(s)) in '\(node.text)' (expected RFC 3339 like \"2026-01-31T09:00:00Z\")")
            }
            return .timestamp(t)
        case (.timestamp, .int(let i)):
            guard let t = CELTimestamp(seconds: i) else { throw range() }
            return .timestamp(t)
        case (.duration, .string(let s)):
            guard let d = CELDuration(parsing: s) else {
                throw node.fail("invalid duration \(ExprPrinter.quoted(s)) in '\(node.text)' (expected e.g. \"1h30m\" or \"3600s\")")
            }
            return .duration(d)
        default:
            throw bad()
        }
    }

    static func parseDouble(_ s: String) -> Double? {
        switch s {
        case "NaN": return .nan
        case "Infinity", "+Infinity", "inf", "+inf": return .infinity
        case "-Infinity", "-inf": return -.infinity
        default: break
        }
        guard !s.isEmpty, s.unicodeScalars.allSatisfy({ "0123456789+-.eE".unicodeScalars.contains($0) }) else { return nil }
        return Double(s)
    }

    /// Like Go's `strconv.FormatFloat(d, 'g', -1, 64)` for common values: `2.5`, `100000`, `1e+21`.
    static func formatDouble(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "+Infinity" }
        var s = "\(d)"
        if s.hasSuffix(".0") { s.removeLast(2) }
        return s
    }
}
