/// Working hours for each day of a regular week (an empty list: the day is off).
public struct WeeklyHours: Hashable, Sendable {
    /// Indexed by `Weekday.rawValue - 1`.
    private var days: [[HourRange]]

    public init(_ hours: [Weekday: [HourRange]] = [:]) {
        days = Weekday.allCases.map { HourRange.normalized(hours[$0] ?? []) }
    }

    public subscript(_ day: Weekday) -> [HourRange] {
        get { days[day.rawValue - 1] }
        set { days[day.rawValue - 1] = HourRange.normalized(newValue) }
    }

    /// A problem in one entry of `hours:`, in its key or in its value.
    public struct Issue: Hashable, Sendable, CustomStringConvertible {
        public enum Part: Hashable, Sendable { case key, hours }
        /// Position of the entry in the list given to `parse`.
        public let entry: Int
        public let part: Part
        public let error: TimeSyntaxError
        public var description: String { "entry \(entry) \(part): \(error)" }
    }

    /// Builds the week from the entries of `hours:` (`mon-fri: "09:00-12:00, 13:00-18:00"`),
    /// reporting every problem: bad keys, bad hours, and a day given by two entries
    /// (reported on the later entry's key).
    public static func parse(_ entries: [(key: String, hours: String)]) -> (WeeklyHours, [Issue]) {
        var week = WeeklyHours()
        var issues: [Issue] = []
        var seen: Set<Weekday> = []
        for (index, entry) in entries.enumerated() {
            var days: [Weekday] = []
            do {
                let named = try WeekdayKeyParser.parseWithOffsets(entry.key)
                days = named.map(\.day)
                if let again = named.first(where: { seen.contains($0.day) }) {
                    issues.append(Issue(entry: index, part: .key,
                                        error: TimeSyntaxError(.duplicateDay(again.day), at: again.offset)))
                }
            } catch {
                issues.append(Issue(entry: index, part: .key, error: error))
            }
            seen.formUnion(days)
            do {
                let ranges = try DayHoursParser.parse(entry.hours)
                for day in days where week[day].isEmpty { week[day] = ranges }
            } catch {
                issues.append(Issue(entry: index, part: .hours, error: error))
            }
        }
        return (week, issues)
    }

    /// Total working minutes of the week.
    public var weeklyMinutes: Int { days.reduce(0) { $0 + $1.reduce(0) { $0 + $1.minutes } } }

    /// The number of weekdays with any working hours.
    public var workingDayCount: Int { days.count(where: { !$0.isEmpty }) }

    public var isEmpty: Bool { workingDayCount == 0 }
}
