import Testing
@testable import CaseflowModel

/// `WorkingCalendar.allHours`: every hour counts (UTC); business hours are elapsed time and
/// a business day is 24 hours.
@Suite struct AllHoursCalendarTests {
    let cal = WorkingCalendar.allHours
    let start = Instant(seconds: 1_774_700_000)  // 2026-03-28, a Saturday

    @Test func everyInstantIsWorkingTime() throws {
        #expect(cal.zone.identifier == "UTC")
        #expect(cal.isWorking(at: start))
        #expect(try cal.nextWorkingMoment(atOrAfter: start) == start)
        #expect(cal.workingHours(on: LocalDate("2026-12-25")!) == [HourRange.wholeDay])
    }

    @Test func businessTimeIsElapsedTime() throws {
        #expect(try cal.addWorkingTime(4 * TimeFixtures.hour + 7, to: start) == start + (4 * TimeFixtures.hour + 7))
        #expect(try cal.addBusinessDays(3, to: start) == start + 3 * TimeFixtures.day)
        #expect(cal.workingTime(from: start, to: start + 123_456_789) == 123_456_789)
        #expect(cal.workingTime(from: start + 5, to: start) == 0)
    }

    @Test func aCalendarWrittenAs24x7InUTCBehavesTheSame() throws {
        let written = WorkingCalendar(id: "utc", zone: TimeZoneRules(identifier: "UTC")!,
                                      weeklyHours: TimeFixtures.week([("mon-sun", "00:00-24:00")]))
        #expect(try written.addBusinessDays(10, to: start) == cal.addBusinessDays(10, to: start))
        #expect(try written.addWorkingTime(1000 * TimeFixtures.hour, to: start) == start + 1000 * TimeFixtures.hour)
    }

    @Test func twentyFourSevenInAZoneWithDaylightSavingIsNotElapsedDays() throws {
        // The same calendar made slow on purpose (a holiday far away) counts the same.
        let berlin = TimeFixtures.roundTheClock(TimeFixtures.berlin)
        let withHoliday = WorkingCalendar(id: "b", zone: TimeFixtures.berlin, weeklyHours: berlin.weeklyHours,
                                          holidays: [LocalDate("2030-01-01")!])
        let saturday = berlin.at("2026-03-28 12:00")
        #expect(try berlin.addBusinessDays(1, to: saturday) - saturday == 23 * TimeFixtures.hour)
        #expect(try withHoliday.addBusinessDays(1, to: saturday) == berlin.addBusinessDays(1, to: saturday))
        #expect(try berlin.addWorkingTime(100 * TimeFixtures.hour, to: saturday) == saturday + 100 * TimeFixtures.hour)
    }
}
