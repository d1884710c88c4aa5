/// A signed span of time with nanosecond precision (CEL's `google.protobuf.Duration`).
public struct CELDuration: Sendable, Hashable, Comparable {
    /// Floor representation: the value is `seconds + nanos / 1e9`, nanos in 0..<1e9.
    public let seconds: Int64
    public let nanos: Int32

    /// CEL's limit: about ±10,000 years.
    public static let maxSeconds: Int64 = 315_576_000_000

    public init?(seconds: Int64, nanos: Int32 = 0) {
        guard nanos >= 0, nanos < 1_000_000_000,
              seconds >= -Self.maxSeconds - 1, seconds <= Self.maxSeconds else { return nil }
        self.seconds = seconds
        self.nanos = nanos
    }

    public init(totalNanos: Int64) {
        let s = totalNanos >= 0 ? totalNanos / 1_000_000_000 : (totalNanos + 1 - 1_000_000_000) / 1_000_000_000
        seconds = s
        nanos = Int32(totalNanos - s * 1_000_000_000)
    }

    public static func < (a: CELDuration, b: CELDuration) -> Bool {
        a.seconds != b.seconds ? a.seconds < b.seconds : a.nanos < b.nanos
    }

    /// Nanoseconds, nil when the span does not fit in Int64 nanoseconds (about 292 years).
    var totalNanos: Int64? {
        let (m, o1) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (t, o2) = m.addingReportingOverflow(Int64(nanos))
        return o1 || o2 ? nil : t
    }

    /// Go / CEL syntax: `1h30m`, `3600s`, `1.5h`, `-90m`, `300ms`, `2us`, `5ns`.
    public init?(parsing text: String) {
        var p = TextScanner(text)
        let negative = p.take("-")
        if !negative { _ = p.take("+") }
        let start = p.pos
        if p.take("0"), p.atEnd { self.init(totalNanos: 0); return }
        p.pos = start
        guard !p.atEnd else { return nil }
        var total: Int64 = 0
        while !p.atEnd {
            var whole: Int64 = 0
            var sawDigit = false
            while let d = p.digit() {
                sawDigit = true
                let (m, o1) = whole.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(d))
                guard !o1, !o2 else { return nil }
                whole = a
            }
            var fraction: Int64 = 0, scale: Int64 = 1
            if p.take(".") {
                while let d = p.digit() {
                    sawDigit = true
                    if scale < 1_000_000_000_000_000 { fraction = fraction * 10 + Int64(d); scale *= 10 }
                }
            }
            guard sawDigit, let unit = Self.unit(&p) else { return nil }
            let (w, o1) = whole.multipliedReportingOverflow(by: unit)
            guard !o1 else { return nil }
            let frac = Int64((Double(fraction) / Double(scale) * Double(unit)).rounded(.down))
            let (t1, o2) = total.addingReportingOverflow(w)
            let (t2, o3) = t1.addingReportingOverflow(frac)
            guard !o2, !o3 else { return nil }
            total = t2
        }
        self.init(totalNanos: negative ? -total : total)
    }

    private static func unit(_ p: inout TextScanner) -> Int64? {
        if p.take("n") { return p.take("s") ? 1 : nil }
        if p.take("u") || p.take("µ") || p.take("μ") { return p.take("s") ? 1_000 : nil }
        if p.take("m") { return p.take("s") ? 1_000_000 : 60_000_000_000 }
        if p.take("s") { return 1_000_000_000 }
        if p.take("h") { return 3_600_000_000_000 }
        return nil
    }

    /// Seconds with the fraction only when needed: `3600s`, `1.5s`, `-0.25s`.
    public var formatted: String {
        if seconds >= 0 { return String(seconds) + fractionDigits(nanos) + "s" }
        if nanos == 0 { return String(seconds) + "s" }
        // floor form (-2 s + 0.5e9 ns) prints as -1.5s
        return "-" + String(-(seconds + 1)) + fractionDigits(1_000_000_000 - nanos) + "s"
    }
}
