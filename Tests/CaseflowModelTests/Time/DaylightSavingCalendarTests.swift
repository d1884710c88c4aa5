import Testing
@testable import CaseflowModel

/// Working hours and business days across daylight-saving changes:
/// Europe/Berlin 2026-03-29 and 2026-10-25, America/New_York 2026-03-08 and 2026-11-01.
@Suite struct DaylightSavingCalendarTests {
    let h = TimeFixtures.hour

    @Test func berlinOfficeAcrossSpringForward() throws {
        let cal = TimeFixtures.office(TimeFixtures.berlin)
        let friday = cal.at("2026-03-27 10:00")
        let monday = try cal.addBusinessDays(1, to: friday)
        #expect(cal.text(monday) == "2026-03-30 10:00")
        #expect(monday - friday == 71 * h)
        #expect(cal.text(try cal.addWorkingTime(8 * h, to: friday)) == "2026-03-30 10:00")
        #expect(cal.text(try cal.addWorkingTime(2 * h, to: cal.at("2026-03-27 16:00"))) == "2026-03-30 10:00")
        #expect(cal.workingTime(from: cal.at("2026-03-27 16:00"), to: cal.at("2026-03-30 10:00")) == 2 * h)
        #expect(cal.workingTime(from: cal.at("2026-03-23 00:00"), to: cal.at("2026-04-06 00:00")) == 80 * h)
    }

    @Test func berlinOfficeAcrossFallBack() throws {
        let cal = TimeFixtures.office(TimeFixtures.berlin)
        let friday = cal.at("2026-10-23 10:00")
        let monday = try cal.addBusinessDays(1, to: friday)
        #expect(cal.text(monday) == "2026-10-26 10:00")
        #expect(monday - friday == 73 * h)
        #expect(cal.text(try cal.addBusinessDays(6, to: friday)) == "2026-11-02 10:00")
        #expect(cal.workingTime(from: cal.at("2026-10-19 00:00"), to: cal.at("2026-11-02 00:00")) == 80 * h)
    }

    @Test func newYorkOfficeAcrossBothChanges() throws {
        let cal = TimeFixtures.office(TimeFixtures.newYork)
        let march = cal.at("2026-03-06 10:00")
        #expect(cal.text(try cal.addBusinessDays(1, to: march)) == "2026-03-09 10:00")
        #expect(try cal.addBusinessDays(1, to: march) - march == 71 * h)
        #expect(cal.text(try cal.addWorkingTime(8 * h, to: march)) == "2026-03-09 10:00")
        let november = cal.at("2026-10-30 10:00")
        #expect(try cal.addBusinessDays(1, to: november) - november == 73 * h)
        #expect(cal.text(try cal.addWorkingTime(40 * h, to: november)) == "2026-11-06 10:00")
    }

    @Test func oneBusinessDayIsNotTwentyFourHoursOnTheChangeDay() throws {
        let cal = TimeFixtures.roundTheClock(TimeFixtures.berlin)
        let saturday = cal.at("2026-03-28 12:00")
        let businessDay = try cal.addBusinessDays(1, to: saturday)
        let elapsed24h = saturday + 24 * h
        #expect(cal.text(businessDay) == "2026-03-29 12:00")
        #expect(businessDay - saturday == 23 * h)
        #expect(cal.text(elapsed24h) == "2026-03-29 13:00")
        // "24 business hours" on a 24x7 calendar is elapsed time.
        #expect(try cal.addWorkingTime(24 * h, to: saturday) == elapsed24h)
        #expect(cal.workingTime(from: cal.at("2026-03-29 00:00"), to: cal.at("2026-03-30 00:00")) == 23 * h)
        #expect(cal.workingTime(from: cal.at("2026-10-25 00:00"), to: cal.at("2026-10-26 00:00")) == 25 * h)
        let october = cal.at("2026-10-24 12:00")
        #expect(try cal.addBusinessDays(1, to: october) - october == 25 * h)
    }

