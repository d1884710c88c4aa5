import CaseflowModel
import CaseflowRules

/// Timers are data: the next due instant is computed from the case; firing is a step like any other.
extension Transaction {
    enum Timer: Equatable {
        case waitOver
        case warn(ClockScope)
        case breach(ClockScope)
        case level(ClockScope, Int)

        /// At one instant: waits first, then warnings, breaches, escalation levels.
        var rank: Int {
            switch self {
            case .waitOver: return 0
            case .warn: return 1
            case .breach: return 2
            case .level: return 3
            }
        }
    }

    func nextTimer() -> (due: Instant, timer: Timer)? {
        guard state.isOpen else { return nil }
        var best: (due: Instant, timer: Timer)?
        let s = stage
        if s.kind == .timer { Self.consider(state.waitUntil, .waitOver, &best) }
        // The clocks' instants and flags only: a copy of a whole clock would retain its target's name.
        if let c = state.stageClock?.timing, let sla = s.sla { clockTimers(.stage, c, sla, &best) }
        if let c = state.caseClock?.timing, let sla = workflow.caseSLA { clockTimers(.case, c, sla, &best) }
        return best
    }

    /// No timer of the case is due before this instant (nil: one may be due at any time). Read
    /// from the case's own instants, a bound below every due time `nextTimer` can find: a wait
    /// ends at `waitUntil`; a warning at `warnAt`; a breach at the deadline; an escalation level at
    /// the warning, the deadline or the breach, or later by its delay, except a `warn` level of a
    /// clock that has already warned, which is due at once (and then there is no bound).
    func earliestPossibleDue() -> Instant? {
        var earliest = BusinessClock.never.millis
        if let t = state.waitUntil { earliest = min(earliest, t.millis) }
        func bound(_ c: SLAClock.Timing?) -> Bool {
            guard let c else { return true }
            if c.warned { return false }
            if let t = c.warnAt { earliest = min(earliest, t.millis) }
            if let t = c.deadline { earliest = min(earliest, t.millis) }
            if let t = c.breachedAt { earliest = min(earliest, t.millis) }
            return true
        }
        guard bound(state.stageClock?.timing), bound(state.caseClock?.timing) else { return nil }
        return Instant(millis: earliest)
    }

    /// The timers of one running clock: its warning, its breach, its next escalation level.
    private func clockTimers(_ scope: ClockScope, _ c: SLAClock.Timing, _ sla: CompiledSLA, _ best: inout (due: Instant, timer: Timer)?) {
        if !c.warned, c.breachedAt == nil { Self.consider(c.warnAt, .warn(scope), &best) }
        if c.breachedAt == nil { Self.consider(c.deadline, .breach(scope), &best) }
        if c.levelsFired < sla.levels.count {
            // Only the level's moment: a copy of the whole level would retain its lists.
            Self.consider(levelDue(sla.levels[c.levelsFired].at, c, sla), .level(scope, c.levelsFired), &best)
        }
    }

    private static func consider(_ due: Instant?, _ timer: Timer, _ best: inout (due: Instant, timer: Timer)?) {
        guard let due, due < BusinessClock.never else { return }
        if let b = best, (b.due, b.timer.rank) <= (due, timer.rank) { return }
        best = (due, timer)
    }

    /// `warn`: when the warning fires (at breach if the SLA sets no warning share);
    /// `breach + d`: d after the deadline in force.
    func levelDue(_ moment: EscalationLevel.Moment, _ c: SLAClock.Timing, _ sla: CompiledSLA) -> Instant? {
        let breach = c.breachedAt ?? c.deadline
        switch moment {
        case .warn: return sla.warn == nil ? breach : (c.warnAt ?? (c.warned ? now : nil))
        case .breach(nil): return breach
        case .breach(let delay?): return breach.map { clock.add(delay, to: $0) }
        }
    }

    /// Fires every timer due by `until`, in due order, each at its due instant.
    mutating func fireDue(upTo until: Instant) {
        // Most steps find nothing due: the case's instants alone can tell, without the SLAs.
        if let earliest = earliestPossibleDue(), until < earliest {
            now = max(now, until)
            return
        }
        for _ in 0..<10_000 {
            guard let (due, timer) = nextTimer(), due <= until else { break }
            now = max(due, state.lastEventAt)
            fire(timer, late: until.millis - due.millis)
        }
        // What follows (the command itself) happens at the caller's instant, not the last timer's.
        now = max(now, until)
    }

    private mutating func fire(_ timer: Timer, late: Int64) {
        do throws(Refusal) {
            switch timer {
            case .waitOver:
                let s = stage
                let (target, _) = try chooseNext(s)
                leave(by: CaseEvent.system, late: max(0, late))
                try enter(target, why: Why(.stage(workflow, .waitOver, stage: s.index, detail: "")))
            case .warn(let scope):
                emit(.slaWarned(scope, lateMillis: late), by: CaseEvent.system,
                     why: Why("\(Int(((sla(scope)?.warn ?? 0) * 100).rounded()))% of \(state[clock: scope]?.target ?? "") used"))
            case .breach(let scope):
                emit(.slaBreached(scope, lateMillis: late), by: CaseEvent.system,
                     why: Why("target \(state[clock: scope]?.target ?? "") passed"))
            case .level(let scope, let index):
                try escalate(scope, index, late: late)
            }
        } catch {
            // A timer cannot be refused: keep what happened, and say why the case could not follow.
            emit(.stuck(reason: error.message), by: CaseEvent.system)
        }
    }

    private mutating func escalate(_ scope: ClockScope, _ index: Int, late: Int64) throws(Refusal) {
        guard let sla = sla(scope) else { return }
        let level = sla.levels[index]
        var notified: [String] = []
        for target in level.notify {
            // `owner`: the person the stage is assigned to, or else everyone holding its role now;
            // a role of the workflow: everyone holding it; otherwise a person of the directory.
            let people = target == "owner"
                ? (state.assignee.map { [$0] } ?? state.role.map { directory.people(holding: $0) } ?? [])
                : workflow.roles.contains(target) ? directory.people(holding: target)
                : directory.exists(target) ? [target] : []
            for p in people where !notified.contains(p) { notified.append(p) }
        }
        let sets = level.set.map { FieldChange(workflow.fields[$0.slot].name, $0.value, slot: $0.slot) }
        let record = EscalationRecord(scope: scope, stage: stage.id, level: level.index, moment: level.at.description,
                                      notified: notified, reassign: level.reassign, set: sets,
                                      goto: level.goto.map { workflow.stages[$0].id }, lateMillis: max(0, late))
        let why = Why("\(scope == .stage ? "stage \(stage.id)" : "case") SLA \(level.at.description)")
        emit(.escalationRaised(record), by: CaseEvent.system, why: why)
        if !sets.isEmpty { try write(sets, by: CaseEvent.system, why: Why("escalation level \(level.index)")) }
        if let target = level.goto {
            leave(by: CaseEvent.system)
            try enter(target, why: Why("escalation level \(level.index): goto \(workflow.stages[target].id)"))
        }
    }
}
