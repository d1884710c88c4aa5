/// A calendar's working time laid out once, for the years its holidays and make-up days cover:
/// every working range of every day as a UTC interval, in order, with the working time before
/// each (a prefix sum) and a running count of working days. With it, the arithmetic answers by
/// binary search instead of walking day by day: an SLA start on a business-days target (the
/// moment N working days on, the working time to it, the warning) costs a few lookups.
///
/// It holds exactly what the day-by-day walk reads (the same ranges, turned into instants by the
/// same zone arithmetic), so the answers are the same; a property test holds the two to each
/// other over thousands of seeded intervals on calendars with daylight saving, holidays and
/// make-up days. Outside its span, or for a calendar whose intervals would not be strictly in
/// order (a zone change that folds one working range over another), the walk answers.
final class WorkingIndex: Sendable {
    /// Local day numbers covered: `firstDay ... lastDay`.
    let firstDay: Int
    let lastDay: Int
    /// Working intervals `[starts[k], ends[k])` in UTC milliseconds, disjoint and ascending.
    let starts: [Int64]
    let ends: [Int64]
    /// Working milliseconds before interval `k` (within the span); `count + 1` entries.
    let before: [Int64]
    /// UTC midnight before the first interval, and by whole UTC days from it, the index of the
    /// first interval that ends after that midnight: where a search for an instant starts.
    let origin: Int64
    let firstOfDay: [Int32]
    /// Working days among `firstDay ..< firstDay + i`; `days + 1` entries.
    let workdaysBefore: [Int32]
    /// Instants the answers may start from and reach: a day inside each end of the span.
    let low: Int64
    let high: Int64

    /// Days on each side of the exception span the index also covers, and at most this many days
    /// in all (less than the walk's search horizon, so an answer found in the index is one the
    /// walk would find too).
    static let margin = 400
    static let maxDays = 3_000

    /// Nil when the calendar has no exception days (its regular weeks are skipped whole by the
    /// walk) or when its intervals are not strictly ordered.
    init?(table: WorkingCalendar.DayTable, zone: TimeZoneRules, exceptionDays: [Int]) {
        guard let first = exceptionDays.first, let last = exceptionDays.last else { return nil }
        let firstDay = max(first - Self.margin, WorkingCalendar.firstSupportedDay + 2)
        let lastDay = min(last + Self.margin, firstDay + Self.maxDays - 1, WorkingCalendar.lastSupportedDay - 2)
        guard lastDay - firstDay >= 4 else { return nil }
        var starts: [Int64] = [], ends: [Int64] = [], before: [Int64] = [0]
        var workdays: [Int32] = [0]
        workdays.reserveCapacity(lastDay - firstDay + 2)
        var total: Int64 = 0, counted: Int32 = 0
        for day in firstDay...lastDay {
            let indices = table.indices(onDay: day)
            if !indices.isEmpty { counted += 1 }
            workdays.append(counted)
            for k in indices {
                let range = table.ranges[k]
                let a = zone.utcMillis(day: day, millisecondOfDay: Int64(range.start) * 60_000)
                let b = zone.utcMillis(day: day, millisecondOfDay: Int64(range.end) * 60_000)
                guard b > a else { continue }
                // Strictly after the one before: the walk and the index then count the same time.
                if let previous = ends.last, a < previous { return nil }
                starts.append(a)
                ends.append(b)
                total += b - a
                before.append(total)
            }
        }
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.starts = starts
        self.ends = ends
        self.before = before
        self.workdaysBefore = workdays
        // A local day lies within a day of the UTC day of the same number.
        let origin = Int64(firstDay - 1) * 86_400_000
        var firstOfDay: [Int32] = []
        firstOfDay.reserveCapacity(lastDay - firstDay + 4)
        var k = 0
        var midnight = origin
        while midnight <= Int64(lastDay + 2) * 86_400_000 {
            while k < ends.count, ends[k] <= midnight { k += 1 }
            firstOfDay.append(Int32(k))
            midnight += 86_400_000
        }
        self.origin = origin
        self.firstOfDay = firstOfDay
        low = zone.utcMillis(day: firstDay + 1, millisecondOfDay: 0)
        high = zone.utcMillis(day: lastDay - 1, millisecondOfDay: 0)
    }

