/// Parses RE2 syntax: literals, `.`, classes `[a-z]` `[^…]` `\d \w \s` (and negations),
/// anchors `^ $ \A \z`, groups `( )` `(?: )` `(?P<name> )`, flags `(?i) (?s) (?m)`,
/// alternation and the quantifiers `* + ? {n} {n,} {n,m}` (lazy forms accepted).
struct RegexParser {
    struct Failure: Error { var message: String }

    private let s: [Unicode.Scalar]
    private var i = 0
    private var fold = false, dotAll = false, multiline = false
    private var depth = 0

    init(_ pattern: String) { s = Array(pattern.unicodeScalars) }

    static func parse(_ pattern: String) throws(Failure) -> RegexNode {
        var p = RegexParser(pattern)
        guard p.s.count <= Limits.maxPatternLength else {
            throw Failure(message: "pattern is too long (at most \(Limits.maxPatternLength) characters)")
        }
        let node = try p.alternation()
        guard p.i == p.s.count else { throw Failure(message: "unmatched ')' at offset \(p.i)") }
        return node
    }

    private var peek: Unicode.Scalar? { i < s.count ? s[i] : nil }

    private mutating func alternation() throws(Failure) -> RegexNode {
        depth += 1
        defer { depth -= 1 }
        guard depth < 100 else { throw Failure(message: "pattern is nested too deeply") }
        var branches = [try sequence()]
        while peek == "|" {
            i += 1
            branches.append(try sequence())
        }
        return branches.count == 1 ? branches[0] : .alternate(branches)
    }

    private mutating func sequence() throws(Failure) -> RegexNode {
        var items: [RegexNode] = []
        while let c = peek, c != "|", c != ")" {
            var atom = try self.atom()
            atom = try quantified(atom)
            items.append(atom)
        }
        return items.count == 1 ? items[0] : .concat(items)
    }

    private mutating func quantified(_ atom: RegexNode) throws(Failure) -> RegexNode {
        var node = atom
        var quantifiers = 0
        while let c = peek {
            var min = 0, max: Int? = nil
            switch c {
            case "*": i += 1
            case "+": i += 1; min = 1
            case "?": i += 1; max = 1
            case "{":
                guard let (lo, hi) = try counted() else { return node }
                min = lo
                max = hi
            default: return node
            }
            quantifiers += 1
            guard quantifiers == 1 else { throw Failure(message: "bad repetition operator at offset \(i - 1)") }
            if peek == "?" { i += 1 }
            if case .empty = node { throw Failure(message: "missing argument to repetition operator at offset \(i - 1)") }
            node = .repeat(node, min: min, max: max)
        }
        return node
    }

    /// `{n}`, `{n,}`, `{n,m}`; nil when the brace is a literal.
    private mutating func counted() throws(Failure) -> (Int, Int?)? {
        let start = i
        i += 1
        guard let lo = number() else { i = start; return nil }
        var hi: Int? = lo
        if peek == "," {
            i += 1
            hi = peek == "}" ? nil : number()
            if hi == nil, peek != "}" { i = start; return nil }
        }
        guard peek == "}" else { i = start; return nil }
        i += 1
        guard lo <= 1000, (hi ?? lo) <= 1000, lo <= (hi ?? lo) else {
            throw Failure(message: "invalid repeat count at offset \(start)")
        }
        return (lo, hi)
    }

    private mutating func number() -> Int? {
        var v = 0, n = 0
        while let c = peek, c >= "0", c <= "9", n < 6 {
            v = v * 10 + Int(c.value - 48)
            i += 1
            n += 1
        }
        return n > 0 ? v : nil
    }

    private mutating func atom() throws(Failure) -> RegexNode {
        guard let c = peek else { return .empty }
        i += 1
        switch c {
        case ".": return .any(dotAll: dotAll)
        case "^": return .lineStart(multiline: multiline)
        case "$": return .lineEnd(multiline: multiline)
        case "(": return try group()
        case "[": return .set(try bracket())
        case "\\": return try escape(inClass: false).node(fold: fold)
        case "*", "+", "?": throw Failure(message: "missing argument to repetition operator at offset \(i - 1)")
        default: return .char(c, fold: fold)
        }
    }

