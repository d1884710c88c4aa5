import Foundation
import Testing
@testable import CaseflowModel

/// Properties over thousands of seeded random starts and amounts.
@Suite struct CalendarPropertyTests {
    static let calendars: [WorkingCalendar] = [
        TimeFixtures.cnOffice,
        TimeFixtures.office(TimeFixtures.berlin, holidays: [LocalDate("2026-12-24")!, LocalDate("2026-12-25")!,
                                                            LocalDate("2027-04-02")!, LocalDate("2026-05-01")!]),
        TimeFixtures.office(TimeFixtures.newYork),
        TimeFixtures.roundTheClock(TimeFixtures.berlin),
        WorkingCalendar(id: "night", zone: TimeFixtures.berlin,
                        weeklyHours: TimeFixtures.week([("sat,sun", "01:00-05:00, 22:00-24:00"), ("wed", "00:00-24:00")])),
        WorkingCalendar.allHours,
        // Daylight saving at local midnight (Santiago) and by half an hour (Lord Howe).
        WorkingCalendar(id: "santiago", zone: TimeZoneRules(identifier: "America/Santiago")!,
                        weeklyHours: TimeFixtures.week([("mon-sat", "00:00-06:00, 20:00-24:00"), ("sun", "00:00-24:00")]),
                        holidays: [LocalDate("2026-09-18")!]),
        WorkingCalendar(id: "lord-howe", zone: TimeZoneRules(identifier: "Australia/Lord_Howe")!,
                        weeklyHours: TimeFixtures.week([("mon-fri", "01:00-03:00, 09:00-17:00")])),
    ]

    /// 2025-06 .. 2028-06, so that several DST changes and all cn-office exceptions are crossed.
    static func randomStart(_ rng: inout SplitMix64) -> Instant {
        var millis = 1_748_736_000_000 + rng.below(3 * 365 * TimeFixtures.day)
        if rng.below(3) == 0 { millis -= millis % TimeFixtures.hour }  // often on whole hours
        return Instant(millis: millis)
    }

    static func randomAmount(_ rng: inout SplitMix64) -> Int64 {
        switch rng.below(4) {
        case 0: rng.below(4 * TimeFixtures.hour)
        case 1: rng.below(40) * TimeFixtures.hour
        case 2: rng.below(3000 * TimeFixtures.hour)
        default: rng.below(200) * 15 * TimeFixtures.minute
        }
    }

    @Test(arguments: 0..<calendars.count)
    func addedWorkingTimeIsMeasuredBack(_ index: Int) throws {
        let cal = Self.calendars[index]
        var rng = SplitMix64(seed: 0xCA5E + UInt64(index))
        for _ in 0..<2_000 {
            let start = Self.randomStart(&rng)
            let amount = Self.randomAmount(&rng)
            let end = try cal.addWorkingTime(amount, to: start)
            #expect(end >= start)
            #expect(cal.workingTime(from: start, to: end) == amount, "\(cal.id) \(start.millis) + \(amount)")
            if amount > 0 {
                #expect(cal.isWorking(at: end + -1), "\(cal.id) \(start.millis) + \(amount)")
            } else {
                #expect(cal.isWorking(at: end))
            }
        }
    }