    /// Whether `t` lies where the index answers.
    @inline(__always)
    func covers(_ t: Int64) -> Bool { t >= low && t <= high }

    /// The first interval that ends after `t` (`count` if none). The intervals of a local day
    /// lie within a day of its UTC day, so the search starts from the first interval of the day
    /// before `t`'s UTC day and steps forward over a handful.
    @inline(__always)
    private func firstEnding(after t: Int64) -> Int {
        let day = Int((t &- origin) / 86_400_000) - 1
        var k = day <= 0 ? 0 : Int(firstOfDay[min(day, firstOfDay.count - 1)])
        while k < ends.count, ends[k] <= t { k += 1 }
        return k
    }

    /// The first `j` in `from...` with `before[j + 1] >= target` (`count` if none): galloping
    /// from `from`, since the answer is usually a few intervals on.
    @inline(__always)
    private func firstReaching(_ target: Int64, from: Int) -> Int {
        Self.gallop(from: from, end: starts.count) { before[$0 + 1] < target }
    }

    /// The first `i` in `from..<end` for which `below(i)` is false (`end` if none), `below` being
    /// true up to some point and false after it: steps of 1, 2, 4… from `from`, then a binary
    /// search in the last step.
    @inline(__always)
    private static func gallop(from: Int, end: Int, below: (Int) -> Bool) -> Int {
        var lo = from, hi = from, step = 1
        while hi < end, below(hi) {
            lo = hi + 1
            hi = min(hi + step, end)
            step <<= 1
        }
        while lo < hi {
            let mid = (lo + hi) >> 1
            if below(mid) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Working time from the start of the span to `t`.
    @inline(__always)
    func workingBefore(_ t: Int64) -> Int64 {
        let k = firstEnding(after: t)
        guard k < starts.count else { return before[k] }
        return before[k] + max(0, t - starts[k])
    }

    /// Working time in `[from, to)`, both covered, `from <= to`.
    func workingTime(from: Int64, to: Int64) -> Int64 { workingBefore(to) - workingBefore(from) }

    /// `start` plus `amount` of working time (an amount that ends at a closing time gives that
    /// closing time; zero gives the next working moment); nil when the answer lies past the span.
    func advance(from start: Int64, by amount: Int64) -> Int64? {
        let k = firstEnding(after: start)
        guard k < starts.count else { return nil }
        let done = before[k] + max(0, start - starts[k])
        // More than the span holds (this also keeps the sum below from overflowing).
        guard amount <= before[starts.count] - done else { return nil }
        let target = done + amount
        // The first interval j >= k whose end reaches the target.
        let lo = firstReaching(target, from: k)
        guard lo < starts.count else { return nil }
        let result = starts[lo] + (target - before[lo])
        return result <= high ? result : nil
    }

    /// The day `days` working days after `day` (both local day numbers); nil outside the span.
    func workingDay(_ days: Int, after day: Int) -> Int? {
        guard day >= firstDay + 1, day <= lastDay - 2 else { return nil }
        let already = Int(workdaysBefore[day + 1 - firstDay])
        guard days <= Int(workdaysBefore[workdaysBefore.count - 1]) - already else { return nil }
        let wanted = already + days
        // The first day d > day with workdaysBefore[d + 1 - firstDay] == wanted: galloping from
        // `day`, since the answer is usually a few days on.
        let lo = Self.gallop(from: day + 1 - firstDay, end: workdaysBefore.count - 1) { Int(workdaysBefore[$0 + 1]) < wanted }
        let found = firstDay + lo
        guard lo < workdaysBefore.count - 1, Int(workdaysBefore[lo + 1]) == wanted, found <= lastDay - 2 else { return nil }
        return found
    }
}
