import CaseflowModel

/// `--since`: an instant, or a calendar date taken at midnight in each workflow's calendar zone.
public enum ReportSince: Sendable, Equatable {
    case instant(Instant)
    case date(LocalDate)

    /// `2026-03-01` or an RFC 3339 timestamp; nil for anything else.
    public static func parse(_ text: String) -> ReportSince? {
        if let date = LocalDate(text) { return .date(date) }
        return RFC3339.parse(text).map { .instant($0) }
    }

    func instant(in zone: TimeZoneRules) -> Instant {
        switch self {
        case .instant(let i): return i
        case .date(let d): return zone.instant(of: d, minuteOfDay: 0)
        }
    }
}
