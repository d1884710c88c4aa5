import CaseflowModel

/// An SLA clock of a stage visit or of a case. Changed only by events.
///
/// Every open case holds up to two, so the optional instants are stored as plain milliseconds
/// with a sentinel for "none" (an `Instant?` takes 16 bytes with its padding, a plain one 8):
/// 88 bytes a clock instead of 120.
public struct SLAClock: Sendable, Equatable {
    public var target: String
    /// When the clock started counting (for business targets, the first working moment).
    public var startedAt: Instant
    /// The target's length, measured like the target.
    public var budget: Int64
    /// Time counted before the current running stretch.
    public var consumed: Int64
    private var runningSinceMillis: Int64
    private var deadlineMillis: Int64
    private var warnAtMillis: Int64
    private var breachedAtMillis: Int64
    /// Escalation levels already raised in this visit.
    public var levelsFired = 0
    /// Business targets count working time; others elapsed time.
    public var business: Bool
    /// `N business days`: the deadline is a working moment ("the same working moment N working
    /// days later"), never the closing time before it.
    public var workingMoment: Bool
    public var warned = false

    /// No instant: outside every range the engine accepts.
    private static let none = Int64.min

    private static func pack(_ instant: Instant?) -> Int64 { instant?.millis ?? none }
    private static func unpack(_ millis: Int64) -> Instant? { millis == none ? nil : Instant(millis: millis) }

    init(target: String, business: Bool, workingMoment: Bool, startedAt: Instant, budget: Int64, consumed: Int64,
         runningSince: Instant?, deadline: Instant?, warnAt: Instant?, warned: Bool = false, breachedAt: Instant? = nil,
         levelsFired: Int = 0) {
        self.target = target
        self.startedAt = startedAt
        self.budget = budget
        self.consumed = consumed
        runningSinceMillis = Self.pack(runningSince)
        deadlineMillis = Self.pack(deadline)
        warnAtMillis = Self.pack(warnAt)
        breachedAtMillis = Self.pack(breachedAt)
        self.levelsFired = levelsFired
        self.business = business
        self.workingMoment = workingMoment
        self.warned = warned
    }

    /// Start of the current running stretch; nil while paused.
    public var runningSince: Instant? {
        get { Self.unpack(runningSinceMillis) }
        set { runningSinceMillis = Self.pack(newValue) }
    }

    /// The deadline in force; nil while paused.
    public var deadline: Instant? {
        get { Self.unpack(deadlineMillis) }
        set { deadlineMillis = Self.pack(newValue) }
    }

    public var warnAt: Instant? {
        get { Self.unpack(warnAtMillis) }
        set { warnAtMillis = Self.pack(newValue) }
    }

    /// The deadline at which the clock breached.
    public var breachedAt: Instant? {
        get { Self.unpack(breachedAtMillis) }
        set { breachedAtMillis = Self.pack(newValue) }
    }

    public var isPaused: Bool { runningSinceMillis == Self.none && breachedAtMillis == Self.none }
    public var isBreached: Bool { breachedAtMillis != Self.none }

    /// `expect: sla` reads this: paused, breached, warned, running (in that order of precedence).
    public var state: String {
        if isPaused { return "paused" }
        if isBreached { return "breached" }
        if warned { return "warned" }
        return "running"
    }
}
