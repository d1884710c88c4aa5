/// RFC 3339 timestamps (`2026-03-02T09:00:00+08:00`, `…Z`, fractional seconds) to instants.
public enum RFC3339 {
    public static func parse(_ text: String) -> Instant? {
        let chars = Array(text.utf8)
        guard chars.count >= 20, chars[10] == UInt8(ascii: "T") || chars[10] == UInt8(ascii: "t") || chars[10] == UInt8(ascii: " "),
              let date = LocalDate(String(decoding: chars[0..<10], as: UTF8.self)),
              chars[13] == UInt8(ascii: ":"), chars[16] == UInt8(ascii: ":"),
              let h = number(chars[11..<13]), let m = number(chars[14..<16]), let s = number(chars[17..<19]),
              h < 24, m < 60, s < 61 else { return nil }
        var i = 19
        var millis = 0
        if i < chars.count, chars[i] == UInt8(ascii: ".") {
            i += 1
            var digits = 0
            while i < chars.count, let d = digit(chars[i]) {
                if digits < 3 { millis = millis * 10 + d }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            // Milliseconds: fewer digits are scaled up, further ones (microseconds, nanoseconds) dropped.
            if digits < 3 { for _ in digits..<3 { millis *= 10 } }
        }
        guard i < chars.count else { return nil }
        var offsetSeconds = 0
        if chars[i] == UInt8(ascii: "Z") || chars[i] == UInt8(ascii: "z") {
            guard i + 1 == chars.count else { return nil }
        } else {
            guard chars[i] == UInt8(ascii: "+") || chars[i] == UInt8(ascii: "-"), i + 6 == chars.count,
                  chars[i + 3] == UInt8(ascii: ":"),
                  let oh = number(chars[(i + 1)..<(i + 3)]), let om = number(chars[(i + 4)..<(i + 6)]),
                  oh < 24, om < 60 else { return nil }
            offsetSeconds = (oh * 3600 + om * 60) * (chars[i] == UInt8(ascii: "-") ? -1 : 1)
        }
        let days = Int64(date.dayNumber)
        let seconds = days * 86_400 + Int64(h * 3600 + m * 60 + s) - Int64(offsetSeconds)
        return Instant(millis: seconds * 1000 + Int64(millis))
    }

    private static func digit(_ c: UInt8) -> Int? {
        c >= 48 && c <= 57 ? Int(c - 48) : nil
    }

    private static func number(_ s: ArraySlice<UInt8>) -> Int? {
        var v = 0
        for c in s {
            guard let d = digit(c) else { return nil }
            v = v * 10 + d
        }
        return v
    }
}
