/// Business-time arithmetic. Within the years a calendar's holidays and make-up days cover, its
/// `WorkingIndex` answers with a few lookups; elsewhere the day-by-day walk below does (the
/// two give the same answers). Every search is bounded: it gives up with
/// `CalendarError.horizonExceeded` after `searchHorizonDays` days, and each walk does work
/// proportional to the days it crosses, skipping whole regular weeks at once.
extension WorkingCalendar {
    /// The instant itself if it is working time, else the next opening. An instant exactly at
    /// a closing time moves to the next opening (unless the next range opens at that instant).
    public func nextWorkingMoment(atOrAfter instant: Instant) throws(CalendarError) -> Instant {
        try addWorkingTime(0, to: instant)
    }

    /// `instant` plus `milliseconds` of working time ("N business hours"). Time outside working
    /// hours does not count. An amount that ends exactly at a closing time gives that closing
    /// time. A zero amount gives `nextWorkingMoment(atOrAfter:)`.
    public func addWorkingTime(_ milliseconds: Int64, to instant: Instant) throws(CalendarError) -> Instant {
        guard milliseconds >= 0 else { throw .negativeAmount }
        guard Self.supportedRange.contains(instant) else { throw .outOfRange(instant) }
        guard hasWorkingTime else { throw .noWorkingTime(calendar: id) }
        if isAlwaysWorking {
            guard milliseconds <= Int64(Self.searchHorizonDays) * 86_400_000 else {
                throw .horizonExceeded(calendar: id)
            }
            let result = instant + milliseconds
            guard Self.supportedRange.contains(result) else { throw .outOfRange(result) }
            return result
        }
        return Instant(millis: try advance(from: instant.millis, by: milliseconds))
    }

    /// Working time in [from, to), in milliseconds; 0 when `to <= from`. Instants outside
    /// `supportedRange` are clamped to it.
    public func workingTime(from: Instant, to: Instant) -> Int64 {
        let low = Self.supportedRange.lowerBound.millis, high = Self.supportedRange.upperBound.millis
        let start = min(max(from.millis, low), high), end = min(max(to.millis, low), high)
        guard end > start else { return 0 }
        if isAlwaysWorking { return end - start }
        if let index, index.covers(start), index.covers(end) { return index.workingTime(from: start, to: end) }
        var total: Int64 = 0
        var cursor = start
        var day = zone.localDay(at: start)
        var endDay = zone.localDay(at: end)
        // Where clocks go back across midnight (St. John's until 2010), `end` may show the
        // evening of the repeated hour while the next day's working time already began (its
        // midnight is the earlier of the two instants that show it): that day counts too.
        if zone.utcMillis(day: endDay + 1, millisecondOfDay: 0) < end { endDay += 1 }
        while day <= endDay {
            if weeklyMillis == 0 || endDay - day >= 7 {
                let dayStart = zone.utcMillis(day: day, millisecondOfDay: 0)
                if cursor <= dayStart {
                    let weeks = regularWeeks(from: day, atMost: (endDay - day) / 7)
                    if weeks > 0 {
                        total += Int64(weeks) * weeklyMillis
                        day += 7 * weeks
                        cursor = zone.utcMillis(day: day, millisecondOfDay: 0)
                        continue
                    }
                }
            }
            for k in table.indices(onDay: day) {
                let range = table.ranges[k]
                let a = max(zone.utcMillis(day: day, millisecondOfDay: Int64(range.start) * 60_000), cursor)
                let b = min(zone.utcMillis(day: day, millisecondOfDay: Int64(range.end) * 60_000), end)
                if b > a {
                    total += b - a
                    cursor = b
                }
            }
            day += 1
        }
        return total
    }

