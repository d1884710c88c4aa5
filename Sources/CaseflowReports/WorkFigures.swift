/// The work one person, or everyone acting under one role, did on the cases.
public struct WorkFigures: Sendable, Equatable, Codable {
    /// A person's id, or a role.
    public var name: String
    /// Stages they completed (for a stage without a role, the last task's completion completes it).
    public var stagesCompleted: Int
    public var tasksCompleted: Int
    /// Working time from entering the stage to their completion or vote, per action.
    public var time: TimeFigures?
    /// Stage clocks of the stages they completed: judged, met, and met in percent.
    public var slaJudged: Int
    public var slaMet: Int
    public var slaMetPercent: Double?
    /// Gate votes.
    public var approvals: Int
    public var rejections: Int
}
