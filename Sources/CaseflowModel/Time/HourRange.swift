/// Working hours within one day: from `start` (inclusive) to `end` (exclusive), in
/// minutes of the local day; `09:00-12:00`. `end` may be 24:00 (1440).
public struct HourRange: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let start: Int
    public let end: Int

    /// The whole day, `00:00-24:00`.
    public static let wholeDay = HourRange(unchecked: 0, 1440)

    /// A range with 0 <= start < end <= 1440, nil otherwise.
    public init?(start: Int, end: Int) {
        guard start >= 0, end <= 1440, start < end else { return nil }
        self.start = start
        self.end = end
    }

    public init?(start: LocalTime, end: LocalTime) {
        self.init(start: start.minuteOfDay, end: end.minuteOfDay)
    }

    init(unchecked start: Int, _ end: Int) {
        self.start = start
        self.end = end
    }

    public var minutes: Int { end - start }

    public static func < (a: HourRange, b: HourRange) -> Bool { (a.start, a.end) < (b.start, b.end) }

    public var description: String {
        "\(LocalTime(unchecked: start))-\(LocalTime(unchecked: end))"
    }

    /// Sorted by start, with overlapping or touching ranges merged.
    static func normalized(_ ranges: [HourRange]) -> [HourRange] {
        var result: [HourRange] = []
        for r in ranges.sorted() {
            if let last = result.last, r.start <= last.end {
                result[result.count - 1] = HourRange(unchecked: last.start, max(last.end, r.end))
            } else {
                result.append(r)
            }
        }
        return result
    }
}

extension HourRange {
    /// A range as written, which may be invalid (`18:00-09:00`), for messages.
    public struct Text: Hashable, Sendable, CustomStringConvertible {
        public let start: Int
        public let end: Int
        public var description: String {
            "\(LocalTime(unchecked: start))-\(LocalTime(unchecked: end))"
        }
    }
}
