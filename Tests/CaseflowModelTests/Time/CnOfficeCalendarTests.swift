import Testing
@testable import CaseflowModel

/// dsl.md's cn-office: Asia/Shanghai, mon-fri 09:00-12:00 and 13:00-18:00, sat 09:00-12:00,
/// holidays 2026-01-01 and 2026-02-15..23, make-up working days 2026-02-14 (Monday's hours)
/// and 2026-02-28 (09:00-18:00).
@Suite struct CnOfficeCalendarTests {
    let cal = TimeFixtures.cnOffice
    let h = TimeFixtures.hour

    func add(_ ms: Int64, _ start: String) throws -> String { cal.text(try cal.addWorkingTime(ms, to: cal.at(start))) }
    func addDays(_ n: Int, _ start: String) throws -> String { cal.text(try cal.addBusinessDays(n, to: cal.at(start))) }
    func next(_ start: String) throws -> String { cal.text(try cal.nextWorkingMoment(atOrAfter: cal.at(start))) }

    @Test func dayHours() {
        #expect(cal.workingHours(on: LocalDate("2026-02-13")!).map(\.description) == ["09:00-12:00", "13:00-18:00"])
        #expect(cal.workingHours(on: LocalDate("2026-02-07")!).map(\.description) == ["09:00-12:00"])
        #expect(cal.workingHours(on: LocalDate("2026-02-08")!).isEmpty)
        #expect(cal.workingHours(on: LocalDate("2026-01-01")!).isEmpty)
        #expect(cal.workingHours(on: LocalDate("2026-02-23")!).isEmpty)
        // A make-up day without hours works Monday's hours (replacing Saturday's short day).
        #expect(cal.workingHours(on: LocalDate("2026-02-14")!).map(\.description) == ["09:00-12:00", "13:00-18:00"])
        #expect(cal.workingHours(on: LocalDate("2026-02-28")!).map(\.description) == ["09:00-18:00"])
    }

    @Test func isWorkingBoundaries() {
        #expect(cal.isWorking(at: cal.at("2026-02-09 09:00")))
        #expect(!cal.isWorking(at: cal.at("2026-02-09 08:59:59")))
        #expect(cal.isWorking(at: cal.at("2026-02-09 12:00") + -1))
        #expect(!cal.isWorking(at: cal.at("2026-02-09 12:00")))
        #expect(!cal.isWorking(at: cal.at("2026-02-09 18:00")))
        #expect(!cal.isWorking(at: cal.at("2026-02-18 10:00")))
        #expect(cal.isWorking(at: cal.at("2026-02-14 15:00")))
    }

    @Test func fridayPlusBusinessDays() throws {
        // Saturday 09:00-12:00 is working time here: Saturday 15:00 is not, so Monday 09:00.
        #expect(try addDays(1, "2026-02-06 15:00") == "2026-02-09 09:00")
        #expect(try addDays(2, "2026-02-06 15:00") == "2026-02-09 15:00")
        #expect(try addDays(1, "2026-02-06 10:00") == "2026-02-07 10:00")
        // Across the make-up Saturday and the Spring Festival.
        #expect(try addDays(1, "2026-02-13 15:00") == "2026-02-14 15:00")
        #expect(try addDays(2, "2026-02-13 15:00") == "2026-02-24 15:00")
        #expect(try addDays(6, "2026-02-13 15:00") == "2026-02-28 15:00")
        #expect(try addDays(0, "2026-02-13 15:00") == "2026-02-13 15:00")
    }

    @Test func fridayPlusTwoBusinessDaysIsTuesdayWhenTheWeekendIsOff() throws {
        let office = TimeFixtures.office(TimeFixtures.shanghai)
        #expect(office.text(try office.addBusinessDays(2, to: office.at("2026-03-06 15:00"))) == "2026-03-10 15:00")
        #expect(office.text(try office.addBusinessDays(5, to: office.at("2026-03-06 15:00"))) == "2026-03-13 15:00")
        #expect(office.text(try office.addBusinessDays(50, to: office.at("2026-03-06 15:00"))) == "2026-05-15 15:00")
    }

