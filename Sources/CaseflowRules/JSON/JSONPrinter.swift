/// Prints values as JSON: ints without a fraction, doubles with one (`1.0`),
/// timestamps as RFC 3339 strings, durations as `"3600s"`, bytes as base64.
public enum JSONPrinter {
    public static func print(_ v: Value) -> String {
        var out = ""
        write(v, into: &out)
        return out
    }

    private static func write(_ v: Value, into out: inout String) {
        switch v {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .uint(let u): out += String(u)
        case .double(let d): out += double(d)
        case .string(let s): string(s, into: &out)
        case .bytes(let b): string(base64(b), into: &out)
        case .timestamp(let t): string(t.rfc3339, into: &out)
        case .duration(let d): string(d.formatted, into: &out)
        case .type(let t): string(t.description, into: &out)
        case .list(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                write(item, into: &out)
            }
            out += "]"
        case .map(let m):
            out += "{"
            for (i, e) in m.entries.enumerated() {
                if i > 0 { out += "," }
                string(keyText(e.key), into: &out)
                out += ":"
                write(e.value, into: &out)
            }
            out += "}"
        case .object(let o):
            out += "{"
            for (i, key) in o.fields.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                string(key, into: &out)
                out += ":"
                write(o.fields[key] ?? .null, into: &out)
            }
            out += "}"
        }
    }

    private static func keyText(_ k: Value) -> String {
        if case .string(let s) = k { return s }
        return print(k)
    }

    /// A string as a JSON literal, appended to `out`. Text with nothing to escape (the usual
    /// case) is appended whole rather than scalar by scalar.
    public static func appendString(_ s: String, to out: inout String) {
        string(s, into: &out)
    }

    /// A double as JSON writes it (`1.0`, `2.5e-07`; NaN and infinities as strings).
    public static func doubleText(_ d: Double) -> String { double(d) }

    /// JSON has no NaN or infinity: they print as the strings CEL's JSON mapping uses.
    static func double(_ d: Double) -> String {
        if d.isNaN { return "\"NaN\"" }
        if d.isInfinite { return d < 0 ? "\"-Infinity\"" : "\"Infinity\"" }
        return ExprPrinter.doubleLiteral(d)
    }

    static func string(_ s: String, into out: inout String) {
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out += "\""
            out += s
            out += "\""
            return
        }
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }

    private static func base64(_ bytes: [UInt8]) -> String {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < bytes.count {
            let n = min(3, bytes.count - i)
            var chunk: UInt32 = 0
            for k in 0..<3 { chunk = chunk << 8 | (k < n ? UInt32(bytes[i + k]) : 0) }
            for k in 0..<4 {
                out.append(k <= n ? table[Int((chunk >> (18 - 6 * UInt32(k))) & 63)] : "=")
            }
            i += 3
        }
        return String(out)
    }
}
