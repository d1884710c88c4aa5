import CaseflowModel

/// The length of a trend period: an ISO week (Monday to Sunday) or a calendar month, in the
/// workflow's zone.
public enum ReportPeriod: String, Sendable, CaseIterable {
    case week, month

    /// The first day of the period `date` falls in.
    func start(of date: LocalDate) -> LocalDate {
        switch self {
        case .week: return date.adding(days: 1 - date.weekday.rawValue)
        case .month: return LocalDate(year: date.year, month: date.month, day: 1)!
        }
    }

    /// The first day of the next period, from a period's first day.
    func next(after start: LocalDate) -> LocalDate {
        switch self {
        case .week: return start.adding(days: 7)
        case .month:
            return start.month == 12 ? LocalDate(year: start.year + 1, month: 1, day: 1)! : LocalDate(year: start.year, month: start.month + 1, day: 1)!
        }
    }

    /// `2026-W10` for a week (the ISO week-numbering year and week), `2026-03` for a month.
    func label(_ start: LocalDate) -> String {
        switch self {
        case .month: return String(start.description.prefix(7))
        case .week:
            let thursday = start.adding(days: 3)
            let firstOfYear = LocalDate(year: thursday.year, month: 1, day: 1)!
            let week = firstOfYear.days(to: thursday) / 7 + 1
            return "\(thursday.year)-W\(week < 10 ? "0" : "")\(week)"
        }
    }
}