    /// "N business days": the same working moment (local time of day) `days` working days
    /// later. A start outside working time first moves to the next working moment. If that
    /// time of day is not working time on the target day (a shorter day, a time in a DST gap),
    /// the result is the next working moment after it. Zero days gives the next working moment.
    public func addBusinessDays(_ days: Int, to instant: Instant) throws(CalendarError) -> Instant {
        guard days >= 0 else { throw .negativeAmount }
        let first = try nextWorkingMoment(atOrAfter: instant)
        if days == 0 { return first }
        if isAlwaysWorking {
            guard days <= Self.searchHorizonDays else { throw .horizonExceeded(calendar: id) }
            let result = first + Int64(days) * 86_400_000
            guard Self.supportedRange.contains(result) else { throw .outOfRange(result) }
            return result
        }
        let startDay = zone.localDay(at: first.millis)
        let timeOfDay = zone.localMillis(at: first.millis) - Int64(startDay) * 86_400_000
        let lastDay = min(startDay + Self.searchHorizonDays, Self.lastSupportedDay)
        var day = startDay
        var counted = 0
        if let index, let found = index.workingDay(days, after: startDay) {
            day = found
            counted = days
        }
        while counted < days {
            let left = days - counted
            if workingDaysPerWeek == 0 || left > workingDaysPerWeek {
                var weeks = min(weeksWithoutExceptions(from: day + 1), (lastDay - day) / 7)
                if workingDaysPerWeek > 0 { weeks = min(weeks, (left - 1) / workingDaysPerWeek) }
                if weeks > 0 {
                    day += 7 * weeks
                    counted += weeks * workingDaysPerWeek
                    continue
                }
            }
            day += 1
            guard day <= lastDay else { throw exhausted(day) }
            if !table.indices(onDay: day).isEmpty { counted += 1 }
        }
        let target = zone.utcMillis(day: day, millisecondOfDay: timeOfDay)
        for k in table.indices(onDay: day) {
            let range = table.ranges[k]
            if zone.utcMillis(day: day, millisecondOfDay: Int64(range.start) * 60_000) <= target,
               target < zone.utcMillis(day: day, millisecondOfDay: Int64(range.end) * 60_000) {
                return Instant(millis: target)
            }
        }
        return try nextWorkingMoment(atOrAfter: Instant(millis: target))
    }

    /// Walks working intervals from `start`, consuming `amount` ms of working time.
    private func advance(from start: Int64, by amount: Int64) throws(CalendarError) -> Int64 {
        if let index, index.covers(start), let end = index.advance(from: start, by: amount) { return end }
        var remaining = amount
        var cursor = start
        var day = zone.localDay(at: start)
        let lastDay = min(day + Self.searchHorizonDays, Self.lastSupportedDay)
        while day <= lastDay {
            if weeklyMillis == 0 || remaining > weeklyMillis {
                let dayStart = zone.utcMillis(day: day, millisecondOfDay: 0)
                if cursor <= dayStart {
                    var limit = (lastDay + 1 - day) / 7
                    if weeklyMillis > 0 { limit = min(limit, Int((remaining - 1) / weeklyMillis)) }
                    let weeks = regularWeeks(from: day, atMost: limit)
                    if weeks > 0 {
                        remaining -= Int64(weeks) * weeklyMillis
                        day += 7 * weeks
                        cursor = zone.utcMillis(day: day, millisecondOfDay: 0)
                        continue
                    }
                }
            }
            for k in table.indices(onDay: day) {
                let range = table.ranges[k]
                let b = zone.utcMillis(day: day, millisecondOfDay: Int64(range.end) * 60_000)
                if b <= cursor { continue }
                let a = max(zone.utcMillis(day: day, millisecondOfDay: Int64(range.start) * 60_000), cursor)
                guard b > a else { continue }
                if remaining <= b - a { return a + remaining }
                remaining -= b - a
                cursor = b
            }
            day += 1
        }
        throw exhausted(day)
    }

    private func exhausted(_ day: Int) -> CalendarError {
        day > Self.lastSupportedDay
            ? .outOfRange(Self.supportedRange.upperBound)
            : .horizonExceeded(calendar: id)
    }
}
