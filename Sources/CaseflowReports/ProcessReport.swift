/// KPIs of the cases of one workflow, computed from their histories by `ReportBuilder`.
/// Times are working milliseconds on the workflow's calendar.
public struct ProcessReport: Sendable, Equatable, Codable {
    public var workflow: String
    public var title: String?
    /// The calendar time spent is measured on (`all-hours` when the workflow has none).
    public var calendar: String
    public var zone: String
    /// Cases counted (opened at or after `since`, when given).
    public var cases: Int
    public var stages: [StageFigures]
    public var funnel: [FunnelStep]
    public var outcomes: Outcomes
    /// The whole-case SLA, when the workflow has one.
    public var caseSLA: SLAFigures?
    public var bottlenecks: [Bottleneck]
}

/// What happened at one stage, over every case that entered it.
public struct StageFigures: Sendable, Equatable, Codable {
    public var stage: String
    /// worked, automatic, gate, timer or end.
    public var kind: String
    /// Cases that entered the stage at least once.
    public var cases: Int
    /// Entries into the stage (a case sent back by a gate enters again).
    public var visits: Int
    /// Visits that ended by leaving the stage; their working time gives `time`.
    public var completedVisits: Int
    /// Working time per completed visit; nil at automatic and end stages, or with no completed visit.
    public var time: TimeFigures?
    public var sla: SLAFigures?
    public var gate: GateFigures?
}

/// Nearest-rank percentiles of the working time of completed visits, in milliseconds.
public struct TimeFigures: Sendable, Equatable, Codable {
    public var medianMillis: Int64
    public var p90Millis: Int64
    public var maxMillis: Int64
}

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

    public var breachRate: Double { judged == 0 ? 0 : Double(breaches) / Double(judged) }
}

public struct LevelCount: Sendable, Equatable, Codable {
    public var level: Int
    public var count: Int
}

/// Votes and decisions at a gate.
public struct GateFigures: Sendable, Equatable, Codable {
    public var approvals: Int
    public var rejections: Int
    /// Visits decided: passed plus rejected.
    public var passed: Int
    public var rejected: Int
    /// `rejected / (passed + rejected)` in percent, one decimal; nil when nothing was decided.
    public var rejectionPercent: Double?
}

/// One step of the funnel: cases that entered a stage, and how many of them left it again.
public struct FunnelStep: Sendable, Equatable, Codable {
    public var stage: String
    public var entered: Int
    /// Cases that left the stage at least once (to any next stage).
    public var movedOn: Int
    /// Open cases standing at this stage now.
    public var stillHere: Int
    /// `movedOn / entered` in percent, one decimal.
    public var movedOnPercent: Double?
}

public struct Outcomes: Sendable, Equatable, Codable {
    /// Closed cases by outcome, most frequent first (ties by name).
    public var closed: [OutcomeCount]
    public var cancelled: Int
    public var open: Int
}

public struct OutcomeCount: Sendable, Equatable, Codable {
    public var outcome: String
    public var cases: Int
}

/// A stage ranked by `score = p90 working hours × (1 + breach rate)`.
public struct Bottleneck: Sendable, Equatable, Codable {
    public var rank: Int
    public var stage: String
    public var p90Millis: Int64
    /// Breaches per judged visit, in percent (one decimal); 0 for stages without an SLA.
    public var breachPercent: Double
    public var score: Double
}

/// Reports on every workflow asked for, and the cases that could not be counted.
public struct Report: Sendable, Equatable, Codable {
    public var processes: [ProcessReport]
    /// Cases whose workflow is not among the loaded definitions, by workflow id.
    public var skipped: [SkippedCases]

    public init(processes: [ProcessReport] = [], skipped: [SkippedCases] = []) {
        self.processes = processes
        self.skipped = skipped
    }
}

public struct SkippedCases: Sendable, Equatable, Codable {
    public var workflow: String
    public var cases: Int
}

extension Report {
    /// How bottlenecks are ranked, as the outputs and README explain it.
    public static let rankingRule = "score = p90 working hours × (1 + breach rate); worked stages and gates with a completed visit, highest score first"
}
