import CaseflowEngine
import CaseflowModel

/// The running totals of a set of cases of one workflow (all of them, or one `--by` value),
/// made into `ProcessFigures` at the end.
struct FiguresTally {
    let shape: ProcessShape
    let query: ReportQuery
    /// Stage ids in process order, then stages only older versions had, as met.
    private var order: [String]
    private var stages: [String: StageTally] = [:]
    private var caseSLA = SLATally()
    private var cases = 0
    private var closed: [String: Int] = [:]
    private var cancelled = 0
    private var open = 0
    private var leadWorking: [String: [Int64]] = [:]
    private var leadCalendar: [String: [Int64]] = [:]
    private var spanWorking: [Int64] = []
    private var spanCalendar: [Int64] = []
    private var people: [String: WorkTally] = [:]
    private var roles: [String: WorkTally] = [:]
    private var kpis: KPITally
    private var periods: [LocalDate: PeriodTally] = [:]

    init(shape: ProcessShape, query: ReportQuery) {
        self.shape = shape
        self.query = query
        order = shape.order
        kpis = KPITally(workflow: shape.workflow)
    }

    mutating func add(_ c: CaseDigest, summary: CaseSummary?, calendar: WorkingCalendar) {
        cases += 1
        var entered = Set<String>()
        for v in c.visits {
            note(v.stage)
            let timed = shape.kinds[v.stage] != .automatic && shape.kinds[v.stage] != .end
            let first = entered.insert(v.stage).inserted
            // In place: a copy of the tally would copy its durations on every append.
            modify(v.stage) { s in
                s.visits += 1
                if first { s.cases += 1 }
                if let millis = v.workingMillis, timed { s.durations.append(millis) }
                s.sla.warnings += v.warnings
                s.sla.breaches += v.breaches
                if v.judged {
                    s.sla.judged += 1
                    if v.met { s.sla.met += 1 }
                    if let target = v.target {
                        s.sla.targets[target, default: 0] += 1
                        if v.business { s.sla.workingBudgets[target] = v.budget }
                    }
                    if let overrun = v.overrun { s.sla.overruns.append(overrun) }
                }
            }
        }
        for (stage, level) in c.escalations {
            note(stage)
            stages[stage, default: StageTally()].sla.levels[level, default: 0] += 1
        }
        for (stage, approve) in c.votes {
            if approve { stages[stage, default: StageTally()].approvals += 1 } else { stages[stage, default: StageTally()].rejections += 1 }
        }
        for (stage, passed) in c.decisions {
            if passed { stages[stage, default: StageTally()].passed += 1 } else { stages[stage, default: StageTally()].rejected += 1 }
        }
        for stage in c.forward { stages[stage, default: StageTally()].forward += 1 }
        for stage in c.back { stages[stage, default: StageTally()].back += 1 }
        for (stage, outcome) in c.left { stages[stage, default: StageTally()].left[outcome, default: 0] += 1 }
        if let stage = c.cancelledAt { stages[stage, default: StageTally()].cancelled += 1 }
        if let stage = c.standingAt { stages[stage, default: StageTally()].openNow += 1 }

        caseSLA.judged += c.caseSLA.judged
        caseSLA.met += c.caseSLA.met
        caseSLA.warnings += c.caseSLA.warnings
        caseSLA.breaches += c.caseSLA.breaches
        for (level, n) in c.caseSLA.levels { caseSLA.levels[level, default: 0] += n }

        var lead: (working: Int64, calendar: Int64)?
        switch c.status {
        case .closed:
            let outcome = c.outcome ?? ""
            closed[outcome, default: 0] += 1
            if let end = c.endedAt {
                lead = (calendar.workingTime(from: c.openedAt, to: end), end.millis - c.openedAt.millis)
                leadWorking[outcome, default: []].append(lead!.working)
                leadCalendar[outcome, default: []].append(lead!.calendar)
            }
        case .cancelled: cancelled += 1
        case .open: open += 1
        }
        if let from = query.from, let to = query.to, let a = c.firstEntered[from], let b = c.firstEntered[to], a <= b {
            spanWorking.append(calendar.workingTime(from: a, to: b))
            spanCalendar.append(b.millis - a.millis)
        }
        for w in c.work where w.actor != CaseEvent.system {
            people[w.actor, default: WorkTally()].add(w)
            if let role = w.role { roles[role, default: WorkTally()].add(w) }
        }
        if let summary { kpis.add(summary) }
        if let every = query.every {
            let start = every.start(of: calendar.zone.localDateTime(of: c.openedAt).date)
            let workflow = shape.workflow, mainOutcome = shape.mainOutcome
            // In place, as the stages above.
            Self.change(&periods[start, default: PeriodTally(kpis: KPITally(workflow: workflow))]) { p in
                p.opened += 1
                switch c.status {
                case .closed:
                    p.closed[c.outcome ?? "", default: 0] += 1
                    if c.outcome == mainOutcome { p.won += 1 }
                    if let lead {
                        p.leadWorking.append(lead.working)
                        p.leadCalendar.append(lead.calendar)
                    }
                case .cancelled: p.cancelled += 1
                case .open: p.open += 1
                }
                p.judged += c.stageClocksJudged
                p.met += c.stageClocksMet
                if let summary { p.kpis.add(summary) }
            }
        }
    }

