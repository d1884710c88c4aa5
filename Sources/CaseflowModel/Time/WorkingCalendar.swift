/// A working calendar: when work happens, in one time zone. Business-time arithmetic
/// (`addWorkingTime`, `workingTime`, `addBusinessDays`) is in `WorkingCalendar+Arithmetic.swift`.
///
/// A day's working hours are, in order of precedence: a make-up working day's hours, none on
/// a holiday, else the regular hours of its weekday. A make-up day given without hours works
/// the hours of a regular Monday, or if Monday is off, of the first weekday with hours.
public struct WorkingCalendar: Sendable, Hashable, CustomStringConvertible {
    public let id: String
    public let zone: TimeZoneRules
    public let weeklyHours: WeeklyHours
    public let holidays: Set<LocalDate>
    /// Make-up working days with their hours resolved (never empty unless no weekday has hours).
    public let makeUpDays: [LocalDate: [HourRange]]

    /// Day numbers of holidays and make-up days, ascending.
    let exceptionDays: [Int]
    /// Working milliseconds in a regular week without an offset change.
    let weeklyMillis: Int64
    /// Weekdays with working hours.
    let workingDaysPerWeek: Int
    let hasWorkingTime: Bool
    /// Every instant is working time (24x7 on a zone with a fixed offset, no exceptions).
    let isAlwaysWorking: Bool
    /// The same hours, laid out for the arithmetic's day-by-day walks.
    let table: DayTable
    /// The working intervals of the years the exceptions cover, with prefix sums (nil: none).
    let index: WorkingIndex?

    /// No search goes further than this many days (a little over 10 years) from its start.
    public static let searchHorizonDays = 3_660

    /// Instants the arithmetic accepts: 1900-01-03T00:00Z ..< 2199-12-29T00:00Z.
    public static let supportedRange: Range<Instant> =
        Instant(millis: TimeZoneRules.tabulated.lowerBound + 2 * 86_400_000)
        ..< Instant(millis: TimeZoneRules.tabulated.upperBound - 3 * 86_400_000)

