import CaseflowModel

/// An SLA clock of a stage visit or of a case. Changed only by events.
public struct SLAClock: Sendable, Equatable {
    public var target: String
    /// Business targets count working time; others elapsed time.
    public var business: Bool
    /// `N business days`: the deadline is a working moment ("the same working moment N working
    /// days later"), never the closing time before it.
    public var workingMoment: Bool
    /// When the clock started counting (for business targets, the first working moment).
    public var startedAt: Instant
    /// The target's length, measured like the target.
    public var budget: Int64
    /// Time counted before the current running stretch.
    public var consumed: Int64
    /// Start of the current running stretch; nil while paused.
    public var runningSince: Instant?
    /// The deadline in force; nil while paused.
    public var deadline: Instant?
    public var warnAt: Instant?
    public var warned = false
    /// The deadline at which the clock breached.
    public var breachedAt: Instant?
    /// Escalation levels already raised in this visit.
    public var levelsFired = 0

    public var isPaused: Bool { runningSince == nil && breachedAt == nil }
    public var isBreached: Bool { breachedAt != nil }

    /// `expect: sla` reads this: paused, breached, warned, running (in that order of precedence).
    public var state: String {
        if isPaused { return "paused" }
        if isBreached { return "breached" }
        if warned { return "warned" }
        return "running"
    }
}
