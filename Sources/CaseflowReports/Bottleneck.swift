/// A stage's place in the bottleneck ranking (`Report.rankingRule`) and why it is there.
public struct Bottleneck: Sendable, Equatable, Codable {
    public var rank: Int
    public var stage: String
    /// `100 × miss rate × (1 + mean overrun)`, one decimal; 0 for a stage without an SLA target.
    public var score: Double
    /// The stage's SLA target as written (`2 business days`; several joined by ` / `); nil without one.
    public var target: String?
    /// Judged visits that missed the target, in percent, one decimal; 0 without a target.
    public var breachPercent: Double
    /// Mean working time past the target over the missed visits whose clock stopped, as a
    /// multiple of the target (0.4 = 40 % late); nil when no such visit.
    public var overrun: Double?
    /// Working time of completed visits, nearest-rank p90.
    public var p90Millis: Int64
    /// The figures behind the rank, in words.
    public var why: String
    /// Visits judged against the target, those that missed it, and the median working time: the
    /// rest of what `why` says, for wording it in another language (not in the report's JSON).
    public var judged = 0
    public var missed = 0
    public var medianMillis: Int64 = 0

    enum CodingKeys: String, CodingKey {
        case rank, stage, score, target, breachPercent, overrun, p90Millis, why
    }
}
