import CaseflowEngine
import CaseflowModel
import CaseflowReports
import CaseflowRules

/// Runs synthetic cases through the real engine on a virtual clock and reports on them.
/// Cases do not compete for people, so each runs alone from its arrival to its end, on its own
/// random stream: the same seed gives the same cases whatever else changes.
struct Simulator {
    let engine: Engine
    let workflow: CompiledWorkflow
    let plan: SimulationPlan
    let seed: UInt64
    let arrivals: ArrivalRate
    let start: Instant
    /// Working milliseconds in one business day of the calendar (from `start`).
    let dayMillis: Int64

    /// How the run went besides the report.
    struct Summary {
        var report: Report
        /// Cases left open because a step was refused or nothing more could happen, with the first reason.
        var stopped = 0
        var firstStop: String?
    }

    init(engine: Engine, workflow: CompiledWorkflow, plan: SimulationPlan, seed: UInt64, arrivals: ArrivalRate, start: Instant) {
        self.engine = engine
        self.workflow = workflow
        self.plan = plan
        self.seed = seed
        self.arrivals = arrivals
        self.start = start
        self.dayMillis = Self.dayMillis(workflow.calendar, from: start)
    }

    static func dayMillis(_ calendar: WorkingCalendar, from start: Instant) -> Int64 {
        guard let from = try? calendar.nextWorkingMoment(atOrAfter: start),
              let to = try? calendar.addBusinessDays(1, to: from) else { return 86_400_000 }
        return max(1, calendar.workingTime(from: from, to: to))
    }

    /// `query` cuts the report (`--by`, `--every`, `--from`/`--to`); its workflow is this one.
    func run(cases count: Int, query: ReportQuery = ReportQuery(), progress: (Int) -> Void = { _ in }) -> Summary {
        var only = query
        only.workflow = workflow.id
        var builder = CaseflowReports.ReportBuilder(catalog: engine.catalog, query: only)
        var summary = Summary(report: Report(processes: [], skipped: []))
        var arrivalStream = SplitMix64(seed: seed, stream: UInt64.max)
        let gap = arrivals.meanGap(dayMillis: dayMillis)
        var arrival = add(0, business: true, to: start)
        let width = max(5, String(count).count)
        for n in 1...max(1, count) where count > 0 {
            if n > 1 { arrival = add(Int64(arrivalStream.exponential(mean: gap).rounded()), business: true, to: arrival) }
            let id = "sim-" + String(repeating: "0", count: max(0, width - String(n).count)) + String(n)
            var one = CaseRun(simulator: self, caseNumber: n, rng: SplitMix64(seed: seed, stream: UInt64(n)))
            let events = one.run(id: id, at: arrival)
            if let reason = one.stopped {
                summary.stopped += 1
                if summary.firstStop == nil { summary.firstStop = "\(id): \(reason)" }
            }
            builder.add(caseID: id, events: events)
            progress(n)
        }
        summary.report = builder.build()
        return summary
    }

    /// `t` plus a sampled length: working time on the calendar, or elapsed time.
    func add(_ millis: Int64, business: Bool, to t: Instant) -> Instant {
        guard business else { return t + millis }
        return (try? workflow.calendar.addWorkingTime(millis, to: t)) ?? t + millis
    }

    func duration(of stage: CompiledStage) -> StageDuration {
        plan.stages[stage.id] ?? StageDuration.defaultFor(stage, dayMillis: dayMillis)
    }
}