    /// 24x7 in UTC: every hour counts, a business day is 24 hours.
    public static let allHours = WorkingCalendar(
        id: "all-hours", zone: .utc,
        weeklyHours: WeeklyHours(Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0, [HourRange.wholeDay]) })))

    /// - Parameters:
    ///   - holidays: dates with no working time (a range in YAML is expanded by the caller).
    ///   - makeUpDays: make-up working days with their hours; an empty list means "no hours
    ///     given": Monday's hours, or those of the first weekday with hours. A make-up day
    ///     replaces the regular hours of its weekday and wins over a holiday on the same date.
    ///     Ranges are sorted and overlapping ones merged.
    public init(id: String, zone: TimeZoneRules, weeklyHours: WeeklyHours,
                holidays: Set<LocalDate> = [], makeUpDays: [LocalDate: [HourRange]] = [:]) {
        self.init(id: id, zone: zone, weeklyHours: weeklyHours, holidays: holidays, makeUpDays: makeUpDays, indexed: true)
    }

    /// `indexed: false` leaves out the `WorkingIndex`, so that every answer comes from the
    /// day-by-day walk (the tests hold the two to each other).
    init(id: String, zone: TimeZoneRules, weeklyHours: WeeklyHours, holidays: Set<LocalDate>,
         makeUpDays: [LocalDate: [HourRange]], indexed: Bool) {
        self.id = id
        self.zone = zone
        self.weeklyHours = weeklyHours
        self.holidays = holidays
        // Regular hours, indexed by ISO weekday - 1.
        let regularDays = Weekday.allCases.map { weeklyHours[$0] }

        let defaultHours = weeklyHours[.monday].isEmpty
            ? (regularDays.first(where: { !$0.isEmpty }) ?? [])
            : weeklyHours[.monday]
        var resolved: [LocalDate: [HourRange]] = [:]
        for (date, hours) in makeUpDays {
            resolved[date] = hours.isEmpty ? defaultHours : HourRange.normalized(hours)
        }
        self.makeUpDays = resolved

        var exceptions: [Int: [HourRange]] = [:]
        for date in holidays { exceptions[date.dayNumber] = [] }
        for (date, hours) in resolved { exceptions[date.dayNumber] = hours }
        exceptionDays = exceptions.keys.sorted()

        weeklyMillis = Int64(weeklyHours.weeklyMinutes) * 60_000
        workingDaysPerWeek = weeklyHours.workingDayCount
        hasWorkingTime = weeklyMillis > 0 || resolved.values.contains { !$0.isEmpty }
        isAlwaysWorking = zone.isFixedOffset && exceptions.isEmpty
            && regularDays.allSatisfy { $0 == [HourRange.wholeDay] }
        table = DayTable(regularDays: regularDays, exceptions: exceptions, exceptionDays: exceptionDays)
        index = isAlwaysWorking || !indexed ? nil : WorkingIndex(table: table, zone: zone, exceptionDays: exceptionDays)
    }

    public var description: String { "calendar \(id) (\(zone))" }

    public static func == (a: WorkingCalendar, b: WorkingCalendar) -> Bool {
        a.id == b.id && a.zone == b.zone && a.weeklyHours == b.weeklyHours
            && a.holidays == b.holidays && a.makeUpDays == b.makeUpDays
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(zone)
    }

    /// The working hours of a date (empty: a day off).
    public func workingHours(on date: LocalDate) -> [HourRange] { Array(table.ranges[table.indices(onDay: date.dayNumber)]) }

    public func isWorkingDay(_ date: LocalDate) -> Bool { !workingHours(on: date).isEmpty }

    /// Whether `instant` lies in working time (an opening time counts, a closing time does not).
    /// False outside `supportedRange`.
    public func isWorking(at instant: Instant) -> Bool {
        guard Self.supportedRange.contains(instant) else { return false }
        if isAlwaysWorking { return true }
        let t = instant.millis
        let day = zone.localDay(at: t)
        // The next day too when its midnight came before `t` (clocks going back across midnight).
        let last = zone.utcMillis(day: day + 1, millisecondOfDay: 0) <= t ? day + 1 : day
        for d in day...last {
            for k in table.indices(onDay: d) {
                let range = table.ranges[k]
                if zone.utcMillis(day: d, millisecondOfDay: Int64(range.start) * 60_000) <= t,
                   t < zone.utcMillis(day: d, millisecondOfDay: Int64(range.end) * 60_000) {
                    return true
                }
            }
        }
        return false
    }

    // MARK: - Day lookup

    /// Whole weeks, from the start of `day`, that hold no holiday or make-up day.
    func weeksWithoutExceptions(from day: Int) -> Int {
        var low = 0, high = exceptionDays.count
        while low < high {
            let mid = (low + high) >> 1
            if exceptionDays[mid] < day { low = mid + 1 } else { high = mid }
        }
        return low < exceptionDays.count ? (exceptionDays[low] - day) / 7 : Int.max
    }

    /// Whole weeks, from the start of `day`, that are regular: no exception day, and no change
    /// of UTC offset near working hours, so each holds exactly `weeklyMillis` of working time.
    /// Looks no further than `limit` weeks.
    func regularWeeks(from day: Int, atMost limit: Int) -> Int {
        let weeks = min(weeksWithoutExceptions(from: day), limit)
        if zone.isFixedOffset || weeks == 0 { return weeks }
        // From just before midnight: a change at the very start of the day (a midnight that does
        // not exist) shortens that day.
        var after = zone.utcMillis(day: day, millisecondOfDay: 0) - 1
        var reach = 0
        // Offset changes at night (most of them) leave every working range its full length,
        // so the skip may cross them; look at a few, then stop before the next one.
        for _ in 0..<8 {
            guard let transition = zone.nextTransition(after: after) else { return weeks }
            reach = max(0, (zone.localDay(at: transition - 1) - day) / 7)
            if reach >= weeks || touchesWorkingHours(transition) { return min(reach, weeks) }
            after = transition
        }
        return min(reach, weeks)
    }

    /// Whether an offset change at `transition` falls in or next to working hours of the
    /// days around it (within the size of the change), which would change their length.
    private func touchesWorkingHours(_ transition: Int64) -> Bool {
        let change = abs(zone.offsetMillis(at: transition) - zone.offsetMillis(at: transition - 1))
        let first = zone.localDay(at: transition - change - 1), last = zone.localDay(at: transition + change)
        for day in (first - 1)...(last + 1) {
            for k in table.indices(onDay: day) {
                let range = table.ranges[k]
                let a = zone.utcMillis(day: day, millisecondOfDay: Int64(range.start) * 60_000)
                let b = zone.utcMillis(day: day, millisecondOfDay: Int64(range.end) * 60_000)
                if a - change <= transition, transition <= b + change { return true }
            }
        }
        return false
    }

    /// A day's working ranges without a dictionary lookup or an array per day: one flat list of
    /// ranges, a span (first index, count) per weekday, and a dense span per day from the first
    /// holiday or make-up day to the last (at most the ~110,000 days of the supported range).
    struct DayTable: Sendable {
        let ranges: [HourRange]
        /// By ISO weekday - 1: first index << 16 | count.
        let regular: [Int]
        let firstException: Int
        /// By day - `firstException`: first index << 16 | count, or -1 for a regular day.
        let exceptional: [Int]

        init(regularDays: [[HourRange]], exceptions: [Int: [HourRange]], exceptionDays: [Int]) {
            var ranges: [HourRange] = []
            func span(_ hours: [HourRange]) -> Int {
                defer { ranges += hours }
                return ranges.count << 16 | hours.count
            }
            regular = regularDays.map(span)
            firstException = exceptionDays.first ?? 0
            var exceptional = [Int](repeating: -1, count: exceptionDays.isEmpty ? 0 : exceptionDays[exceptionDays.count - 1] - firstException + 1)
            for day in exceptionDays { exceptional[day - firstException] = span(exceptions[day] ?? []) }
            self.exceptional = exceptional
            self.ranges = ranges
        }

        /// Indices into `ranges` of the day's working ranges, in order.
        @inline(__always)
        func indices(onDay day: Int) -> Range<Int> {
            let offset = day &- firstException
            var packed = -1
            if offset >= 0, offset < exceptional.count { packed = exceptional[offset] }
            if packed < 0 { packed = regular[CivilDays.isoWeekday(ofDayNumber: day) - 1] }
            return (packed >> 16) ..< (packed >> 16) + (packed & 0xFFFF)
        }
    }

    static let firstSupportedDay = Int(CivilDays.floorDiv(supportedRange.lowerBound.millis, 86_400_000)) + 1
    static let lastSupportedDay = Int(CivilDays.floorDiv(supportedRange.upperBound.millis, 86_400_000)) - 1
}
