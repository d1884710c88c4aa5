/// Prints values as JSON: ints without a fraction, doubles with one (`1.0`),
/// timestamps as RFC 3339 strings, durations as `"3600s"`, bytes as base64.
public enum JSONPrinter {
    public static func print(_ v: Value) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(v, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Written as UTF-8 bytes: appending to a String piece by piece cost several times more.
    private static func write(_ v: Value, into out: inout [UInt8]) {
        switch v {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .uint(let u): out.append(contentsOf: String(u).utf8)
        case .double(let d): out.append(contentsOf: double(d).utf8)
        case .string(let s): string(s, into: &out)
        case .bytes(let b): string(base64(b), into: &out)
        case .timestamp(let t): string(t.rfc3339, into: &out)
        case .duration(let d): string(d.formatted, into: &out)
        case .type(let t): string(t.description, into: &out)
        case .list(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .map(let m):
            out.append(UInt8(ascii: "{"))
            for (i, e) in m.entries.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                string(keyText(e.key), into: &out)
                out.append(UInt8(ascii: ":"))
                write(e.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .object(let o):
            out.append(UInt8(ascii: "{"))
            for (i, key) in o.fields.keys.sorted().enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                string(key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(o.fields[key] ?? .null, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func string(_ s: String, into out: inout [UInt8]) {
        var s = s
        let plain = s.withUTF8 { buffer -> Bool in
            for b in buffer where b < 0x20 || b == 0x22 || b == 0x5C { return false }
            out.append(0x22)
            out.append(contentsOf: buffer)
            out.append(0x22)
            return true
        }
        if !plain {
            var escaped = ""
            string(s, into: &escaped)
            out.append(contentsOf: escaped.utf8)
        }
    }

    private static func keyText(_ k: Value) -> String {
        if case .string(let s) = k { return s }
        return print(k)
    }

    /// A value printed into UTF-8 bytes.
    public static func append(_ v: Value, to out: inout [UInt8]) { write(v, into: &out) }

    /// A string as a JSON literal, appended to UTF-8 bytes.
    public static func appendString(_ s: String, to out: inout [UInt8]) { string(s, into: &out) }

    /// A double as JSON writes it (`1.0`, `2.5e-07`; NaN and infinities as strings).
    public static func doubleText(_ d: Double) -> String { double(d) }

    /// JSON has no NaN or infinity: they print as the strings CEL's JSON mapping uses.
    static func double(_ d: Double) -> String {
        if d.isNaN { return "\"NaN\"" }
        if d.isInfinite { return d < 0 ? "\"-Infinity\"" : "\"Infinity\"" }
        return ExprPrinter.doubleLiteral(d)
    }

    /// A string as a JSON literal. Text with nothing to escape (the usual case) is appended whole
    /// rather than scalar by scalar.
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
