import CaseflowModel

/// Duration arithmetic on a workflow's calendar, never failing: a calendar with no working time
/// within its search horizon puts the moment out of reach (the far future) rather than crash.
struct BusinessClock {
    /// The workflow, not a copy of its calendar: copying `WorkingCalendar` retains and releases
    /// every one of its tables, which was the engine's hottest cost.
    let workflow: CompiledWorkflow

    init(workflow: CompiledWorkflow) { self.workflow = workflow }

    static let never = Instant(millis: Int64.max / 4)

    func start(_ spec: DurationSpec, at t: Instant) -> Instant {
        spec.isBusiness ? ((try? workflow.calendar.nextWorkingMoment(atOrAfter: t)) ?? Self.never) : t
    }

    /// The target's length, measured like the target (working time for business targets).
    func budget(_ spec: DurationSpec, from start: Instant) -> Int64 {
        switch spec {
        case .elapsed(let ms), .businessTime(let ms): return ms
        case .businessDays(let n):
            guard let end = try? workflow.calendar.addBusinessDays(n, to: start) else { return Self.never.millis }
            return workflow.calendar.workingTime(from: start, to: end)
        }
    }

    /// The target's budget from `start` and the deadline it gives (`start` plus the budget, at a
    /// working moment for business days). For `N business days` one calendar walk gives both: the
    /// budget is the working time to the moment N working days on, and that moment is the
    /// deadline (a property the calendar tests hold on every kind of calendar, daylight saving
    /// included), so the budget is not walked a second time to find it.
    func budgetAndDeadline(_ spec: DurationSpec, from start: Instant) -> (budget: Int64, deadline: Instant) {
        if case .businessDays(let n) = spec, start < Self.never, let end = try? workflow.calendar.addBusinessDays(n, to: start) {
            return (workflow.calendar.workingTime(from: start, to: end), end)
        }
        let budget = budget(spec, from: start)
        return (budget, add(budget, to: start, business: spec.isBusiness, workingMoment: Self.endsAtWorkingMoment(spec)))
    }

    /// `t` plus an amount measured like the target. With `workingMoment`, a result at a closing
    /// time moves to the next opening (the same working time, and the moment work resumes).
    func add(_ amount: Int64, to t: Instant, business: Bool, workingMoment: Bool = false) -> Instant {
        guard t < Self.never else { return Self.never }
        if !business { return Instant(millis: t.millis &+ max(0, amount)) }
        guard let end = try? workflow.calendar.addWorkingTime(max(0, amount), to: t) else { return Self.never }
        guard workingMoment, !workflow.calendar.isWorking(at: end) else { return end }
        return (try? workflow.calendar.nextWorkingMoment(atOrAfter: end)) ?? Self.never
    }

    /// Business-days targets end at working moments.
    static func endsAtWorkingMoment(_ spec: DurationSpec) -> Bool {
        if case .businessDays = spec { return true }
        return false
    }

    /// Time between two instants, measured like the target.
    func measure(from a: Instant, to b: Instant, business: Bool) -> Int64 {
        guard b > a else { return 0 }
        return business ? workflow.calendar.workingTime(from: a, to: b) : b.millis - a.millis
    }

    /// `t` plus a duration in any form (escalation delays, waits).
    func add(_ spec: DurationSpec, to t: Instant) -> Instant {
        switch spec {
        case .elapsed(let ms): return Instant(millis: t.millis &+ ms)
        case .businessTime(let ms): return add(ms, to: t, business: true)
        case .businessDays(let n): return (try? workflow.calendar.addBusinessDays(n, to: t)) ?? Self.never
        }
    }
}
