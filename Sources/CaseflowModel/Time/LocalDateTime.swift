/// A wall-clock date and time without a zone, to the millisecond (`2026-02-14T09:00`).
public struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let date: LocalDate
    /// Milliseconds since local midnight, 0..<86_400_000.
    public let millisecondOfDay: Int

    public init(date: LocalDate, millisecondOfDay: Int) {
        self.date = date
        self.millisecondOfDay = min(max(millisecondOfDay, 0), 86_399_999)
    }

    public init?(date: LocalDate, hour: Int, minute: Int, second: Int = 0) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        self.init(date: date, millisecondOfDay: ((hour * 60 + minute) * 60 + second) * 1000)
    }

    /// Milliseconds since 1970-01-01T00:00 on the local wall clock.
    init(localMillis: Int64) {
        let day = CivilDays.floorDiv(localMillis, 86_400_000)
        date = LocalDate(dayNumber: Int(day))
        millisecondOfDay = Int(localMillis - day * 86_400_000)
    }

    public var hour: Int { millisecondOfDay / 3_600_000 }
    public var minute: Int { millisecondOfDay / 60_000 % 60 }
    public var second: Int { millisecondOfDay / 1000 % 60 }
    public var millisecond: Int { millisecondOfDay % 1000 }
    public var minuteOfDay: Int { millisecondOfDay / 60_000 }

    public static func < (a: LocalDateTime, b: LocalDateTime) -> Bool {
        (a.date, a.millisecondOfDay) < (b.date, b.millisecondOfDay)
    }

    public var description: String {
        var text = "\(date)T\(CivilDays.zeroPadded(hour, 2)):\(CivilDays.zeroPadded(minute, 2))"
        if second != 0 || millisecond != 0 { text += ":\(CivilDays.zeroPadded(second, 2))" }
        if millisecond != 0 { text += ".\(CivilDays.zeroPadded(millisecond, 3))" }
        return text
    }
}
