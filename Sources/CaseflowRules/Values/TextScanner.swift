/// A tiny cursor over Unicode scalars for the timestamp and duration formats.
struct TextScanner {
    let scalars: [Unicode.Scalar]
    var pos = 0

    init(_ text: String) { scalars = Array(text.unicodeScalars) }

    var atEnd: Bool { pos >= scalars.count }
    var peek: Unicode.Scalar? { pos < scalars.count ? scalars[pos] : nil }

    mutating func take(_ c: Unicode.Scalar) -> Bool {
        guard peek == c else { return false }
        pos += 1
        return true
    }

    mutating func digit() -> Int? {
        guard let c = peek, c >= "0", c <= "9" else { return nil }
        pos += 1
        return Int(c.value - 48)
    }

    mutating func digits(_ n: Int) -> Int64? {
        var v: Int64 = 0
        for _ in 0..<n {
            guard let d = digit() else { return nil }
            v = v * 10 + Int64(d)
        }
        return v
    }

    mutating func sign() -> Int64? {
        if take("+") { return 1 }
        if take("-") { return -1 }
        return nil
    }
}
