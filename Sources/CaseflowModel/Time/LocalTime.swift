/// A wall-clock time of day to the minute, `00:00` ... `24:00` (24:00 only ends a range).
public struct LocalTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Minutes since midnight, 0...1440.
    public let minuteOfDay: Int

    public static let midnight = LocalTime(unchecked: 0)
    public static let endOfDay = LocalTime(unchecked: 1440)

    public init?(minuteOfDay: Int) {
        guard (0...1440).contains(minuteOfDay) else { return nil }
        self.minuteOfDay = minuteOfDay
    }

    public init?(hour: Int, minute: Int) {
        guard (0...24).contains(hour), (0...59).contains(minute) else { return nil }
        self.init(minuteOfDay: hour * 60 + minute)
    }

    init(unchecked minuteOfDay: Int) { self.minuteOfDay = minuteOfDay }

    public var hour: Int { minuteOfDay / 60 }
    public var minute: Int { minuteOfDay % 60 }

    public static func < (a: LocalTime, b: LocalTime) -> Bool { a.minuteOfDay < b.minuteOfDay }

    public var description: String {
        "\(CivilDays.zeroPadded(hour, 2)):\(CivilDays.zeroPadded(minute, 2))"
    }
}
