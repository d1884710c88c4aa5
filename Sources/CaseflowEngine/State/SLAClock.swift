import CaseflowModel

/// An optional instant in 8 bytes: milliseconds, with `Int64.min` (outside every range the
/// engine accepts) for none. An `Instant?` takes 16 with its padding.
@propertyWrapper
public struct PackedInstant: Sendable, Equatable {
    private var millis: Int64

    public init(wrappedValue: Instant?) { millis = wrappedValue?.millis ?? .min }

    public var wrappedValue: Instant? {
        get { millis == .min ? nil : Instant(millis: millis) }
        set { millis = newValue?.millis ?? .min }
    }
}

/// An SLA clock of a stage visit or of a case. Changed only by events.
///
/// Every open case holds up to two, so the optional instants are packed (`PackedInstant`) and
/// the flags come last: 88 bytes a clock instead of 120.
public struct SLAClock: Sendable, Equatable {
    public var target: String
    /// When the clock started counting (for business targets, the first working moment).
    public var startedAt: Instant
    /// The target's length, measured like the target.
    public var budget: Int64
    /// Time counted before the current running stretch.
    public var consumed: Int64
    /// Start of the current running stretch; nil while paused.
    @PackedInstant public var runningSince: Instant?
    /// The deadline in force; nil while paused.
    @PackedInstant public var deadline: Instant?
    @PackedInstant public var warnAt: Instant?
    /// The deadline at which the clock breached.
    @PackedInstant public var breachedAt: Instant?
    /// Escalation levels already raised in this visit.
    public var levelsFired = 0
    /// Business targets count working time; others elapsed time.
    public var business: Bool
    /// `N business days`: the deadline is a working moment ("the same working moment N working
    /// days later"), never the closing time before it.
    public var workingMoment: Bool
    public var warned = false

    init(target: String, business: Bool, workingMoment: Bool, startedAt: Instant, budget: Int64, consumed: Int64,
         runningSince: Instant?, deadline: Instant?, warnAt: Instant?, warned: Bool = false, breachedAt: Instant? = nil,
         levelsFired: Int = 0) {
        self.target = target
        self.startedAt = startedAt
        self.budget = budget
        self.consumed = consumed
        self.runningSince = runningSince
        self.deadline = deadline
        self.warnAt = warnAt
        self.breachedAt = breachedAt
        self.levelsFired = levelsFired
        self.business = business
        self.workingMoment = workingMoment
        self.warned = warned
    }

    /// What the clock's timers are computed from: its instants and flags, without its target's name.
    struct Timing {
        var deadline: Instant?
        var warnAt: Instant?
        var breachedAt: Instant?
        var levelsFired: Int
        var warned: Bool
    }

    @inline(__always)
    var timing: Timing { Timing(deadline: deadline, warnAt: warnAt, breachedAt: breachedAt, levelsFired: levelsFired, warned: warned) }

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