    private mutating func group() throws(Failure) -> RegexNode {
        let saved = (fold, dotAll, multiline)
        defer { (fold, dotAll, multiline) = saved }
        if peek == "?" {
            i += 1
            if peek == "P" || peek == "<" {
                if peek == "P" { i += 1 }
                guard peek == "<" else { throw Failure(message: "invalid named group at offset \(i)") }
                while let c = peek, c != ">" { i += 1 }
                guard peek == ">" else { throw Failure(message: "unterminated group name") }
                i += 1
            } else {
                var on = true
                while let c = peek, c != ":", c != ")" {
                    i += 1
                    switch c {
                    case "i": fold = on
                    case "s": dotAll = on
                    case "m": multiline = on
                    case "U": break
                    case "-": on = false
                    default: throw Failure(message: "unknown flag '\(c)' in group")
                    }
                }
                if peek == ")" {
                    // `(?i)` changes the flags for the rest of the enclosing group
                    i += 1
                    let rest = try sequenceAfterFlags()
                    return rest
                }
                i += 1
            }
        }
        let inner = try alternation()
        guard peek == ")" else { throw Failure(message: "missing ')'") }
        i += 1
        return inner
    }

    private mutating func sequenceAfterFlags() throws(Failure) -> RegexNode {
        try alternation()
    }

    private mutating func bracket() throws(Failure) -> CharSet {
        var set = CharSet(fold: fold)
        if peek == "^" { i += 1; set.negated = true }
        var first = true
        while true {
            guard let c = peek else { throw Failure(message: "missing ']' in character class") }
            if c == "]", !first { i += 1; return set }
            first = false
            i += 1
            var lo: UInt32
            if c == "\\" {
                switch try escape(inClass: true) {
                case .scalar(let u): lo = u.value
                case .set(let other):
                    set.ranges += other.negated ? complement(other.ranges) : other.ranges
                    continue
                case .anchor: throw Failure(message: "anchor in character class")
                }
            } else if c == "[", peek == ":" {
                throw Failure(message: "POSIX classes like [:alpha:] are not supported")
            } else {
                lo = c.value
            }
            if peek == "-", i + 1 < s.count, s[i + 1] != "]" {
                i += 1
                guard let h = peek else { throw Failure(message: "missing ']' in character class") }
                i += 1
                var hi = h.value
                if h == "\\" {
                    guard case .scalar(let u) = try escape(inClass: true) else { throw Failure(message: "invalid range in character class") }
                    hi = u.value
                }
                guard lo <= hi else { throw Failure(message: "invalid range in character class") }
                set.ranges.append(lo...hi)
            } else {
                set.ranges.append(lo...lo)
            }
        }
    }

    private func complement(_ ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        var out: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for r in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if r.lowerBound > next { out.append(next...(r.lowerBound - 1)) }
            next = max(next, r.upperBound + 1)
        }
        if next <= 0x10FFFF { out.append(next...0x10FFFF) }
        return out
    }

    enum Escaped {
        case scalar(Unicode.Scalar), set(CharSet), anchor(RegexNode)
        func node(fold: Bool) -> RegexNode {
            switch self {
            case .scalar(let u): .char(u, fold: fold)
            case .set(let s): .set(s)
            case .anchor(let n): n
            }
        }
    }

    private mutating func escape(inClass: Bool) throws(Failure) -> Escaped {
        guard let c = peek else { throw Failure(message: "trailing backslash in pattern") }
        i += 1
        switch c {
        case "d": return .set(.digit)
        case "D": return .set(CharSet(ranges: CharSet.digit.ranges, negated: true))
        case "w": return .set(.word)
        case "W": return .set(CharSet(ranges: CharSet.word.ranges, negated: true))
        case "s": return .set(.space)
        case "S": return .set(CharSet(ranges: CharSet.space.ranges, negated: true))
        case "n": return .scalar("\n")
        case "t": return .scalar("\t")
        case "r": return .scalar("\r")
        case "f": return .scalar("\u{0C}")
        case "v": return .scalar("\u{0B}")
        case "A" where !inClass: return .anchor(.lineStart(multiline: false))
        case "z" where !inClass: return .anchor(.lineEnd(multiline: false))
        case "x":
            var v: UInt32 = 0
            if peek == "{" {
                i += 1
                var n = 0
                while let h = peek, h != "}", let d = UInt32(String(h), radix: 16), n < 8 { v = v * 16 + d; i += 1; n += 1 }
                guard peek == "}", n > 0 else { throw Failure(message: "invalid \\x{…} escape") }
                i += 1
            } else {
                for _ in 0..<2 {
                    guard let h = peek, let d = UInt32(String(h), radix: 16) else { throw Failure(message: "invalid \\x escape") }
                    v = v * 16 + d
                    i += 1
                }
            }
            guard let u = Unicode.Scalar(v) else { throw Failure(message: "invalid code point in \\x escape") }
            return .scalar(u)
        default:
            let isAlnum = (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9")
            guard !isAlnum else { throw Failure(message: "invalid or unsupported escape '\\\(c)'") }
            return .scalar(c)
        }
    }
}
