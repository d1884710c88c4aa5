import CaseflowModel
import CaseflowRules

/// Instants as history writes them: RFC 3339 in UTC with milliseconds, `2026-03-02T01:00:00.000Z`.
public enum InstantText {
    public static func format(_ instant: Instant) -> String {
        local(instant, offsetSeconds: 0, separator: "T") + "Z"
    }

    /// Accepts any RFC 3339 form (offsets, fewer or more fraction digits).
    public static func parse(_ text: String) -> Instant? {
        RFC3339.parse(text)
    }

    /// `2026-03-02 09:00:00 +08:00` on a clock `offsetSeconds` ahead of UTC, for people to read.
    public static func readable(_ instant: Instant, zone: TimeZoneRules) -> String {
        let offset = zone.offset(at: instant)
        let sign = offset < 0 ? "-" : "+"
        let a = abs(offset)
        return local(instant, offsetSeconds: offset, separator: " ", millis: false)
            + " \(sign)\(pad(a / 3600, 2)):\(pad(a / 60 % 60, 2))"
    }

    private static func local(_ instant: Instant, offsetSeconds: Int, separator: String, millis: Bool = true) -> String {
        let ms = instant.millis + Int64(offsetSeconds) * 1000
        let day = ms >= 0 ? ms / 86_400_000 : (ms - 86_399_999) / 86_400_000
        let ofDay = Int(ms - day * 86_400_000)
        let date = LocalDate(dayNumber: Int(day))
        var s = pad(date.year, 4) + "-" + pad(date.month, 2) + "-" + pad(date.day, 2) + separator
        s += pad(ofDay / 3_600_000, 2) + ":" + pad(ofDay / 60_000 % 60, 2) + ":" + pad(ofDay / 1000 % 60, 2)
        if millis { s += "." + pad(ofDay % 1000, 3) }
        return s
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}

extension InstantText {
    /// `format(instant)` appended as UTF-8 bytes, without building its parts as strings (events
    /// write several instants each).
    static func append(_ instant: Instant, to out: inout [UInt8]) {
        let ms = instant.millis
        let day = ms >= 0 ? ms / 86_400_000 : (ms - 86_399_999) / 86_400_000
        let ofDay = Int(ms - day * 86_400_000)
        let date = LocalDate(dayNumber: Int(day))
        guard (0...9999).contains(date.year) else {
            out.append(contentsOf: format(instant).utf8)
            return
        }
        func put(_ n: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var n = n
            while divisor > 0 {
                out.append(UInt8(truncatingIfNeeded: 48 + n / divisor))
                n %= divisor
                divisor /= 10
            }
        }
        put(date.year, 4); out.append(45)  // -
        put(date.month, 2); out.append(45)
        put(date.day, 2); out.append(84)  // T
        put(ofDay / 3_600_000, 2); out.append(58)  // :
        put(ofDay / 60_000 % 60, 2); out.append(58)
        put(ofDay / 1000 % 60, 2); out.append(46)  // .
        put(ofDay % 1000, 3); out.append(90)  // Z
    }
}

extension JSONWriter {
    /// An instant as history writes it, `"2026-03-02T01:00:00.000Z"`, or null.
    mutating func instantText(_ t: Instant?) {
        guard let t else { raw("null"); return }
        bytes.append(0x22)
        InstantText.append(t, to: &bytes)
        bytes.append(0x22)
    }
}