    private mutating func modify(_ stage: String, _ body: (inout StageTally) -> Void) {
        Self.change(&stages[stage, default: StageTally()], body)
    }

    private static func change<T>(_ value: inout T, _ body: (inout T) -> Void) { body(&value) }

    private mutating func note(_ stage: String) {
        if shape.position[stage] == nil, !order.contains(stage) { order.append(stage) }
    }

    func figures() -> ProcessFigures {
        var figures: [StageFigures] = []
        for id in order {
            let tally = stages[id] ?? StageTally()
            let kind = shape.kinds[id]
            let hasSLA = shape.workflow.stage(id)?.sla != nil || tally.sla.judged > 0 || tally.sla.breaches > 0
            let isGate = kind == .gate || tally.passed + tally.rejected > 0
            figures.append(StageFigures(
                stage: id, kind: kind?.rawValue ?? "unknown", cases: tally.cases, visits: tally.visits,
                completedVisits: tally.durations.count, time: TimeFigures(tally.durations), sla: hasSLA ? tally.sla.figures : nil,
                gate: isGate ? GateFigures(approvals: tally.approvals, rejections: tally.rejections, passed: tally.passed,
                                           rejected: tally.rejected,
                                           rejectionPercent: Percentiles.percent(tally.rejected, of: tally.passed + tally.rejected))
                    : nil))
        }
        let started = stages[shape.start]?.cases ?? 0
        let funnel = order.filter { shape.kinds[$0] != .end }.map { id in
            let t = stages[id] ?? StageTally()
            return FunnelStep(stage: id, entered: t.cases, movedForward: t.forward, wentBack: t.back, left: OutcomeCount.sorted(t.left),
                              cancelled: t.cancelled, conversionPercent: Percentiles.percent(t.cases, of: started), openNow: t.openNow)
        }
        let closedCount = closed.values.reduce(0, +)
        let outcomes = Outcomes(closed: OutcomeCount.sorted(closed), cancelled: cancelled, open: open,
                                winPercent: shape.mainOutcome.flatMap { Percentiles.percent(closed[$0] ?? 0, of: closedCount) })
        var leadTimes = outcomes.closed.compactMap { o in
            CycleTime(working: leadWorking[o.outcome] ?? [], calendar: leadCalendar[o.outcome] ?? []).map { LeadTime(outcome: o.outcome, time: $0) }
        }
        if leadTimes.count > 1, let all = CycleTime(working: leadWorking.values.flatMap { $0 }, calendar: leadCalendar.values.flatMap { $0 }) {
            leadTimes.append(LeadTime(outcome: LeadTime.all, time: all))
        }
        let span = query.from.flatMap { from in
            query.to.map { StageSpan(from: from, to: $0, time: CycleTime(working: spanWorking, calendar: spanCalendar)) }
        }
        let hasCaseSLA = shape.workflow.caseSLA != nil || caseSLA.judged > 0
        return ProcessFigures(
            cases: cases, stages: figures, caseSLA: hasCaseSLA ? caseSLA.figures : nil, funnel: funnel, outcomes: outcomes,
            leadTimes: leadTimes, span: span,
            bottlenecks: BottleneckRanking(shape: shape).rank(figures, sla: stages.mapValues(\.sla)),
            people: WorkTally.figures(people), roles: WorkTally.figures(roles), kpis: kpis.figures(), trend: trend())
    }

    /// Every period from the first case's to the last one's, empty ones included.
    private func trend() -> [PeriodFigures] {
        guard let every = query.every, let first = periods.keys.min(), let last = periods.keys.max() else { return [] }
        var out: [PeriodFigures] = []
        var start = first
        while start <= last {
            let tally = periods[start] ?? PeriodTally(kpis: KPITally(workflow: shape.workflow))
            out.append(tally.figures(period: every.label(start), start: start.description))
            start = every.next(after: start)
        }
        return out
    }
}
