/// String and bytes literals: quoted, triple-quoted, raw, with CEL's escapes.
extension Lexer {
    mutating func string(raw: Bool, bytes: Bool, start: Int) -> Token {
        let q = s[i]
        let triple = at(i + 1) == q && at(i + 2) == q
        i += triple ? 3 : 1
        var out: [UInt8] = []
        var text = String.UnicodeScalarView()
        func append(_ c: Unicode.Scalar) {
            if bytes { out.append(contentsOf: Array(String(c).utf8)) } else { text.append(c) }
        }
        while true {
            guard let c = at(i) else {
                diagnostics.append(ExpressionDiagnostic("unterminated string literal", start..<i))
                return Token(kind: .string(""), range: start..<i)
            }
            if c == q, !triple || (at(i + 1) == q && at(i + 2) == q) {
                i += triple ? 3 : 1
                break
            }
            if !triple, c == "\n" || c == "\r" {
                diagnostics.append(ExpressionDiagnostic("newline in string literal (use ''' for several lines)", i..<(i + 1)))
                i += 1
                continue
            }
            if c == "\\", !raw {
                let escStart = i
                i += 1
                switch escape(bytes: bytes) {
                case .scalar(let u): append(u)
                case .byte(let b): if bytes { out.append(b) } else { append(Unicode.Scalar(b)) }
                case .invalid(let why): diagnostics.append(ExpressionDiagnostic(why, escStart..<max(i, escStart + 1)))
                }
                continue
            }
            append(c)
            i += 1
        }
        return Token(kind: bytes ? .bytes(out) : .string(String(text)), range: start..<i)
    }

    enum Escape { case scalar(Unicode.Scalar), byte(UInt8), invalid(String) }

    private mutating func escape(bytes: Bool) -> Escape {
        guard let c = at(i) else { return .invalid("unterminated escape sequence") }
        i += 1
        switch c {
        case "a": return .scalar("\u{07}")
        case "b": return .scalar("\u{08}")
        case "f": return .scalar("\u{0C}")
        case "n": return .scalar("\n")
        case "r": return .scalar("\r")
        case "t": return .scalar("\t")
        case "v": return .scalar("\u{0B}")
        case "\\", "'", "\"", "`", "?": return .scalar(c)
        case "x", "X":
            guard let v = hex(2) else { return .invalid("invalid \\x escape: expected 2 hex digits") }
            return bytes ? .byte(UInt8(v)) : .scalar(Unicode.Scalar(UInt8(v)))
        case "u":
            guard !bytes else { return .invalid("\\u escape is not allowed in bytes literals") }
            guard let v = hex(4), let u = Unicode.Scalar(v) else { return .invalid("invalid \\u escape: expected 4 hex digits of a valid code point") }
            return .scalar(u)
        case "U":
            guard !bytes else { return .invalid("\\U escape is not allowed in bytes literals") }
            guard let v = hex(8), let u = Unicode.Scalar(v) else { return .invalid("invalid \\U escape: expected 8 hex digits of a valid code point") }
            return .scalar(u)
        case "0"..."3":
            guard let a = at(i), let b = at(i + 1), ("0"..."7").contains(a), ("0"..."7").contains(b) else {
                return .invalid("invalid octal escape: expected 3 octal digits")
            }
            i += 2
            let v = (c.value - 48) * 64 + (a.value - 48) * 8 + (b.value - 48)
            return bytes ? .byte(UInt8(v)) : .scalar(Unicode.Scalar(UInt8(v)))
        default:
            return .invalid("invalid escape sequence '\\\(c)'")
        }
    }

    private mutating func hex(_ n: Int) -> UInt32? {
        var v: UInt32 = 0
        for _ in 0..<n {
            guard let c = at(i), let d = UInt32(String(c), radix: 16) else { return nil }
            v = v * 16 + d
            i += 1
        }
        return v
    }
}
