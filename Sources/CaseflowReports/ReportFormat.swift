/// The forms a report is printed in.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json, csv, html

    public func render(_ report: Report) -> String {
        switch self {
        case .text: return ReportText.render(report)
        case .json: return ReportJSON.render(report)
        case .csv: return ReportCSV.render(report)
        case .html: return ReportHTML.render(report)
        }
    }
}

/// Shared number formatting: fixed decimals, independent of the locale.
public enum Numbers {
    /// Working hours with one decimal: `7.5`.
    static func hours(_ millis: Int64) -> String { fixed(Double(millis) / 3_600_000, 1) }

    /// Business days of `dayMillis` working time, one decimal: `12.5 bd`.
    static func businessDays(_ millis: Int64, _ dayMillis: Int64) -> String {
        fixed(Double(millis) / Double(max(1, dayMillis)), 1) + " bd"
    }

    /// Calendar days, one decimal: `30.2 d`.
    static func days(_ millis: Int64) -> String { fixed(Double(millis) / 86_400_000, 1) + " d" }

    static func fixed(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "-" : value < 0 ? "-∞" : "∞" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        // Beyond what 64-bit integers hold (a field of 1e19, say): Swift's own shortest form,
        // `1e+19`, rather than a trap that took the daemon down with the page that showed it.
        guard abs(value) * scale < 9e18 else { return "\(value)" }
        let scaled = Int64((abs(value) * scale).rounded())
        let whole = scaled / Int64(scale), fraction = scaled % Int64(scale)
        let sign = value < 0 && scaled != 0 ? "-" : ""
        guard decimals > 0 else { return "\(sign)\(whole)" }
        let digits = String(fraction)
        return "\(sign)\(whole).\(String(repeating: "0", count: decimals - digits.count))\(digits)"
    }

    /// Thousands grouped with commas: `1,250,000`.
    public static func grouped(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (value < 0 ? "-" : "") + out
    }

    static func percent(_ value: Double?) -> String { value.map { fixed($0, 1) + "%" } ?? "-" }
}