    @Test func nightShiftThroughTheGapAndTheOverlap() throws {
        let cal = WorkingCalendar(id: "night", zone: TimeFixtures.berlin,
                                  weeklyHours: TimeFixtures.week([("sun", "01:00-05:00")]))
        // 02:00-03:00 does not exist on 2026-03-29: 3 hours of work.
        #expect(cal.workingTime(from: cal.at("2026-03-29 00:00"), to: cal.at("2026-03-29 12:00")) == 3 * h)
        #expect(cal.text(try cal.addWorkingTime(90 * TimeFixtures.minute, to: cal.at("2026-03-29 01:00")))
                == "2026-03-29 03:30")
        // 02:00-03:00 happens twice on 2026-10-25: 5 hours of work.
        #expect(cal.workingTime(from: cal.at("2026-10-25 00:00"), to: cal.at("2026-10-25 12:00")) == 5 * h)
        #expect(try cal.addWorkingTime(5 * h, to: cal.at("2026-10-25 01:00")) == cal.at("2026-10-25 05:00"))
        // A start in the gap begins at the first valid instant.
        #expect(cal.text(try cal.nextWorkingMoment(atOrAfter: cal.at("2026-03-29 02:30"))) == "2026-03-29 03:00")
    }

    @Test func businessDayTargetInAGapMovesToTheFirstValidInstant() throws {
        let cal = TimeFixtures.roundTheClock(TimeFixtures.newYork)
        let start = cal.at("2026-03-07 02:30")
        #expect(cal.text(try cal.addBusinessDays(1, to: start)) == "2026-03-08 03:00")
        #expect(cal.text(try cal.addBusinessDays(2, to: start)) == "2026-03-09 02:30")
    }

    @Test func openingInAGapOpensAtTheFirstValidInstant() throws {
        let cal = WorkingCalendar(id: "early", zone: TimeFixtures.newYork,
                                  weeklyHours: TimeFixtures.week([("sun", "02:30-06:00")]))
        #expect(cal.text(try cal.nextWorkingMoment(atOrAfter: cal.at("2026-03-08 00:00"))) == "2026-03-08 03:00")
        #expect(cal.workingTime(from: cal.at("2026-03-08 00:00"), to: cal.at("2026-03-09 00:00")) == 3 * h)
    }
}

/// Minute by minute around every 2026 offset change of several zones, working time agrees
/// with a plain reading of the rule: an instant works if some day's range, placed on the
/// time line, holds it.
@Suite struct OffsetChangeMinuteByMinuteTests {
    static let zones = ["Europe/Berlin", "America/New_York", "America/Santiago", "Australia/Lord_Howe"]

    static func holds(_ cal: WorkingCalendar, _ t: Int64) -> Bool {
        let day = cal.zone.localDay(at: t)
        for d in (day - 1)...(day + 1) {
            for r in cal.workingHours(on: LocalDate(dayNumber: d)) {
                let a = cal.zone.instant(of: LocalDate(dayNumber: d), minuteOfDay: r.start).millis
                let b = cal.zone.instant(of: LocalDate(dayNumber: d), minuteOfDay: r.end).millis
                if a <= t && t < b { return true }
            }
        }
        return false
    }

    @Test(arguments: zones)
    func workingTimeMatchesAPlainReading(_ id: String) throws {
        let zone = TimeZoneRules(identifier: id)!
        let cal = WorkingCalendar(id: id, zone: zone, weeklyHours: TimeFixtures.week([
            ("mon-fri", "00:00-01:00, 01:30-03:30, 09:00-17:00, 23:00-24:00"), ("sat", "00:00-24:00"),
            ("sun", "00:30-02:15, 02:45-24:00")]))
        var t = zone.instant(of: LocalDate("2026-01-01")!, minuteOfDay: 0).millis
        let yearEnd = zone.instant(of: LocalDate("2027-01-01")!, minuteOfDay: 0).millis
        var changes = 0
        while let change = zone.nextTransition(after: t), change < yearEnd {
            changes += 1
            let from = change - 2 * TimeFixtures.day, to = change + 2 * TimeFixtures.day
            var expected: Int64 = 0
            var minute = from
            while minute < to {
                #expect(cal.isWorking(at: Instant(millis: minute)) == Self.holds(cal, minute), "\(id) \(minute)")
                if Self.holds(cal, minute) { expected += TimeFixtures.minute }
                minute += TimeFixtures.minute
            }
            #expect(cal.workingTime(from: Instant(millis: from), to: Instant(millis: to)) == expected, "\(id) \(change)")
            #expect(try cal.addWorkingTime(expected, to: Instant(millis: from)) <= Instant(millis: to))
            t = change
        }
        #expect(changes == 2)
    }
}
