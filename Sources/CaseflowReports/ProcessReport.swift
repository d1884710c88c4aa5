/// The figures of one workflow's cases, computed by `ReportBuilder`: for all of them, and again
/// for each value of the `--by` field.
public struct ProcessReport: Sendable, Equatable, Codable {
    public var workflow: String
    public var title: String?
    /// The calendar working time is measured on (`all-hours` when the workflow has none).
    public var calendar: String
    public var zone: String
    /// Working milliseconds in one business day of the calendar (its longest working day).
    public var dayMillis: Int64
    /// The outcome of the end stage the default path leads to: what counts as won.
    public var mainOutcome: String?
    /// The data field the cases are sliced by (`--by`), and the period of the trends (`--every`).
    public var by: String?
    public var every: String?
    /// Every case counted (opened at or after `since`, when given).
    public var figures: ProcessFigures
    /// The same figures per value of `by`, in value order, `(none)` last.
    public var slices: [ReportSlice]

    public init(workflow: String, title: String?, calendar: String, zone: String, dayMillis: Int64, mainOutcome: String?,
                by: String?, every: String?, figures: ProcessFigures, slices: [ReportSlice]) {
        self.workflow = workflow
        self.title = title
        self.calendar = calendar
        self.zone = zone
        self.dayMillis = dayMillis
        self.mainOutcome = mainOutcome
        self.by = by
        self.every = every
        self.figures = figures
        self.slices = slices
    }

    public var cases: Int { figures.cases }
    public var stages: [StageFigures] { figures.stages }
    public var funnel: [FunnelStep] { figures.funnel }
    public var outcomes: Outcomes { figures.outcomes }
    public var caseSLA: SLAFigures? { figures.caseSLA }
    public var bottlenecks: [Bottleneck] { figures.bottlenecks }
}
