import Testing
@testable import CaseflowModel

/// Every input gives an answer or a `CalendarError`, never a trap or an endless loop.
@Suite struct CalendarSafetyTests {
    let cal = TimeFixtures.cnOffice
    let start = TimeFixtures.cnOffice.at("2026-02-13 15:00")

    @Test func calendarWithoutWorkingTime() {
        let empty = WorkingCalendar(id: "never", zone: TimeFixtures.berlin, weeklyHours: WeeklyHours())
        #expect(throws: CalendarError.noWorkingTime(calendar: "never")) { try empty.addWorkingTime(1, to: start) }
        #expect(throws: CalendarError.noWorkingTime(calendar: "never")) { try empty.nextWorkingMoment(atOrAfter: start) }
        #expect(throws: CalendarError.noWorkingTime(calendar: "never")) { try empty.addBusinessDays(1, to: start) }
        #expect(empty.workingTime(from: start, to: start + 1000 * TimeFixtures.day) == 0)
        #expect(!empty.isWorking(at: start))
    }

    @Test func onlyMakeUpDaysInThePastRunOutAtTheHorizon() throws {
        let rare = WorkingCalendar(id: "rare", zone: TimeFixtures.berlin, weeklyHours: WeeklyHours(),
                                   makeUpDays: [LocalDate("2026-06-01")!: TimeFixtures.hours("10:00-11:00")])
        // With no weekday hours, a make-up day without hours has none either.
        #expect(rare.text(try rare.nextWorkingMoment(atOrAfter: start)) == "2026-06-01 10:00")
        #expect(throws: CalendarError.horizonExceeded(calendar: "rare")) {
            try rare.addWorkingTime(2 * TimeFixtures.hour, to: start)
        }
        #expect(throws: CalendarError.horizonExceeded(calendar: "rare")) { try rare.addBusinessDays(1, to: start) }
    }

    @Test func holidaysCoveringTheNextTenYears() {
        let days = (0..<4000).map { LocalDate("2026-01-01")!.adding(days: $0) }
        let closed = WorkingCalendar(id: "closed", zone: TimeFixtures.shanghai,
                                     weeklyHours: TimeFixtures.week([("mon-fri", "09:00-17:00")]), holidays: Set(days))
        #expect(throws: CalendarError.horizonExceeded(calendar: "closed")) { try closed.nextWorkingMoment(atOrAfter: start) }
        #expect(throws: CalendarError.horizonExceeded(calendar: "closed")) { try closed.addBusinessDays(3, to: start) }
    }

    @Test func hugeAndNegativeAmounts() {
        #expect(throws: CalendarError.negativeAmount) { try cal.addWorkingTime(-1, to: start) }
        #expect(throws: CalendarError.negativeAmount) { try cal.addBusinessDays(-1, to: start) }
        #expect(throws: CalendarError.horizonExceeded(calendar: "cn-office")) { try cal.addWorkingTime(.max, to: start) }
        #expect(throws: CalendarError.horizonExceeded(calendar: "cn-office")) { try cal.addBusinessDays(.max, to: start) }
        #expect(throws: CalendarError.horizonExceeded(calendar: "all-hours")) {
            try WorkingCalendar.allHours.addWorkingTime(.max, to: start)
        }
        #expect(throws: CalendarError.horizonExceeded(calendar: "all-hours")) {
            try WorkingCalendar.allHours.addBusinessDays(.max, to: start)
        }
    }

    @Test func instantsOutsideTheSupportedYears() {
        for t in [Int64.min, Int64.max, -3_000_000_000_000, 8_000_000_000_000] {
            let instant = Instant(millis: t)
            #expect(throws: CalendarError.outOfRange(instant)) { try cal.addWorkingTime(1, to: instant) }
            #expect(throws: CalendarError.outOfRange(instant)) { try cal.addBusinessDays(1, to: instant) }
            #expect(!cal.isWorking(at: instant))
            _ = cal.workingTime(from: instant, to: Instant(millis: .max))
            _ = cal.workingTime(from: Instant(millis: .min), to: instant)
        }
        let late = cal.at("2199-12-20 10:00")
        #expect(throws: CalendarError.outOfRange(WorkingCalendar.supportedRange.upperBound)) {
            try cal.addBusinessDays(100, to: late)
        }
    }

    @Test func longSpansStayCheap() {
        // Centuries of working time are counted week by week, not minute by minute.
        let a = cal.at("1901-01-01 00:00"), b = cal.at("2199-01-01 00:00")
        let total = cal.workingTime(from: a, to: b)
        #expect(total > 0)
        #expect(WorkingCalendar.allHours.workingTime(from: a, to: b) == b - a)
    }

    @Test func makeUpDayWinsOverAHolidayOnTheSameDate() {
        let day = LocalDate("2026-05-02")!  // a Saturday
        let cal = WorkingCalendar(id: "both", zone: TimeFixtures.shanghai,
                                  weeklyHours: TimeFixtures.week([("sat", "09:00-12:00"), ("tue-thu", "10:00-16:00")]),
                                  holidays: [day], makeUpDays: [day: []])
        // Monday is off, so a make-up day without hours works Tuesday's hours.
        #expect(cal.workingHours(on: day).map(\.description) == ["10:00-16:00"])
    }

    @Test func rangesAreSortedAndMerged() {
        let week = WeeklyHours([.monday: [HourRange(start: 600, end: 700)!, HourRange(start: 540, end: 620)!,
                                          HourRange(start: 700, end: 720)!]])
        #expect(week[.monday].map(\.description) == ["09:00-12:00"])
        #expect(HourRange(start: 600, end: 600) == nil)
        #expect(HourRange(start: -1, end: 60) == nil)
        #expect(HourRange(start: 0, end: 1441) == nil)
    }
}
