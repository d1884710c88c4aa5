/// Nearest-rank percentiles: the smallest value with at least p % of the values at or below it.
public enum Percentiles {
    /// `values` must be sorted ascending and not empty; `percent` in 1...100.
    public static func nearestRank(_ values: [Int64], percent: Int) -> Int64 {
        precondition(!values.isEmpty)
        let rank = (percent * values.count + 99) / 100
        return values[max(0, min(values.count, rank) - 1)]
    }

    /// `part / whole` in percent, rounded to one decimal; nil when `whole` is 0.
    public static func percent(_ part: Int, of whole: Int) -> Double? {
        guard whole > 0 else { return nil }
        return (Double(part) * 1000 / Double(whole)).rounded() / 10
    }
}