    @Test func startAtLunch() throws {
        #expect(try next("2026-02-09 12:30") == "2026-02-09 13:00")
        #expect(try addDays(1, "2026-02-09 12:30") == "2026-02-10 13:00")
        #expect(try add(h, "2026-02-09 12:30") == "2026-02-09 14:00")
        #expect(try add(h, "2026-02-09 11:30") == "2026-02-09 13:30")
        #expect(cal.workingTime(from: cal.at("2026-02-09 11:30"), to: cal.at("2026-02-09 13:30")) == h)
    }

    @Test func startAtClosingTime() throws {
        #expect(try next("2026-02-09 12:00") == "2026-02-09 13:00")
        #expect(try next("2026-02-09 18:00") == "2026-02-10 09:00")
        #expect(try addDays(1, "2026-02-09 18:00") == "2026-02-11 09:00")
        #expect(try add(h, "2026-02-09 18:00") == "2026-02-10 10:00")
        #expect(try next("2026-02-07 12:00") == "2026-02-09 09:00")
    }

    @Test func anAmountEndingAtClosingGivesTheClosingTime() throws {
        #expect(try add(3 * h, "2026-03-02 09:00") == "2026-03-02 12:00")
        #expect(try add(8 * h, "2026-03-02 09:00") == "2026-03-02 18:00")
        #expect(try add(8 * h + 1, "2026-03-02 09:00") == "2026-03-03 09:00:00.001")
        #expect(try add(4 * h, "2026-03-06 17:00") == "2026-03-07 12:00")
        #expect(try add(5 * h, "2026-03-06 17:00") == "2026-03-09 10:00")
    }

    @Test func startOnAHoliday() throws {
        #expect(try next("2026-02-18 10:00") == "2026-02-24 09:00")
        #expect(try addDays(1, "2026-02-18 10:00") == "2026-02-25 09:00")
        #expect(try add(2 * h, "2026-02-18 10:00") == "2026-02-24 11:00")
        #expect(try next("2026-01-01 10:00") == "2026-01-02 09:00")
    }

    @Test func startOnAMakeUpDay() throws {
        #expect(try addDays(1, "2026-02-14 10:00") == "2026-02-24 10:00")
        #expect(try add(h, "2026-02-14 12:30") == "2026-02-14 14:00")
        #expect(try add(4 * h, "2026-02-28 17:00") == "2026-03-02 12:00")
        #expect(try addDays(1, "2026-02-27 15:00") == "2026-02-28 15:00")
        #expect(try addDays(1, "2026-02-28 15:00") == "2026-03-02 15:00")
    }

    @Test func businessHoursAcrossAWeekendAndAHoliday() throws {
        // Thu 16-18 (2h), Fri (8h), make-up Sat (8h), holidays to Mon 23rd, Tue 24th 09-11 (2h).
        #expect(try add(20 * h, "2026-02-12 16:00") == "2026-02-24 11:00")
        #expect(cal.workingTime(from: cal.at("2026-02-12 16:00"), to: cal.at("2026-02-24 11:00")) == 20 * h)
        #expect(try add(8 * h, "2026-02-13 17:00") == "2026-02-14 17:00")
        // New Year's Day holiday on a Thursday: Wed 17:00 + 2h = Fri 10:00.
        #expect(try add(2 * h, "2025-12-31 17:00") == "2026-01-02 10:00")
    }

    @Test func longAmountsMatchAWholeYearOfWorkingTime() throws {
        let start = cal.at("2026-01-01 00:00"), end = cal.at("2027-01-01 00:00")
        let total = cal.workingTime(from: start, to: end)
        // 2026: 261 weekdays and 52 Saturdays, less holidays and plus make-up days.
        let weekdays: Int64 = 261, saturdays: Int64 = 52
        let expected = weekdays * 8 * h + saturdays * 3 * h
            - 8 * h                      // 2026-01-01 Thursday
            - 5 * 8 * h                  // Mon 16 - Fri 20 Feb
            - 3 * h                      // Sat 21 Feb
            - 8 * h                      // Mon 23 Feb
            + (8 - 3) * h                // make-up Sat 14 Feb: 8h in place of 3h
            + (9 - 3) * h                // make-up Sat 28 Feb: 9h in place of 3h
        #expect(total == expected)
        #expect(try cal.addWorkingTime(total, to: start) == cal.at("2026-12-31 18:00"))
    }
}
