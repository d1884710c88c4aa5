import CaseflowEngine
import CaseflowModel

/// The running totals of one workflow's cases.
struct WorkflowTally {
    let workflow: CompiledWorkflow
    /// Stage ids in process order: the newest definition's order, then stages only older versions had.
    private(set) var order: [String]
    private var kinds: [String: Stage.Kind]
    private var stages: [String: StageTally] = [:]
    private var caseSLA = SLATally()
    private var cases = 0
    private var closed: [String: Int] = [:]
    private var cancelled = 0
    private var open = 0

    init(workflow: CompiledWorkflow) {
        self.workflow = workflow
        order = workflow.stages.map(\.id)
        kinds = Dictionary(uniqueKeysWithValues: workflow.stages.map { ($0.id, $0.kind) })
    }

    /// Folds one case's events into the totals.
    mutating func add(_ events: [CaseEvent], calendar: WorkingCalendar) {
        cases += 1
        var current: String?
        var enteredAt = Instant(millis: 0)
        var visitBreached = false
        var stageClockRunning = false
        var caseClockRunning = false
        var caseBreached = false
        var entered = Set<String>()
        var left = Set<String>()
        var status = CaseState.Status.open

        for e in events {
            switch e.kind {
            case .stageEntered(let stage, _, _):
                note(stage)
                current = stage
                enteredAt = e.at
                visitBreached = false
                stageClockRunning = false
                stages[stage, default: StageTally()].visits += 1
                if entered.insert(stage).inserted { stages[stage, default: StageTally()].cases += 1 }
            case .stageCompleted(let stage, _):
                if current == stage {
                    stages[stage, default: StageTally()].durations.append(calendar.workingTime(from: enteredAt, to: e.at))
                }
                if left.insert(stage).inserted { stages[stage, default: StageTally()].movedOn += 1 }
                current = nil
            case .slaStarted(let scope, _):
                if scope == .stage { stageClockRunning = true } else { caseClockRunning = true }
            case .slaWarned(let scope, _):
                if scope == .case { caseSLA.warnings += 1 } else if let current { stages[current]?.sla.warnings += 1 }
            case .slaBreached(let scope, _):
                if scope == .case {
                    caseSLA.breaches += 1
                    caseBreached = true
                } else if let current {
                    stages[current]?.sla.breaches += 1
                    visitBreached = true
                }
            case .slaStopped(let scope, let met, _):
                if scope == .case {
                    caseClockRunning = false
                    caseSLA.judged += 1
                    if met { caseSLA.met += 1 }
                } else if let current {
                    stageClockRunning = false
                    stages[current]?.sla.judged += 1
                    if met { stages[current]?.sla.met += 1 }
                }
            case .escalationRaised(let record):
                if record.scope == .case {
                    caseSLA.levels[record.level, default: 0] += 1
                } else {
                    note(record.stage)
                    stages[record.stage, default: StageTally()].sla.levels[record.level, default: 0] += 1
                }
            case .voteCast(let stage, let approve, _):
                if approve { stages[stage, default: StageTally()].approvals += 1 } else { stages[stage, default: StageTally()].rejections += 1 }
            case .gatePassed(let stage):
                stages[stage, default: StageTally()].passed += 1
            case .gateRejected(let stage, _):
                stages[stage, default: StageTally()].rejected += 1
            case .caseClosed(let outcome):
                status = .closed
                closed[outcome, default: 0] += 1
            case .caseCancelled:
                status = .cancelled
                cancelled += 1
            default:
                break
            }
        }
        guard status == .open else { return }
        open += 1
        if let current {
            stages[current]?.stillHere += 1
            // A clock breached and still running is already a miss.
            if stageClockRunning, visitBreached { stages[current]?.sla.judged += 1 }
        }
        if caseClockRunning, caseBreached { caseSLA.judged += 1 }
    }

    private mutating func note(_ stage: String) {
        if kinds[stage] == nil, !order.contains(stage) { order.append(stage) }
    }

    func report() -> ProcessReport {
        var figures: [StageFigures] = []
        for id in order {
            let tally = stages[id] ?? StageTally()
            let compiled = workflow.stage(id)
            let kind = kinds[id]
            var time: TimeFigures?
            if kind != .automatic, kind != .end, !tally.durations.isEmpty {
                let sorted = tally.durations.sorted()
                time = TimeFigures(medianMillis: Percentiles.nearestRank(sorted, percent: 50),
                                   p90Millis: Percentiles.nearestRank(sorted, percent: 90), maxMillis: sorted.last ?? 0)
            }
            let hasSLA = compiled?.sla != nil || tally.sla.judged > 0 || tally.sla.breaches > 0
            let isGate = kind == .gate || tally.passed + tally.rejected > 0
            figures.append(StageFigures(
                stage: id, kind: kind?.rawValue ?? "unknown", cases: tally.cases, visits: tally.visits,
                completedVisits: tally.durations.count, time: time, sla: hasSLA ? tally.sla.figures : nil,
                gate: isGate ? GateFigures(approvals: tally.approvals, rejections: tally.rejections, passed: tally.passed,
                                           rejected: tally.rejected,
                                           rejectionPercent: Percentiles.percent(tally.rejected, of: tally.passed + tally.rejected))
                    : nil))
        }
        let funnel = figures.filter { $0.kind != Stage.Kind.end.rawValue }.map { f in
            let tally = stages[f.stage] ?? StageTally()
            return FunnelStep(stage: f.stage, entered: tally.cases, movedOn: tally.movedOn, stillHere: tally.stillHere,
                              movedOnPercent: Percentiles.percent(tally.movedOn, of: tally.cases))
        }
        let outcomes = Outcomes(
            closed: closed.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .map { OutcomeCount(outcome: $0.key, cases: $0.value) },
            cancelled: cancelled, open: open)
        let hasCaseSLA = workflow.caseSLA != nil || caseSLA.judged > 0
        return ProcessReport(workflow: workflow.id, title: workflow.definition.title, calendar: workflow.calendar.id,
                             zone: workflow.calendar.zone.identifier, cases: cases, stages: figures, funnel: funnel,
                             outcomes: outcomes, caseSLA: hasCaseSLA ? caseSLA.figures : nil,
                             bottlenecks: Self.rank(figures))
    }

    /// Worked stages and gates with a timed visit, by `p90 hours × (1 + breach rate)`, highest first.
    static func rank(_ figures: [StageFigures]) -> [Bottleneck] {
        let candidates = figures.enumerated().compactMap { (index, f) -> (Int, Bottleneck)? in
            guard f.kind == Stage.Kind.worked.rawValue || f.kind == Stage.Kind.gate.rawValue, let time = f.time else { return nil }
            let rate = f.sla?.breachRate ?? 0
            let score = (Double(time.p90Millis) / 3_600_000 * (1 + rate) * 10).rounded() / 10
            return (index, Bottleneck(rank: 0, stage: f.stage, p90Millis: time.p90Millis,
                                      breachPercent: (rate * 1000).rounded() / 10, score: score))
        }
        let sorted = candidates.sorted { $0.1.score != $1.1.score ? $0.1.score > $1.1.score : $0.0 < $1.0 }
        return sorted.enumerated().map { i, c in
            var b = c.1
            b.rank = i + 1
            return b
        }
    }
}
