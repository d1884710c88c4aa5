/// Why business-time arithmetic on a `WorkingCalendar` has no answer.
public enum CalendarError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The calendar has no working time at all (no weekly hours and no make-up working day).
    case noWorkingTime(calendar: String)
    /// No answer within `WorkingCalendar.searchHorizonDays` days of the start
    /// (for instance, holidays cover everything that follows).
    case horizonExceeded(calendar: String)
    /// An amount of working time or of business days below zero.
    case negativeAmount
    /// An instant outside `WorkingCalendar.supportedRange` (1900 ..< 2200).
    case outOfRange(Instant)

    public var description: String {
        switch self {
        case .noWorkingTime(let id): "calendar \(id) has no working time"
        case .horizonExceeded(let id): "calendar \(id) has no answer within 10 years"
        case .negativeAmount: "the amount of business time must not be negative"
        case .outOfRange(let instant): "instant \(instant.millis) ms is outside the years 1900 to 2199"
        }
    }
}
