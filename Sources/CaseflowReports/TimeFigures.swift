/// Nearest-rank percentiles of working times, in milliseconds.
public struct TimeFigures: Sendable, Equatable, Codable {
    public var medianMillis: Int64
    public var p90Millis: Int64
    public var maxMillis: Int64

    /// Nil for no values; `values` need not be sorted.
    init?(_ values: [Int64]) {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        self.init(medianMillis: Percentiles.nearestRank(sorted, percent: 50), p90Millis: Percentiles.nearestRank(sorted, percent: 90),
                  maxMillis: sorted[sorted.count - 1])
    }

    public init(medianMillis: Int64, p90Millis: Int64, maxMillis: Int64) {
        self.medianMillis = medianMillis
        self.p90Millis = p90Millis
        self.maxMillis = maxMillis
    }
}
