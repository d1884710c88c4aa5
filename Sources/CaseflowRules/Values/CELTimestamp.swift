/// An instant in UTC with nanosecond precision, in CEL's range (years 1 through 9999).
public struct CELTimestamp: Sendable, Hashable, Comparable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let seconds: Int64
    /// Always in 0..<1_000_000_000.
    public let nanos: Int32

    public static let minSeconds: Int64 = -62_135_596_800   // 0001-01-01T00:00:00Z
    public static let maxSeconds: Int64 = 253_402_300_799   // 9999-12-31T23:59:59Z

    /// nil when out of range.
    public init?(seconds: Int64, nanos: Int32 = 0) {
        guard nanos >= 0, nanos < 1_000_000_000,
              seconds >= Self.minSeconds, seconds <= Self.maxSeconds else { return nil }
        self.seconds = seconds
        self.nanos = nanos
    }

    public static func < (a: CELTimestamp, b: CELTimestamp) -> Bool {
        a.seconds != b.seconds ? a.seconds < b.seconds : a.nanos < b.nanos
    }

    /// Parses RFC 3339, e.g. `2026-03-01T09:30:00Z` or `2026-03-01T09:30:00.5+08:00`.
    public init?(rfc3339 text: String) {
        var p = TextScanner(text)
        guard let year = p.digits(4), p.take("-"), let month = p.digits(2), p.take("-"),
              let day = p.digits(2), p.take("T") || p.take("t"),
              let hour = p.digits(2), p.take(":"), let minute = p.digits(2), p.take(":"),
              let second = p.digits(2) else { return nil }
        var nanos: Int64 = 0
        if p.take(".") {
            var count = 0
            while let d = p.digit() {
                if count < 9 { nanos = nanos * 10 + Int64(d) }
                count += 1
            }
            guard count > 0 else { return nil }
            for _ in min(count, 9)..<9 { nanos *= 10 }
        }
        var offset: Int64 = 0
        if p.take("Z") || p.take("z") {
        } else if let sign = p.sign(), let oh = p.digits(2), p.take(":"), let om = p.digits(2) {
            guard oh < 24, om < 60 else { return nil }
            offset = sign * (oh * 3600 + om * 60)
        } else {
            return nil
        }
        guard p.atEnd, (1...12).contains(month), day >= 1, day <= Civil.daysInMonth(year, month),
              hour < 24, minute < 60, second < 60 else { return nil }
        let days = Civil.daysFromCivil(year: year, month: month, day: day)
        self.init(seconds: days * 86_400 + hour * 3600 + minute * 60 + second - offset, nanos: Int32(nanos))
    }

    /// RFC 3339 in UTC, fraction only when needed: `2026-03-01T01:30:00Z`.
    public var rfc3339: String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secOfDay = seconds - days * 86_400
        let (y, m, d) = Civil.civilFromDays(days)
        guard (0...9999).contains(y) else {
            var s = pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2) + "T"
            s += pad(secOfDay / 3600, 2) + ":" + pad(secOfDay / 60 % 60, 2) + ":" + pad(secOfDay % 60, 2)
            s += fractionDigits(nanos)
            return s + "Z"
        }
        // Written digit by digit into one buffer: API responses print several timestamps each.
        return String(unsafeUninitializedCapacity: 30) { out in
            var i = 0
            func put(_ v: Int64, _ width: Int) {
                var v = v
                for k in stride(from: width - 1, through: 0, by: -1) {
                    out[i + k] = UInt8(truncatingIfNeeded: 48 + v % 10)
                    v /= 10
                }
                i += width
            }
            func put(_ c: UInt8) { out[i] = c; i += 1 }
            put(y, 4); put(45); put(m, 2); put(45); put(d, 2); put(84)
            put(secOfDay / 3600, 2); put(58); put(secOfDay / 60 % 60, 2); put(58); put(secOfDay % 60, 2)
            if nanos > 0 {
                put(46)
                put(Int64(nanos), 9)
                while out[i - 1] == 48 { i -= 1 }
            }
            put(90)
            return i
        }
    }

    /// Broken-down UTC fields: (year, month 1-12, day 1-31, hour, minute, second, day of week 0=Sunday, day of year 0-based).
    var utcFields: (year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64, weekday: Int64, yearDay: Int64) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secOfDay = seconds - days * 86_400
        let (y, m, d) = Civil.civilFromDays(days)
        let weekday = ((days % 7) + 11) % 7   // 1970-01-01 was a Thursday
        let yearDay = days - Civil.daysFromCivil(year: y, month: 1, day: 1)
        return (y, m, d, secOfDay / 3600, secOfDay / 60 % 60, secOfDay % 60, weekday, yearDay)
    }
}

func pad(_ v: Int64, _ width: Int) -> String {
    let s = String(v)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

/// `.5`, `.123` …: the fraction of a second with trailing zeros removed, empty for zero.
func fractionDigits(_ nanos: Int32) -> String {
    guard nanos > 0 else { return "" }
    var digits = pad(Int64(nanos), 9)
    while digits.hasSuffix("0") { digits.removeLast() }
    return "." + digits
}

/// Proleptic Gregorian calendar arithmetic (H. Hinnant's days-from-civil algorithms).
enum Civil {
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func daysInMonth(_ y: Int64, _ m: Int64) -> Int64 {
        switch m {
        case 2: (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
