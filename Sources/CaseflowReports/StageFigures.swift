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
