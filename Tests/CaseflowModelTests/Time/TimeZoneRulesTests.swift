import Foundation
import Testing
@testable import CaseflowModel

@Suite struct TimeZoneRulesTests {
    let berlin = TimeFixtures.berlin
    let newYork = TimeFixtures.newYork

    @Test func unknownZonesAreNil() {
        #expect(TimeZoneRules(identifier: "Mars/Olympus_Mons") == nil)
        #expect(TimeZoneRules(identifier: "") == nil)
        #expect(TimeZoneRules(identifier: "UTC")?.isFixedOffset == true)
    }

    @Test func berlinOffsetsAroundBothChanges() {
        // 2026-03-29 01:00Z: 02:00 CET becomes 03:00 CEST; 2026-10-25 01:00Z: back.
        let spring = Instant(seconds: 1_774_746_000), autumn = Instant(seconds: 1_792_890_000)
        #expect(berlin.offset(at: spring + -1) == 3600)
        #expect(berlin.offset(at: spring) == 7200)
        #expect(berlin.offset(at: autumn + -1) == 7200)
        #expect(berlin.offset(at: autumn) == 3600)
        #expect(berlin.localDateTime(of: spring + -1).description == "2026-03-29T01:59:59.999")
        #expect(berlin.localDateTime(of: spring).description == "2026-03-29T03:00")
    }

    @Test func gapMovesForwardToFirstValidInstant() {
        let spring = Instant(seconds: 1_774_746_000)
        let date = LocalDate("2026-03-29")!
        #expect(berlin.instant(of: date, minuteOfDay: 2 * 60) == spring)
        #expect(berlin.instant(of: date, minuteOfDay: 2 * 60 + 30) == spring)
        #expect(berlin.instant(of: date, minuteOfDay: 3 * 60) == spring)
        #expect(berlin.instant(of: date, minuteOfDay: 60 + 59) == spring + -60_000)
        // New York 2026-03-08 02:00 EST (07:00Z) becomes 03:00 EDT.
        #expect(newYork.instant(of: LocalDate("2026-03-08")!, minuteOfDay: 150) == Instant(seconds: 1_772_953_200))
    }

    @Test func ambiguousTimeTakesTheEarlierInstant() {
        let date = LocalDate("2026-10-25")!
        // 02:30 happens at 00:30Z (CEST) and 01:30Z (CET).
        #expect(berlin.instant(of: date, minuteOfDay: 150) == Instant(seconds: 1_792_891_800 - 3600))
        #expect(berlin.instant(of: date, minuteOfDay: 180) == Instant(seconds: 1_792_893_600))
        // New York 2026-11-01 01:30 happens at 05:30Z (EDT) and 06:30Z (EST).
        #expect(newYork.instant(of: LocalDate("2026-11-01")!, minuteOfDay: 90) == Instant(seconds: 1_793_511_000))
    }

    @Test func roundTripsAndMidnightEnd() {
        let date = LocalDate("2026-07-01")!
        let end = berlin.instant(of: date, minuteOfDay: 1440)
        #expect(end == berlin.instant(of: LocalDate("2026-07-02")!, minuteOfDay: 0))
        #expect(berlin.localDateTime(of: end).description == "2026-07-02T00:00")
    }

    @Test func agreesWithFoundationEveryFewHoursForYears() {
        for id in ["Europe/Berlin", "America/New_York", "Asia/Shanghai", "Australia/Lord_Howe",
                   "Europe/Moscow", "America/Santiago", "Asia/Kolkata", "Pacific/Apia"] {
            let rules = TimeZoneRules(identifier: id)!
            let zone = TimeZone(identifier: id)!
            var t: Int64 = -1_000_000_000  // 1938
            while t < 4_200_000_000 {       // 2103
                let date = Date(timeIntervalSince1970: Double(t))
                #expect(rules.offset(at: Instant(seconds: t)) == zone.secondsFromGMT(for: date), "\(id) \(t)")
                t += 17 * 3600 + 1234
            }
        }
    }

    @Test func everyLocalTimeMapsBackToItselfUnlessInAGap() {
        var rng = SplitMix64(seed: 7)
        for zone in [berlin, newYork, TimeFixtures.shanghai] {
            for _ in 0..<3000 {
                let t = Instant(millis: 1_700_000_000_000 + rng.below(400 * TimeFixtures.day))
                let local = zone.localDateTime(of: t)
                let back = zone.instant(of: local)
                // Back is t, or the earlier reading of an ambiguous wall time.
                #expect(back == t || (back < t && zone.localDateTime(of: back) == local))
            }
        }
    }

    @Test func outsideTheTableStillAnswers() {
        #expect(berlin.offset(at: Instant(seconds: 9_000_000_000)) == 3600)  // January 2255
        #expect(berlin.offset(at: Instant(millis: Int64.max)) != 12345)
        #expect(berlin.offset(at: Instant(millis: Int64.min)) != 12345)
        _ = berlin.localDateTime(of: Instant(millis: Int64.max))
        _ = berlin.instant(of: LocalDate(dayNumber: Int.max), minuteOfDay: 0)
        _ = berlin.instant(of: LocalDate(dayNumber: Int.min), minuteOfDay: Int.max)
        #expect(berlin.instant(of: LocalDate("2026-07-01")!, minuteOfDay: -5) == berlin.instant(of: LocalDate("2026-07-01")!, minuteOfDay: 0))
    }
}
