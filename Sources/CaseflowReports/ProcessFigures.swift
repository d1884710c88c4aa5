/// Every section of a report over one set of cases. Times are working milliseconds on the
/// workflow's calendar unless a name says calendar.
public struct ProcessFigures: Sendable, Equatable, Codable {
    public var cases: Int
    /// Every stage in process order (the order the workflow lists them).
    public var stages: [StageFigures]
    /// The whole-case SLA, when the workflow has one.
    public var caseSLA: SLAFigures?
    /// Stages other than ends, in process order.
    public var funnel: [FunnelStep]
    public var outcomes: Outcomes
    /// Opened → closed, per outcome, then `all` closed cases.
    public var leadTimes: [LeadTime]
    /// `--from A --to B`: first entry into A to first entry into B.
    public var span: StageSpan?
    public var bottlenecks: [Bottleneck]
    /// Work by person and by role (the role the event was recorded under).
    public var people: [WorkFigures]
    public var roles: [WorkFigures]
    /// The workflow's declared `kpis:`, in declaration order.
    public var kpis: [KPIFigure]
    /// `--every`: one entry per period of the cases' opening, gaps included; empty otherwise.
    public var trend: [PeriodFigures]
}
