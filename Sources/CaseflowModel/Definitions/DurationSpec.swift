/// A length of time as definitions write it: elapsed time, or working time on a calendar.
public enum DurationSpec: Hashable, Sendable, CustomStringConvertible {
    /// Wall-clock time: `45m`, `1d 4h`, `P2DT4H` (`d` is 24 hours, `w` 7 days).
    case elapsed(millis: Int64)
    /// `N business hours` (or minutes): only working time of the calendar counts.
    case businessTime(millis: Int64)
    /// `N business days`: the same working moment N working days later.
    case businessDays(Int)

    public var isBusiness: Bool {
        if case .elapsed = self { return false }
        return true
    }

    public var description: String {
        switch self {
        case .elapsed(let ms): return Self.compact(ms)
        case .businessTime(let ms):
            if ms % 3_600_000 == 0 {
                let h = ms / 3_600_000
                return "\(h) business hour\(h == 1 ? "" : "s")"
            }
            let m = ms / 60_000
            return "\(m) business minute\(m == 1 ? "" : "s")"
        case .businessDays(let n): return "\(n) business day\(n == 1 ? "" : "s")"
        }
    }

    /// `1d 4h`-style text for a number of milliseconds.
    public static func compact(_ millis: Int64) -> String {
        if millis == 0 { return "0s" }
        var rest = millis
        var parts: [String] = []
        for (unit, size) in [("w", Int64(604_800_000)), ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000)] {
            if rest >= size, unit != "w" || rest % size == 0 {
                parts.append("\(rest / size)\(unit)")
                rest %= size
            }
        }
        if rest > 0 { parts.append("\(rest)ms") }
        return parts.joined(separator: " ")
    }

    public static let syntaxHelp = "write e.g. 45m, 4h, 1d 4h, P2DT4H, 4 business hours or 5 business days"

    /// Parses the forms of dsl.md; nil when the text is none of them.
    public static func parse(_ text: String) -> DurationSpec? {
        let t = text.trimmingWhitespace().lowercased()
        if t.isEmpty { return nil }
        if let business = parseBusiness(t) { return business }
        if t.hasPrefix("p") { return parseISO(t).map { .elapsed(millis: $0) } }
        return parseCompact(t).map { .elapsed(millis: $0) }
    }

    private static func parseBusiness(_ t: String) -> DurationSpec? {
        let words = t.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count == 3, words[1] == "business", let amount = Double(words[0]), amount >= 0,
              amount.isFinite, amount < 1e9 else { return nil }
        switch words[2] {
        case "day", "days":
            guard amount == amount.rounded() else { return nil }
            return .businessDays(Int(amount))
        case "hour", "hours": return .businessTime(millis: Int64((amount * 3_600_000).rounded()))
        case "minute", "minutes": return .businessTime(millis: Int64((amount * 60_000).rounded()))
        default: return nil
        }
    }

    /// `45m`, `1d 4h`, `1h30m`, `90s`.
    private static func parseCompact(_ t: String) -> Int64? {
        var total: Int64 = 0
        var number = ""
        var sawUnit = false
        for ch in t + " " {
            if ch.isNumber || ch == "." {
                number.append(ch)
            } else if ch == " " {
                if !number.isEmpty { return nil }  // a number without a unit
            } else {
                guard let value = Double(number), let size = unitMillis(ch) else { return nil }
                let ms = value * Double(size)
                guard ms.isFinite, ms < 1e15 else { return nil }
                total += Int64(ms.rounded())
                number = ""
                sawUnit = true
            }
        }
        return sawUnit ? total : nil
    }

    private static func unitMillis(_ ch: Character) -> Int64? {
        switch ch {
        case "s": return 1000
        case "m": return 60_000
        case "h": return 3_600_000
        case "d": return 86_400_000
        case "w": return 604_800_000
        default: return nil
        }
    }

    /// ISO 8601 durations of fixed length: `PnW`, `PnDTnHnMnS`. Years and months have no fixed length.
    private static func parseISO(_ t: String) -> Int64? {
        var total: Int64 = 0
        var number = ""
        var inTime = false
        var sawPart = false
        for ch in t.dropFirst() {
            if ch.isNumber || ch == "." || ch == "," {
                number.append(ch == "," ? "." : ch)
                continue
            }
            if ch == "t" {
                guard number.isEmpty, !inTime else { return nil }
                inTime = true
                continue
            }
            guard let value = Double(number) else { return nil }
            let size: Int64
            switch (ch, inTime) {
            case ("w", false): size = 604_800_000
            case ("d", false): size = 86_400_000
            case ("h", true): size = 3_600_000
            case ("m", true): size = 60_000
            case ("s", true): size = 1000
            default: return nil
            }
            let ms = value * Double(size)
            guard ms.isFinite, ms < 1e15 else { return nil }
            total += Int64(ms.rounded())
            number = ""
            sawPart = true
        }
        return sawPart && number.isEmpty ? total : nil
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
