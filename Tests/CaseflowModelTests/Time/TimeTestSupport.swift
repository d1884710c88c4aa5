import Foundation
@testable import CaseflowModel

/// Test fixtures for the business-time tests.
enum TimeFixtures {
    static let shanghai = TimeZoneRules(identifier: "Asia/Shanghai")!
    static let berlin = TimeZoneRules(identifier: "Europe/Berlin")!
    static let newYork = TimeZoneRules(identifier: "America/New_York")!

    static func date(_ text: String) -> LocalDate { LocalDate(text)! }

    static func hours(_ text: String) -> [HourRange] { try! DayHoursParser.parse(text) }

    static func week(_ entries: [(String, String)]) -> WeeklyHours {
        let (week, issues) = WeeklyHours.parse(entries.map { (key: $0.0, hours: $0.1) })
        precondition(issues.isEmpty, "\(issues)")
        return week
    }

    static func days(from: String, to: String) -> [LocalDate] {
        let a = date(from).dayNumber, b = date(to).dayNumber
        return (a...b).map { LocalDate(dayNumber: $0) }
    }

    /// dsl.md's `cn-office`.
    static let cnOffice = WorkingCalendar(
        id: "cn-office", zone: shanghai,
        weeklyHours: week([("mon-fri", "09:00-12:00, 13:00-18:00"), ("sat", "09:00-12:00")]),
        holidays: Set([date("2026-01-01")] + days(from: "2026-02-15", to: "2026-02-23")),
        makeUpDays: [date("2026-02-14"): [], date("2026-02-28"): hours("09:00-18:00")])

    /// Monday to Friday 09:00-17:00 with Saturday and Sunday off, in a zone.
    static func office(_ zone: TimeZoneRules, holidays: Set<LocalDate> = []) -> WorkingCalendar {
        WorkingCalendar(id: "office-\(zone.identifier)", zone: zone,
                        weeklyHours: week([("mon-fri", "09:00-17:00")]), holidays: holidays)
    }

    /// Every hour of every day, in a zone with daylight saving.
    static func roundTheClock(_ zone: TimeZoneRules) -> WorkingCalendar {
        WorkingCalendar(id: "24x7-\(zone.identifier)", zone: zone,
                        weeklyHours: week([("mon-sun", "00:00-24:00")]))
    }

    static let hour: Int64 = 3_600_000
    static let minute: Int64 = 60_000
    static let day: Int64 = 86_400_000
}

extension TimeZoneRules {
    /// `"2026-02-13 15:00"` on this zone's wall clock.
    func at(_ text: String) -> Instant {
        let parts = text.split(separator: " ")
        let time = parts[1].split(separator: ":").map { Int($0)! }
        var ms = Int64(time[0] * 60 + time[1]) * 60_000
        if time.count > 2 { ms += Int64(time[2]) * 1000 }
        return instant(of: LocalDateTime(date: LocalDate(String(parts[0]))!, millisecondOfDay: Int(ms)))
    }

    /// The wall-clock text of an instant, `"2026-02-13 15:00"` (seconds only when not zero).
    func text(_ instant: Instant) -> String {
        localDateTime(of: instant).description.replacingOccurrences(of: "T", with: " ")
    }
}

extension WorkingCalendar {
    /// Wall-clock arithmetic helpers for readable expectations.
    func at(_ text: String) -> Instant { zone.at(text) }
    func text(_ instant: Instant) -> String { zone.text(instant) }
}

/// A seeded pseudo-random generator (SplitMix64), so property tests are reproducible.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<bound (bound > 0).
    mutating func below(_ bound: Int64) -> Int64 { Int64(next() % UInt64(bound)) }
}
