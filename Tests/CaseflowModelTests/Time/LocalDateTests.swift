import Testing
@testable import CaseflowModel

@Suite struct LocalDateTests {
    @Test func parsesAndPrints() {
        let d = LocalDate("2026-02-14")
        #expect(d?.year == 2026 && d?.month == 2 && d?.day == 14)
        #expect(d?.description == "2026-02-14")
        #expect(LocalDate(year: 7, month: 3, day: 1)?.description == "0007-03-01")
    }

    @Test(arguments: ["2026-02-30", "2026-13-01", "2026-00-10", "2026-2-14", "26-02-14", "2026/02/14",
                      "2026-02-14 ", "", "２０２６-02-14", "2025-02-29", "abcd-ef-gh"])
    func rejectsMalformedOrImpossibleDates(_ text: String) {
        #expect(LocalDate(text) == nil)
    }

    @Test func leapYears() {
        #expect(LocalDate("2024-02-29") != nil)
        #expect(LocalDate("2000-02-29") != nil)
        #expect(LocalDate("1900-02-29") == nil)
    }

    @Test func weekdays() {
        #expect(LocalDate("1970-01-01")!.weekday == .thursday)
        #expect(LocalDate("2026-02-13")!.weekday == .friday)
        #expect(LocalDate("2026-02-14")!.weekday == .saturday)
        #expect(LocalDate("2026-02-15")!.weekday == .sunday)
        #expect(LocalDate("2026-02-16")!.weekday == .monday)
        #expect(LocalDate("1969-12-29")!.weekday == .monday)
    }

    @Test func dayNumbersRoundTripOverCenturies() {
        var previous = LocalDate(dayNumber: -800_000)
        for n in -799_999...800_000 where n % 7 == 0 || n % 11 == 0 {
            let date = LocalDate(dayNumber: n)
            #expect(date.dayNumber == n)
            #expect(previous < date)
            previous = date
        }
        #expect(LocalDate("1970-01-01")!.dayNumber == 0)
        #expect(LocalDate("2000-03-01")!.dayNumber == 11_017)
    }

    @Test func addingDays() {
        let d = LocalDate("2026-02-14")!
        #expect(d.adding(days: 15).description == "2026-03-01")
        #expect(d.adding(days: -45).description == "2025-12-31")
        #expect(d.days(to: LocalDate("2026-02-24")!) == 10)
        _ = d.adding(days: Int.max)  // clamped, no trap
        _ = d.adding(days: Int.min)
    }

    @Test func localDateTimeText() {
        let d = LocalDate("2026-02-14")!
        #expect(LocalDateTime(date: d, hour: 9, minute: 5)?.description == "2026-02-14T09:05")
        #expect(LocalDateTime(date: d, millisecondOfDay: 32_400_250).description == "2026-02-14T09:00:00.250")
        #expect(LocalDateTime(date: d, hour: 24, minute: 0) == nil)
    }
}
