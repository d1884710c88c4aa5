import CaseflowModel
import CaseflowRules

/// SLA clocks: start, pause and resume, re-chosen targets, stop.
extension Transaction {
    var clock: BusinessClock { BusinessClock(workflow: workflow) }

    func sla(_ scope: ClockScope) -> CompiledSLA? { scope == .stage ? stage.sla : workflow.caseSLA }

    /// The first target whose `when` holds, of `scope`'s SLA `sla`.
    mutating func chooseTarget(_ scope: ClockScope, _ sla: CompiledSLA) throws(Refusal) -> (DurationSpec, String, Why)? {
        // The cause names the SLA by its stage's index (-1: the case's).
        let owner = scope == .case ? -1
            : workflow.stages[state.stage].sla === sla ? state.stage
            : workflow.stages.firstIndex { $0.sla === sla } ?? -1
        for i in sla.targets.indices {
            guard let condition = sla.targets[i].condition else {
                return (sla.targets[i].due, sla.targetNames[i], Why(.target(workflow, sla: owner, target: i, seen: [])))
            }
            if try holds(condition, "SLA target condition") {
                var read: [Value] = []
                Why.read(condition, workflow, state.slots, into: &read)
                return (sla.targets[i].due, sla.targetNames[i], Why(.target(workflow, sla: owner, target: i, seen: read)))
            }
        }
        return nil
    }

    mutating func startClock(_ scope: ClockScope, _ sla: CompiledSLA) throws(Refusal) {
        guard let (spec, name, why) = try chooseTarget(scope, sla) else { return }
        let start = clock.start(spec, at: now)
        let (budget, deadline) = clock.budgetAndDeadline(spec, from: start)
        let business = spec.isBusiness
        let moment = BusinessClock.endsAtWorkingMoment(spec)
        let c = SLAClock(target: name, business: business, workingMoment: moment, startedAt: start, budget: budget,
                         consumed: 0, runningSince: start, deadline: deadline,
                         warnAt: sla.warn.map { clock.add(Int64(Double(budget) * $0), to: start, business: business, workingMoment: moment) })
        emit(.slaStarted(scope, c), by: CaseEvent.system, why: why)
        try followPause(scope, sla)
    }

    /// A clock carried over by a migration: the new version's target, with the time `previous`
    /// already counted (its warning and the escalation levels it raised stay done).
    mutating func startClock(_ scope: ClockScope, _ sla: CompiledSLA, spent: Int64, from previous: SLAClock?) throws(Refusal) {
        guard let (spec, name, why) = try chooseTarget(scope, sla) else { return }
        let start = clock.start(spec, at: now)
        let budget = clock.budget(spec, from: start)
        let business = spec.isBusiness
        let moment = BusinessClock.endsAtWorkingMoment(spec)
        let warned = previous?.warned ?? false
        var c = SLAClock(target: name, business: business, workingMoment: moment, startedAt: start, budget: budget,
                         consumed: spent, runningSince: start,
                         deadline: clock.add(budget - spent, to: start, business: business, workingMoment: moment),
                         warnAt: warned ? nil : sla.warn.map { clock.add(Int64(Double(budget) * $0) - spent, to: start, business: business, workingMoment: moment) })
        c.warned = warned
        if let p = previous, p.isBreached, spent >= budget { c.breachedAt = p.breachedAt }
        c.levelsFired = min(previous?.levelsFired ?? 0, sla.levels.count)
        emit(.slaStarted(scope, c), by: CaseEvent.system, why: Why(why.reason + (spent > 0 ? ", time already spent carried over" : ""), values: why.values))
        try followPause(scope, sla)
    }

    /// Time the clock has counted by now.
    func consumed(_ c: SLAClock) -> Int64 {
        c.consumed + (c.runningSince.map { clock.measure(from: $0, to: now, business: c.business) } ?? 0)
    }

    mutating func stopClock(_ scope: ClockScope) {
        guard let c = state[clock: scope] else { return }
        emit(.slaStopped(scope, met: !c.isBreached, workingMillis: consumed(c)), by: CaseEvent.system)
    }

    /// Data changed: clocks whose target or pause condition read it follow.
    mutating func clocksFollowData(changed: [Int]) throws(Refusal) {
        for scope in [ClockScope.stage, .case] {
            guard let sla = sla(scope), changed.contains(where: sla.watches.contains), let c = state[clock: scope],
                  !c.isBreached else { continue }
            if sla.targets.count > 1 || sla.targets.first?.condition != nil, let (spec, name, why) = try chooseTarget(scope, sla),
               name != c.target {
                let budget = clock.budget(spec, from: c.startedAt)
                let moment = BusinessClock.endsAtWorkingMoment(spec)
                var deadline: Instant?, warnAt: Instant?
                if let since = c.runningSince {
                    deadline = clock.add(budget - c.consumed, to: since, business: c.business, workingMoment: moment)
                    if !c.warned, let share = sla.warn {
                        warnAt = clock.add(Int64(Double(budget) * share) - c.consumed, to: since, business: c.business,
                                           workingMoment: moment)
                    }
                }
                emit(.slaRetargeted(scope, target: name, budget: budget, workingMoment: moment, deadline: deadline, warnAt: warnAt),
                     by: CaseEvent.system, why: why)
            }
            try followPause(scope, sla)
        }
    }

    /// Pauses a running clock while `pause_when` holds; resumes it, deadline moved out, when it stops holding.
    mutating func followPause(_ scope: ClockScope, _ sla: CompiledSLA) throws(Refusal) {
        guard let pause = sla.pause, let c = state[clock: scope], !c.isBreached else { return }
        let paused = try holds(pause, "pause_when")
        if paused, c.runningSince != nil {
            emit(.slaPaused(scope, consumed: consumed(c)), by: CaseEvent.system,
                 why: Why("\(pause.source) holds", values: seen(pause)))
        } else if !paused, c.runningSince == nil {
            let warnAt = c.warned ? nil : sla.warn.map {
                clock.add(Int64(Double(c.budget) * $0) - c.consumed, to: now, business: c.business, workingMoment: c.workingMoment)
            }
            let deadline = clock.add(c.budget - c.consumed, to: now, business: c.business, workingMoment: c.workingMoment)
            emit(.slaResumed(scope, deadline: deadline, warnAt: warnAt),
                 by: CaseEvent.system, why: Why("\(pause.source) no longer holds", values: seen(pause)))
        }
    }
}
