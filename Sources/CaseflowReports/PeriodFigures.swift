/// The cases opened in one week or month (`--every`), and how they have ended so far.
public struct PeriodFigures: Sendable, Equatable, Codable {
    /// `2026-W10` (ISO week) or `2026-03`.
    public var period: String
    /// Its first day, in the workflow's zone.
    public var start: String
    public var opened: Int
    /// Of those, closed by outcome, most frequent first.
    public var closed: [OutcomeCount]
    public var cancelled: Int
    public var open: Int
    /// Closed with the main outcome / closed, in percent; nil when none closed.
    public var winPercent: Double?
    /// Median lead-to-close of the closed ones.
    public var leadP50WorkingMillis: Int64?
    public var leadP50CalendarMillis: Int64?
    /// Stage clocks of these cases met / judged, in percent.
    public var slaMetPercent: Double?
    public var kpis: [KPIFigure]
}
