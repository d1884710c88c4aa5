/// Splits an expression into tokens; positions are Unicode scalar offsets.
struct Lexer {
    let s: [Unicode.Scalar]
    var i = 0
    var diagnostics: [ExpressionDiagnostic] = []

    init(_ scalars: [Unicode.Scalar]) { s = scalars }

    static let reserved: Set<String> = [
        "as", "break", "const", "continue", "else", "for", "function", "if", "import",
        "let", "loop", "package", "namespace", "return", "var", "void", "while",
    ]

    mutating func tokenize() -> [Token] {
        var tokens: [Token] = []
        while true {
            skipTrivia()
            guard i < s.count else {
                tokens.append(Token(kind: .end, range: s.count..<s.count))
                return tokens
            }
            if let t = next() { tokens.append(t) }
        }
    }

    func at(_ k: Int) -> Unicode.Scalar? { k < s.count ? s[k] : nil }

    private mutating func skipTrivia() {
        while let c = at(i) {
            if c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" {
                i += 1
            } else if c == "/", at(i + 1) == "/" {
                while let d = at(i), d != "\n" { i += 1 }
            } else {
                return
            }
        }
    }

    private mutating func next() -> Token? {
        let start = i
        let c = s[i]
        if isDigit(c) || (c == "." && at(i + 1).map(isDigit) == true) { return number() }
        if c == "\"" || c == "'" { return string(raw: false, bytes: false, start: start) }
        if isIdentStart(c) {
            let p1 = at(i + 1)
            if (c == "r" || c == "R"), p1 == "\"" || p1 == "'" { i += 1; return string(raw: true, bytes: false, start: start) }
            if (c == "b" || c == "B"), p1 == "\"" || p1 == "'" { i += 1; return string(raw: false, bytes: true, start: start) }
            if (c == "b" || c == "B"), p1 == "r" || p1 == "R", at(i + 2) == "\"" || at(i + 2) == "'" {
                i += 2; return string(raw: true, bytes: true, start: start)
            }
            if (c == "r" || c == "R"), p1 == "b" || p1 == "B", at(i + 2) == "\"" || at(i + 2) == "'" {
                i += 2; return string(raw: true, bytes: true, start: start)
            }
            while let d = at(i), isIdentStart(d) || isDigit(d) { i += 1 }
            return Token(kind: .ident(String(String.UnicodeScalarView(s[start..<i]))), range: start..<i)
        }
        for p in ["==", "!=", "<=", ">=", "&&", "||"] {
            let u = Array(p.unicodeScalars)
            if c == u[0], at(i + 1) == u[1] {
                i += 2
                return Token(kind: .punct(p), range: start..<i)
            }
        }
        if "<>!+-*/%?:.,[](){}".unicodeScalars.contains(c) {
            i += 1
            return Token(kind: .punct(String(c)), range: start..<i)
        }
        i += 1
        let shown = c.value < 0x20 || c.value == 0x7F ? "U+\(String(c.value, radix: 16, uppercase: true))" : String(c)
        diagnostics.append(ExpressionDiagnostic("unexpected character '\(shown)'", start..<i))
        return nil
    }

    private func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
    func isHex(_ c: Unicode.Scalar) -> Bool { isDigit(c) || (c >= "a" && c <= "f") || (c >= "A" && c <= "F") }
    private func isIdentStart(_ c: Unicode.Scalar) -> Bool { c == "_" || (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") }

    private mutating func number() -> Token {
        let start = i
        if s[i] == "0", let x = at(i + 1), x == "x" || x == "X" {
            i += 2
            let digitsStart = i
            while let d = at(i), isHex(d) { i += 1 }
            let text = String(String.UnicodeScalarView(s[digitsStart..<i]))
            let unsigned = consumeUnsignedSuffix()
            guard let v = UInt64(text, radix: 16) else { return bad("invalid hex literal", start) }
            return integer(v, unsigned: unsigned, start)
        }
        while let d = at(i), isDigit(d) { i += 1 }
        var isDouble = false
        if at(i) == ".", let d = at(i + 1), isDigit(d) {
            isDouble = true
            i += 1
            while let d = at(i), isDigit(d) { i += 1 }
        }
        if let e = at(i), e == "e" || e == "E" {
            var j = i + 1
            if let sgn = at(j), sgn == "+" || sgn == "-" { j += 1 }
            if let d = at(j), isDigit(d) {
                isDouble = true
                i = j
                while let d = at(i), isDigit(d) { i += 1 }
            }
        }
        let text = String(String.UnicodeScalarView(s[start..<i]))
        if isDouble {
            guard let v = Double(text), v.isFinite else { return bad("double literal out of range", start) }
            return Token(kind: .double(v), range: start..<i)
        }
        let unsigned = consumeUnsignedSuffix()
        guard let v = UInt64(text) else { return bad("integer literal out of range", start) }
        return integer(v, unsigned: unsigned, start)
    }

    private mutating func consumeUnsignedSuffix() -> Bool {
        if let u = at(i), u == "u" || u == "U" { i += 1; return true }
        return false
    }

    private mutating func integer(_ v: UInt64, unsigned: Bool, _ start: Int) -> Token {
        if unsigned { return Token(kind: .uint(v), range: start..<i) }
        if v <= UInt64(Int64.max) { return Token(kind: .int(Int64(v)), range: start..<i) }
        return Token(kind: .bigInt(v), range: start..<i)
    }

    private mutating func bad(_ message: String, _ start: Int) -> Token {
        diagnostics.append(ExpressionDiagnostic(message, start..<i))
        return Token(kind: .int(0), range: start..<i)
    }
}
