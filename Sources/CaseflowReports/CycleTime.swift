/// How long cases took between two moments: nearest-rank p50 and p90, in working time on the
/// workflow's calendar and in calendar time, milliseconds.
public struct CycleTime: Sendable, Equatable, Codable {
    public var cases: Int
    public var workingP50Millis: Int64
    public var workingP90Millis: Int64
    public var calendarP50Millis: Int64
    public var calendarP90Millis: Int64

    /// Nil for no cases; the arrays hold one time per case, in any order.
    init?(working: [Int64], calendar: [Int64]) {
        guard !working.isEmpty, working.count == calendar.count else { return nil }
        let w = working.sorted(), c = calendar.sorted()
        self.init(cases: w.count, workingP50Millis: Percentiles.nearestRank(w, percent: 50),
                  workingP90Millis: Percentiles.nearestRank(w, percent: 90),
                  calendarP50Millis: Percentiles.nearestRank(c, percent: 50), calendarP90Millis: Percentiles.nearestRank(c, percent: 90))
    }

    public init(cases: Int, workingP50Millis: Int64, workingP90Millis: Int64, calendarP50Millis: Int64, calendarP90Millis: Int64) {
        self.cases = cases
        self.workingP50Millis = workingP50Millis
        self.workingP90Millis = workingP90Millis
        self.calendarP50Millis = calendarP50Millis
        self.calendarP90Millis = calendarP90Millis
    }
}
