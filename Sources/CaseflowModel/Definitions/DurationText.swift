import CaseflowRules

/// Durations as people write them in definitions: `30d`, `4h 30m`, `90s`, `1.5s`.
public enum DurationText {
    public static func human(_ d: CELDuration) -> String {
        let totalNanos = Double(d.seconds) * 1e9 + Double(d.nanos)
        if totalNanos == 0 { return "0s" }
        let negative = totalNanos < 0
        var seconds = abs(d.seconds < 0 ? -(d.seconds + (d.nanos > 0 ? 1 : 0)) : d.seconds)
        let nanos = d.seconds < 0 && d.nanos > 0 ? 1_000_000_000 - Int64(d.nanos) : Int64(d.nanos)
        var parts: [String] = []
        for (unit, size) in [("d", Int64(86_400)), ("h", 3_600), ("m", 60)] where seconds >= size {
            parts.append("\(seconds / size)\(unit)")
            seconds %= size
        }
        if seconds > 0 || nanos > 0 {
            if nanos == 0 {
                parts.append("\(seconds)s")
            } else {
                var fraction = String(String(nanos + 1_000_000_000).dropFirst())
                while fraction.hasSuffix("0") { fraction.removeLast() }
                parts.append("\(seconds).\(fraction)s")
            }
        }
        return (negative ? "-" : "") + parts.joined(separator: " ")
    }
}