    @Test(arguments: 0..<calendars.count)
    func addIsMonotonicInTheAmountAndAdditive(_ index: Int) throws {
        let cal = Self.calendars[index]
        var rng = SplitMix64(seed: 0xBEEF + UInt64(index))
        for _ in 0..<1_500 {
            let start = Self.randomStart(&rng)
            let a = Self.randomAmount(&rng), b = Self.randomAmount(&rng)
            let (small, large) = (min(a, b), max(a, b))
            let r1 = try cal.addWorkingTime(small, to: start)
            let r2 = try cal.addWorkingTime(large, to: start)
            #expect(r1 <= r2)
            if small > 0 {
                // Adding in two steps gives the same instant as adding at once.
                #expect(try cal.addWorkingTime(large - small, to: r1) == r2
                        || large == small, "\(cal.id) \(start.millis) \(small) \(large)")
            }
            let mid = Instant(millis: start.millis + rng.below(max(1, r2 - start + 1)))
            #expect(cal.workingTime(from: start, to: mid) + cal.workingTime(from: mid, to: r2) == large)
        }
    }

    @Test(arguments: 0..<calendars.count)
    func businessDaysMoveForwardToWorkingTime(_ index: Int) throws {
        let cal = Self.calendars[index]
        var rng = SplitMix64(seed: 0xDA75 + UInt64(index))
        for _ in 0..<1_500 {
            let start = Self.randomStart(&rng)
            let n = Int(rng.below(rng.below(4) == 0 ? 400 : 12))
            let first = try cal.nextWorkingMoment(atOrAfter: start)
            let result = try cal.addBusinessDays(n, to: start)
            #expect(first >= start)
            #expect(result >= first)
            #expect(cal.isWorking(at: result))
            #expect(try cal.addBusinessDays(n + 1, to: start) >= result)
            if n > 0 {
                #expect(cal.workingTime(from: first, to: result) > 0)
            }
        }
    }

    @Test func businessDaysKeepTheTimeOfDayOnUniformCalendars() throws {
        let cal = Self.calendars[1]
        var rng = SplitMix64(seed: 42)
        for _ in 0..<2_000 {
            let start = Self.randomStart(&rng)
            let n = Int(rng.below(300)), m = Int(rng.below(20))
            let first = try cal.nextWorkingMoment(atOrAfter: start)
            let result = try cal.addBusinessDays(n, to: start)
            #expect(cal.zone.localDateTime(of: result).millisecondOfDay
                    == cal.zone.localDateTime(of: first).millisecondOfDay)
            #expect(try cal.addBusinessDays(m, to: result) == cal.addBusinessDays(n + m, to: start))
            // Counting working dates in between, one by one, gives n.
            let from = cal.zone.localDateTime(of: first).date, to = cal.zone.localDateTime(of: result).date
            let counted = (from.dayNumber + 1...max(from.dayNumber + 1, to.dayNumber)).filter {
                cal.isWorkingDay(LocalDate(dayNumber: $0))
            }.count
            #expect(counted == n || (n == 0 && counted <= 1))
        }
    }

    @Test(arguments: [0, 1, 2])
    func workingTimeAgreesWithFoundationCalendar(_ index: Int) {
        let cal = Self.calendars[index]
        var rng = SplitMix64(seed: 99 + UInt64(index))
        for _ in 0..<300 {
            let a = Self.randomStart(&rng)
            let b = Instant(millis: a.millis + rng.below(rng.below(2) == 0 ? 20 * TimeFixtures.day : 400 * TimeFixtures.day))
            #expect(cal.workingTime(from: a, to: b) == ReferenceCalendar.workingTime(cal, from: a, to: b))
        }
    }

    @Test func resultsDoNotDependOnTheMachineZone() throws {
        // The arithmetic never reads the process zone; compare against fixed UTC figures.
        let cal = TimeFixtures.cnOffice
        let start = Instant(seconds: 1_770_966_000)  // 2026-02-13T07:00Z = 15:00 in Shanghai
        #expect(try cal.addBusinessDays(2, to: start) == Instant(seconds: 1_771_916_400))  // 2026-02-24T07:00Z
        #expect(try cal.addWorkingTime(3 * TimeFixtures.hour, to: start) == Instant(seconds: 1_770_976_800))
    }

    /// An SLA of N business days: its budget is the working time to the day N working days on,
    /// and that budget added back (a closing time moved to the next opening) is that same moment.
    /// The engine relies on this to take an SLA's deadline from the one walk that finds its budget.
    @Test(arguments: 0..<calendars.count)
    func businessDaysBudgetAddedBackIsTheTargetMoment(_ index: Int) throws {
        let cal = Self.calendars[index]
        var rng = SplitMix64(seed: 0xB0D6 + UInt64(index))
        for _ in 0..<2_000 {
            let start = try cal.nextWorkingMoment(atOrAfter: Self.randomStart(&rng))
            let n = Int(rng.below(30))
            let end = try cal.addBusinessDays(n, to: start)
            let budget = cal.workingTime(from: start, to: end)
            var back = try cal.addWorkingTime(budget, to: start)
            if !cal.isWorking(at: back) { back = try cal.nextWorkingMoment(atOrAfter: back) }
            #expect(back == end, "\(cal.id) \(start.millis) + \(n) business days")
        }
    }
}

