import CaseflowModel

/// Duration arithmetic on a workflow's calendar, never failing: a calendar with no working time
/// within its search horizon puts the moment out of reach (the far future) rather than crash.
struct BusinessClock {
    let calendar: WorkingCalendar

    static let never = Instant(millis: Int64.max / 4)

    func start(_ spec: DurationSpec, at t: Instant) -> Instant {
        spec.isBusiness ? ((try? calendar.nextWorkingMoment(atOrAfter: t)) ?? Self.never) : t
    }

    /// The target's length, measured like the target (working time for business targets).
    func budget(_ spec: DurationSpec, from start: Instant) -> Int64 {
        switch spec {
        case .elapsed(let ms), .businessTime(let ms): return ms
        case .businessDays(let n):
            guard let end = try? calendar.addBusinessDays(n, to: start) else { return Self.never.millis }
            return calendar.workingTime(from: start, to: end)
        }
    }

    /// `t` plus an amount measured like the target.
    func add(_ amount: Int64, to t: Instant, business: Bool) -> Instant {
        guard t < Self.never else { return Self.never }
        if !business { return Instant(millis: t.millis &+ max(0, amount)) }
        return (try? calendar.addWorkingTime(max(0, amount), to: t)) ?? Self.never
    }

    /// Time between two instants, measured like the target.
    func measure(from a: Instant, to b: Instant, business: Bool) -> Int64 {
        guard b > a else { return 0 }
        return business ? calendar.workingTime(from: a, to: b) : b.millis - a.millis
    }

    /// `t` plus a duration in any form (escalation delays, waits).
    func add(_ spec: DurationSpec, to t: Instant) -> Instant {
        switch spec {
        case .elapsed(let ms): return Instant(millis: t.millis &+ ms)
        case .businessTime(let ms): return add(ms, to: t, business: true)
        case .businessDays(let n): return (try? calendar.addBusinessDays(n, to: t)) ?? Self.never
        }
    }
}
