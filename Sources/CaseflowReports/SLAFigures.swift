/// An SLA clock's record over the visits (or cases) it ran for.
public struct SLAFigures: Sendable, Equatable, Codable {
    /// Clocks judged: stopped (met or missed), or breached while still running.
    public var judged: Int
    public var met: Int
    /// `met / judged` in percent, one decimal; nil when nothing was judged.
    public var metPercent: Double?
    public var warnings: Int
    public var breaches: Int
    /// Escalations raised, by ladder level (1 = first level).
    public var escalations: [LevelCount]
    /// The target most visits were judged against, as written (`2 business days`), and its
    /// length when it counts working time (nil for elapsed-time targets, or nothing judged).
    public var target: String?
    public var targetMillis: Int64?
}

public struct LevelCount: Sendable, Equatable, Codable {
    public var level: Int
    public var count: Int
}
