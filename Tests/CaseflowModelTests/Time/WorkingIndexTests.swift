import Foundation
import Testing
@testable import CaseflowModel

/// The calendar's index (working intervals with prefix sums over the years its exceptions cover)
/// gives exactly what the day-by-day walk gives, on calendars with daylight saving (at night, at
/// local midnight, by half an hour), ranges up to midnight, holidays and make-up days.
@Suite struct WorkingIndexTests {
    static func indexed(_ cal: WorkingCalendar) -> WorkingCalendar { cal }

    static func walked(_ cal: WorkingCalendar) -> WorkingCalendar {
        WorkingCalendar(id: cal.id, zone: cal.zone, weeklyHours: cal.weeklyHours, holidays: cal.holidays,
                        makeUpDays: cal.makeUpDays, indexed: false)
    }

    static let calendars: [WorkingCalendar] = [
        TimeFixtures.cnOffice,
        TimeFixtures.office(TimeFixtures.berlin, holidays: [LocalDate("2026-12-24")!, LocalDate("2026-12-25")!,
                                                            LocalDate("2027-04-02")!, LocalDate("2026-05-01")!]),
        WorkingCalendar(id: "night", zone: TimeFixtures.berlin,
                        weeklyHours: TimeFixtures.week([("sat,sun", "01:00-05:00, 22:00-24:00"), ("wed", "00:00-24:00")]),
                        holidays: [LocalDate("2026-10-25")!], makeUpDays: [LocalDate("2026-03-30")!: []]),
        WorkingCalendar(id: "santiago", zone: TimeZoneRules(identifier: "America/Santiago")!,
                        weeklyHours: TimeFixtures.week([("mon-sat", "00:00-06:00, 20:00-24:00"), ("sun", "00:00-24:00")]),
                        holidays: [LocalDate("2026-09-18")!]),
        WorkingCalendar(id: "lord-howe", zone: TimeZoneRules(identifier: "Australia/Lord_Howe")!,
                        weeklyHours: TimeFixtures.week([("mon-fri", "01:00-03:00, 09:00-17:00")]),
                        holidays: [LocalDate("2026-12-25")!, LocalDate("2027-01-01")!]),
        WorkingCalendar(id: "new-york", zone: TimeFixtures.newYork,
                        weeklyHours: TimeFixtures.week([("mon-fri", "09:00-17:00")]),
                        holidays: [LocalDate("2026-11-26")!], makeUpDays: [LocalDate("2026-11-28")!: []]),
    ]

    /// 2024-01 .. 2029-01: inside the index and on both sides of it.
    static func randomStart(_ rng: inout SplitMix64) -> Instant {
        var millis = 1_704_067_200_000 + rng.below(5 * 365 * TimeFixtures.day)
        if rng.below(3) == 0 { millis -= millis % TimeFixtures.hour }
        return Instant(millis: millis)
    }

    /// The answer, or the error, as text: the two calendars must give the same.
    static func answer(_ f: () throws -> Instant) -> String {
        do { return "\(try f().millis)" } catch { return "error: \(error)" }
    }

    @Test(arguments: 0..<calendars.count)
    func theIndexAnswersLikeTheWalk(_ i: Int) throws {
        let fast = Self.calendars[i], slow = Self.walked(fast)
        let index = try #require(fast.index, "\(fast.id) has exceptions, so it is indexed")
        #expect(slow.index == nil)
        var rng = SplitMix64(seed: 0x1DE7 + UInt64(i))
        var covered = 0
        for _ in 0..<3_000 {
            let start = Self.randomStart(&rng)
            if index.covers(start.millis) { covered += 1 }
            let amount: Int64 = switch rng.below(4) {
            case 0: rng.below(4 * TimeFixtures.hour)
            case 1: rng.below(80) * TimeFixtures.hour
            case 2: rng.below(4000 * TimeFixtures.hour)
            default: rng.below(200) * 15 * TimeFixtures.minute
            }
            #expect(Self.answer({ try fast.addWorkingTime(amount, to: start) }) == Self.answer({ try slow.addWorkingTime(amount, to: start) }),
                    "\(fast.id) \(start.millis) + \(amount)")
            #expect(Self.answer({ try fast.nextWorkingMoment(atOrAfter: start) }) == Self.answer({ try slow.nextWorkingMoment(atOrAfter: start) }),
                    "\(fast.id) next working moment at \(start.millis)")
            let n = Int(rng.below(rng.below(4) == 0 ? 600 : 25))
            #expect(Self.answer({ try fast.addBusinessDays(n, to: start) }) == Self.answer({ try slow.addBusinessDays(n, to: start) }),
                    "\(fast.id) \(start.millis) + \(n) business days")
            let end = Instant(millis: start.millis + rng.below(rng.below(2) == 0 ? 10 * TimeFixtures.day : 900 * TimeFixtures.day))
            #expect(fast.workingTime(from: start, to: end) == slow.workingTime(from: start, to: end),
                    "\(fast.id) working time \(start.millis) ..< \(end.millis)")
        }
        // Enough of the starts fall inside the index for the comparison to test it.
        #expect(covered > 600, "\(fast.id): \(covered) of 3,000 starts in the index")
    }

    /// St. John's fell back from 00:01 to 23:01 on 2005-10-30: the second 23:30 of Saturday the
    /// 29th comes after Sunday's midnight (the first instant that shows it). Working time up to
    /// then counts Sunday's first half hour; the walk once stopped at Saturday.
    @Test func clocksGoingBackAcrossMidnightCountTheNextDay() throws {
        let zone = try #require(TimeZoneRules(identifier: "America/St_Johns"))
        let fast = WorkingCalendar(id: "st-johns", zone: zone,
                                   weeklyHours: TimeFixtures.week([("sat", "20:00-24:00"), ("sun", "00:00-06:00")]),
                                   holidays: [LocalDate("2005-12-26")!])
        let slow = Self.walked(fast)
        let saturday2200 = Instant(millis: 1_130_632_200_000), secondSaturday2330 = Instant(millis: 1_130_641_200_000)
        #expect(fast.index != nil)
        for cal in [fast, slow] {
            #expect(cal.workingTime(from: saturday2200, to: secondSaturday2330) == 9_000_000, "\(cal.index == nil ? "walk" : "index")")
            #expect(try cal.addWorkingTime(9_000_000, to: saturday2200) == secondSaturday2330)
            #expect(cal.isWorking(at: secondSaturday2330), "Sunday's range began at its midnight, an hour before")
        }
    }

    @Test func aCalendarWithoutExceptionsIsNotIndexed() {
        #expect(TimeFixtures.office(TimeFixtures.berlin).index == nil)
        #expect(WorkingCalendar.allHours.index == nil)
    }
}