/// A slow, independent reckoning of working time with Foundation's `Calendar`, for
/// calendars whose hours never fall into a daylight-saving gap.
enum ReferenceCalendar {
    static func workingTime(_ cal: WorkingCalendar, from: Instant, to: Instant) -> Int64 {
        guard to > from else { return 0 }
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = TimeZone(identifier: cal.zone.identifier)!
        let first = gregorian.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(from.millis) / 1000))
        var day = LocalDate(year: first.year!, month: first.month!, day: first.day!)!.adding(days: -1)
        var total: Int64 = 0
        while true {
            var components = DateComponents(year: day.year, month: day.month, day: day.day)
            let dayStart = gregorian.date(from: components)!
            if Int64((dayStart.timeIntervalSince1970 * 1000).rounded()) >= to.millis { break }
            for range in cal.workingHours(on: day) {
                (components.hour, components.minute) = (range.start / 60, range.start % 60)
                let a = Int64((gregorian.date(from: components)!.timeIntervalSince1970 * 1000).rounded())
                (components.hour, components.minute) = (range.end / 60, range.end % 60)
                let b = Int64((gregorian.date(from: components)!.timeIntervalSince1970 * 1000).rounded())
                let lo = max(a, from.millis), hi = min(b, to.millis)
                if hi > lo { total += hi - lo }
            }
            day = day.adding(days: 1)
        }
        return total
    }
}

/// The same calendar with every day from 2025 to 2030 written out as an exception, so that
/// no week can be skipped: differential tests of the week-skipping fast paths.
@Suite struct WeekSkippingDifferentialTests {
    static func dayByDay(_ cal: WorkingCalendar) -> WorkingCalendar {
        var holidays: Set<LocalDate> = []
        var makeUp: [LocalDate: [HourRange]] = [:]
        for n in LocalDate("2025-01-01")!.dayNumber...LocalDate("2030-12-31")!.dayNumber {
            let date = LocalDate(dayNumber: n)
            let hours = cal.workingHours(on: date)
            if hours.isEmpty { holidays.insert(date) } else { makeUp[date] = hours }
        }
        return WorkingCalendar(id: cal.id, zone: cal.zone, weeklyHours: cal.weeklyHours,
                               holidays: holidays, makeUpDays: makeUp)
    }

    @Test(arguments: 0..<CalendarPropertyTests.calendars.count)
    func skippingWeeksChangesNoResult(_ index: Int) throws {
        let cal = CalendarPropertyTests.calendars[index]
        let slow = Self.dayByDay(cal)
        var rng = SplitMix64(seed: 0x5EED + UInt64(index))
        for _ in 0..<400 {
            let start = CalendarPropertyTests.randomStart(&rng)
            let amount = CalendarPropertyTests.randomAmount(&rng)
            let fast = try cal.addWorkingTime(amount, to: start)
            #expect(fast == (try slow.addWorkingTime(amount, to: start)), "\(cal.id) \(start.millis) + \(amount)")
            let end = Instant(millis: start.millis + rng.below(500 * TimeFixtures.day))
            #expect(cal.workingTime(from: start, to: end) == slow.workingTime(from: start, to: end),
                    "\(cal.id) \(start.millis) ..< \(end.millis)")
            let n = Int(rng.below(300))
            #expect(try cal.addBusinessDays(n, to: start) == slow.addBusinessDays(n, to: start),
                    "\(cal.id) \(start.millis) + \(n) days")
        }
    }
}
