import CaseflowYAML

/// A business figure the workflow is run by (`kpis:`), computed by `caseflow report`,
/// `simulate` and the console over the cases of the workflow:
///
/// ```yaml
/// kpis:
///   win_rate: { title: Win rate, rate: 'outcome == "won"', where: 'status == "closed"', target: 30% }
///   contract_value_won: { sum: contract_value, where: 'outcome == "won"', unit: CNY }
/// ```
public struct KPI: Sendable {
    public enum Aggregate: String, Sendable, CaseIterable {
        /// Cases (where the expression holds, when one is given).
        case count
        case sum, avg, min, max
        /// Median and 90th percentile by nearest rank.
        case p50, p90
        /// The share of cases where the condition holds, 0…1.
        case rate
    }

    public enum Better: String, Sendable { case higher, lower }

    public var key: Located<String>
    public var title: String?
    public var aggregate: Aggregate
    /// The value aggregated (a number or duration), or the condition counted (`count`, `rate`);
    /// nil for a bare `count: all`.
    public var expression: ExpressionSource?
    /// Which cases count at all.
    public var condition: ExpressionSource?
    /// In the value's own terms: a number, a share (0.3 or `30%`) or a duration in seconds.
    public var target: Located<Double>?
    public var better: Better
    public var unit: String?
    public var location: SourceLocation

    public init(key: Located<String>, title: String?, aggregate: Aggregate, expression: ExpressionSource?, condition: ExpressionSource?,
                target: Located<Double>?, better: Better, unit: String?, location: SourceLocation) {
        self.key = key
        self.title = title
        self.aggregate = aggregate
        self.expression = expression
        self.condition = condition
        self.target = target
        self.better = better
        self.unit = unit
        self.location = location
    }
}
