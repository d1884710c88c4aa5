/// A small JSON parser to `Value`: `1` stays an int, `1.0` and `1e3` are doubles,
/// integers beyond Int64 become doubles. Objects keep their key order.
public enum JSONParser {
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public var message: String
        /// Unicode scalar offset into the text.
        public var offset: Int
        /// With `strict`: the number that does not fit a double, by its path (`data.budget`).
        public var overflowPath: String?
        public var description: String { "\(message) at offset \(offset)" }
    }

    public static let maxDepth = 256

    /// `strict` (request bodies): a key given twice in one object and a number beyond the range of
    /// a double are failures, not last-wins and infinity.
    public static func parse(_ text: String, strict: Bool = false) -> Result<Value, Failure> {
        var p = Cursor(s: Array(text.unicodeScalars), strict: strict)
        do throws(Failure) {
            p.skipSpace()
            let v = try p.value(depth: 0)
            p.skipSpace()
            guard p.i == p.s.count else { throw p.failure("unexpected text after the JSON value") }
            return .success(v)
        } catch {
            return .failure(error)
        }
    }

    private struct Cursor {
        let s: [Unicode.Scalar]
        var i = 0
        let strict: Bool
        /// Keys leading to the value being read (strict mode only).
        var path: [String] = []

        func failure(_ message: String) -> Failure { Failure(message: message, offset: i) }

        mutating func skipSpace() {
            while i < s.count, s[i] == " " || s[i] == "\n" || s[i] == "\r" || s[i] == "\t" { i += 1 }
        }

        mutating func literal(_ word: String, _ v: Value) throws(Failure) -> Value {
            for u in word.unicodeScalars {
                guard i < s.count, s[i] == u else { throw failure("invalid literal, expected '\(word)'") }
                i += 1
            }
            return v
        }

        mutating func value(depth: Int) throws(Failure) -> Value {
            guard depth < JSONParser.maxDepth else { throw failure("JSON nested too deeply") }
            guard i < s.count else { throw failure("unexpected end of JSON") }
            switch s[i] {
            case "n": return try literal("null", .null)
            case "t": return try literal("true", .bool(true))
            case "f": return try literal("false", .bool(false))
            case "\"": return .string(try string())
            case "[":
                i += 1
                var items: [Value] = []
                skipSpace()
                if i < s.count, s[i] == "]" { i += 1; return .list(items) }
                while true {
                    skipSpace()
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    guard i < s.count else { throw failure("unterminated array") }
                    if s[i] == "]" { i += 1; return .list(items) }
                    guard s[i] == "," else { throw failure("expected ',' or ']' in array") }
                    i += 1
                }
            case "{":
                i += 1
                // A repeated key keeps its first place and its last value, as MapValue's setter
                // would, compared as text (MapValue's own lookup compares with CEL equality).
                var keys: [String] = []
                var values: [Value] = []
                // Past a few keys they are also found by hashing: comparing each new key with every
                // earlier one made an object of n keys cost n² (a 512 KB body of short keys took
                // most of a minute before its 400).
                var positions: [String: Int]?
                func position(of key: String) -> Int? {
                    if let positions { return positions[key] }
                    guard keys.count >= 16 else { return keys.firstIndex(of: key) }
                    var built = [String: Int](minimumCapacity: keys.count * 2)
                    for (j, k) in keys.enumerated() { built[k] = j }
                    positions = built
                    return built[key]
                }
                func map() -> Value { .map(MapValue(uniqueKeys: zip(keys, values).map { (.string($0), $1) })) }
                skipSpace()
                if i < s.count, s[i] == "}" { i += 1; return map() }
                while true {
                    skipSpace()
                    guard i < s.count, s[i] == "\"" else { throw failure("expected a string key in object") }
                    let key = try string()
                    skipSpace()
                    guard i < s.count, s[i] == ":" else { throw failure("expected ':' after object key") }
                    i += 1
                    skipSpace()
                    let existing = position(of: key)
                    if strict {
                        if existing != nil { throw failure("duplicate key '\(key)'") }
                        path.append(key)
                    }
                    let v = try value(depth: depth + 1)
                    if strict { path.removeLast() }
                    if let j = existing { values[j] = v } else {
                        positions?[key] = keys.count
                        keys.append(key)
                        values.append(v)
                    }
                    skipSpace()
                    guard i < s.count else { throw failure("unterminated object") }
                    if s[i] == "}" { i += 1; return map() }
                    guard s[i] == "," else { throw failure("expected ',' or '}' in object") }
                    i += 1
                }
            default:
                return try number()
            }
        }

        mutating func number() throws(Failure) -> Value {
            let start = i
            var isDouble = false
            if i < s.count, s[i] == "-" { i += 1 }
            let digitsStart = i
            while i < s.count, ("0"..."9").contains(s[i]) { i += 1 }
            guard i > digitsStart else { throw failure("invalid JSON value") }
            if s[digitsStart] == "0", i - digitsStart > 1 { throw failure("leading zeros are not allowed") }
            if i < s.count, s[i] == "." {
                isDouble = true
                i += 1
                let f = i
                while i < s.count, ("0"..."9").contains(s[i]) { i += 1 }
                guard i > f else { throw failure("expected digits after '.'") }
            }
            if i < s.count, s[i] == "e" || s[i] == "E" {
                isDouble = true
                i += 1
                if i < s.count, s[i] == "+" || s[i] == "-" { i += 1 }
                let e = i
                while i < s.count, ("0"..."9").contains(s[i]) { i += 1 }
                guard i > e else { throw failure("expected digits in exponent") }
            }
            let text = String(String.UnicodeScalarView(s[start..<i]))
            if !isDouble, let v = Int64(text) { return .int(v) }
            guard let d = Double(text) else { throw failure("invalid number") }
            if strict, !d.isFinite {
                var f = failure("\(text) is beyond the range of a number")
                f.overflowPath = path.isEmpty ? "(value)" : path.joined(separator: ".")
                throw f
            }
            return .double(d)
        }

        mutating func string() throws(Failure) -> String {
            i += 1
            var out = String.UnicodeScalarView()
            while true {
                guard i < s.count else { throw failure("unterminated string") }
                let c = s[i]
                i += 1
                if c == "\"" { return String(out) }
                if c.value < 0x20 { throw failure("control character in string") }
                guard c == "\\" else { out.append(c); continue }
                guard i < s.count else { throw failure("unterminated escape") }
                let e = s[i]
                i += 1
                switch e {
                case "\"", "\\", "/": out.append(e)
                case "b": out.append("\u{08}")
                case "f": out.append("\u{0C}")
                case "n": out.append("\n")
                case "r": out.append("\r")
                case "t": out.append("\t")
                case "u":
                    var v = try hex4()
                    if (0xD800..<0xDC00).contains(v) {
                        guard i + 1 < s.count, s[i] == "\\", s[i + 1] == "u" else { throw failure("unpaired surrogate") }
                        i += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw failure("invalid low surrogate") }
                        v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let u = Unicode.Scalar(v) else { throw failure("invalid code point") }
                    out.append(u)
                default: throw failure("invalid escape '\\\(e)'")
                }
            }
        }

        mutating func hex4() throws(Failure) -> UInt32 {
            var v: UInt32 = 0
            for _ in 0..<4 {
                guard i < s.count, let d = UInt32(String(s[i]), radix: 16) else { throw failure("expected 4 hex digits") }
                v = v * 16 + d
                i += 1
            }
            return v
        }
    }
}
