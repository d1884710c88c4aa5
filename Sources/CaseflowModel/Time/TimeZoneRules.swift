import Foundation

/// The UTC offsets of one IANA time zone, tabulated once so that converting between
/// instants and wall-clock time is a binary search, with no Foundation call per use.
///
/// The table covers 1900-01-01T00:00Z ..< 2200-01-01T00:00Z (`tabulated`); outside it the
/// offset comes from Foundation's `TimeZone`. Build one per zone, once (e.g. when a calendar
/// definition loads), and share it: it is an immutable value.
///
/// Wall-clock times that do not exist (a spring-forward gap) map to the first instant after
/// the gap; ambiguous ones (a fall-back overlap) map to the earlier instant.
public struct TimeZoneRules: Sendable, Hashable, CustomStringConvertible {
    public let identifier: String
    /// Instants (ms since the epoch) at which the offset changes, ascending.
    private let transitions: [Int64]
    /// `offsets[0]` applies before `transitions[0]`, `offsets[i + 1]` from `transitions[i]` on (ms).
    private let offsets: [Int64]
    /// For each transition, the lower and upper wall-clock time (local ms) of its gap or overlap.
    private let localLow: [Int64]
    private let localHigh: [Int64]
    private let foundationZone: TimeZone?
    /// After the last tabulated transition (most zones' present: many no longer change, and
    /// arithmetic on current dates lands here) the offset is `offsets.last`: one comparison
    /// instead of a search. `lastLocal` is the first wall-clock time past its gap or overlap.
    private let lastTransition: Int64
    private let lastLocal: Int64
    private let lastOffset: Int64

    /// Instants (ms) covered by the transition table.
    public static let tabulated: Range<Int64> = -2_208_988_800_000 ..< 7_258_118_400_000

    /// Coordinated Universal Time: offset 0, no transitions.
    public static let utc = TimeZoneRules(fixedIdentifier: "UTC", offsetSeconds: 0)

    /// The rules of an IANA zone (`Asia/Shanghai`), or nil if Foundation does not know it.
    public init?(identifier: String) {
        if identifier == "UTC" {
            self = .utc
            return
        }
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        let start = Self.tabulated.lowerBound, end = Self.tabulated.upperBound
        var transitions: [Int64] = []
        var offsets: [Int64] = [Int64(zone.secondsFromGMT(for: Self.date(start))) * 1000]
        var cursor = Self.date(start)
        // ~2 changes a year at most: 2,000 is far more than 300 years need.
        for _ in 0..<2_000 {
            guard let next = zone.nextDaylightSavingTimeTransition(after: cursor), next > cursor else { break }
            let millis = Int64((next.timeIntervalSince1970 * 1000).rounded())
            guard millis < end else { break }
            let offset = Int64(zone.secondsFromGMT(for: next)) * 1000
            if offset != offsets[offsets.count - 1] {
                transitions.append(millis)
                offsets.append(offset)
            }
            cursor = next
        }
        self.init(identifier: identifier, transitions: transitions, offsets: offsets, foundationZone: zone)
    }

    /// A zone with a constant offset and no Foundation lookup.
    init(fixedIdentifier: String, offsetSeconds: Int) {
        self.init(identifier: fixedIdentifier, transitions: [], offsets: [Int64(offsetSeconds) * 1000],
                  foundationZone: nil)
    }

    private init(identifier: String, transitions: [Int64], offsets: [Int64], foundationZone: TimeZone?) {
        self.identifier = identifier
        self.transitions = transitions
        self.offsets = offsets
        self.foundationZone = foundationZone
        var low: [Int64] = [], high: [Int64] = []
        for (i, t) in transitions.enumerated() {
            low.append(t + min(offsets[i], offsets[i + 1]))
            high.append(t + max(offsets[i], offsets[i + 1]))
        }
        localLow = low
        localHigh = high
        lastTransition = transitions.last ?? Int64.min
        lastLocal = high.last ?? Int64.min
        lastOffset = offsets[offsets.count - 1]
    }

    public var description: String { identifier }

    public static func == (a: TimeZoneRules, b: TimeZoneRules) -> Bool { a.identifier == b.identifier }
    public func hash(into hasher: inout Hasher) { hasher.combine(identifier) }

    /// Whether the offset never changes (in the tabulated range).
    public var isFixedOffset: Bool { transitions.isEmpty }

    /// The offset from UTC at an instant, in seconds (east positive).
    public func offset(at instant: Instant) -> Int { Int(offsetMillis(at: instant.millis) / 1000) }

    /// The wall-clock date and time at an instant.
    public func localDateTime(of instant: Instant) -> LocalDateTime {
        LocalDateTime(localMillis: localMillis(at: instant.millis))
    }

    /// The instant a wall clock shows `minuteOfDay` (0...1440, clamped) on `date`; 1440 is
    /// midnight at the end of the day.
    public func instant(of date: LocalDate, minuteOfDay: Int) -> Instant {
        let minute = Int64(min(max(minuteOfDay, 0), 1440))
        return Instant(millis: utcMillis(day: date.dayNumber, millisecondOfDay: minute * 60_000))
    }

    /// The instant a wall clock shows `dateTime`.
    public func instant(of dateTime: LocalDateTime) -> Instant {
        Instant(millis: utcMillis(day: dateTime.date.dayNumber, millisecondOfDay: Int64(dateTime.millisecondOfDay)))
    }

    // MARK: - Internals on raw milliseconds

    func offsetMillis(at utc: Int64) -> Int64 {
        if transitions.isEmpty { return offsets[0] }
        if utc >= lastTransition, utc < Self.tabulated.upperBound { return lastOffset }
        if !Self.tabulated.contains(utc), let zone = foundationZone {
            return Int64(zone.secondsFromGMT(for: Self.date(utc))) * 1000
        }
        return offsets[Self.countNotAfter(utc, in: transitions)]
    }

    func localMillis(at utc: Int64) -> Int64 {
        let (sum, overflow) = utc.addingReportingOverflow(offsetMillis(at: utc))
        return overflow ? utc : sum
    }

    /// The local day number (days since 1970-01-01 on the wall clock) of an instant.
    func localDay(at utc: Int64) -> Int { Int(CivilDays.floorDiv(localMillis(at: utc), 86_400_000)) }

    func utcMillis(day: Int, millisecondOfDay: Int64) -> Int64 {
        let local = Int64(CivilDays.clamp(day)) * 86_400_000 + millisecondOfDay
        return utcMillis(local: local)
    }

    func utcMillis(local: Int64) -> Int64 {
        if transitions.isEmpty { return local - offsets[0] }
        let margin: Int64 = 2 * 86_400_000
        if local >= lastLocal, local < Self.tabulated.upperBound - margin { return local - lastOffset }
        guard local >= Self.tabulated.lowerBound + margin, local < Self.tabulated.upperBound - margin else {
            let guess = local - offsetMillis(at: local)
            return local - offsetMillis(at: guess)
        }
        let count = Self.countNotAfter(local, in: localLow)
        if count == 0 { return local - offsets[0] }
        let j = count - 1
        if local >= localHigh[j] { return local - offsets[j + 1] }
        // Within the gap or overlap of transition j.
        return offsets[j + 1] > offsets[j] ? transitions[j] : local - offsets[j]
    }

    /// The first transition strictly after `utc`, if it is tabulated.
    func nextTransition(after utc: Int64) -> Int64? {
        let i = Self.countNotAfter(utc, in: transitions)
        return i < transitions.count ? transitions[i] : nil
    }

    /// The number of elements `<= value` in an ascending array.
    @inline(__always)
    private static func countNotAfter(_ value: Int64, in sorted: [Int64]) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) >> 1
            if sorted[mid] <= value { low = mid + 1 } else { high = mid }
        }
        return low
    }

    private static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }
}
