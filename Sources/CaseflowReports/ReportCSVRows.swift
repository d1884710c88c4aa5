/// The CSV rows of one set of figures (all cases, or one `--by` slice).
struct ReportCSVRows {
    let process: ProcessReport
    let slice: String?
    private(set) var lines: [String] = []

    init(process: ProcessReport, slice: String?) {
        self.process = process
        self.slice = slice
    }

    private mutating func row(_ section: String, _ subject: String, _ measure: String, _ value: String) {
        let s = slice.map { "\(section)/\($0)" } ?? section
        lines.append([process.workflow, s, subject, measure, value].map(ReportCSV.field).joined(separator: ","))
    }

    private func pct(_ v: Double?) -> String { v.map { Numbers.fixed($0, 1) } ?? "" }
    private func hours(_ v: Int64?) -> String { v.map(Numbers.hours) ?? "" }

    mutating func add(_ f: ProcessFigures) {
        row("process", process.workflow, "cases", String(f.cases))
        for k in f.kpis {
            row("kpi", k.key, "value", k.value.map { Numbers.fixed($0, 4) } ?? "")
            row("kpi", k.key, "text", k.text)
            if let t = k.target { row("kpi", k.key, "target", Numbers.fixed(t, 4)) }
            if let met = k.met { row("kpi", k.key, "met", met ? "true" : "false") }
            row("kpi", k.key, "cases", String(k.cases))
        }
        for s in f.stages {
            row("stage", s.stage, "kind", s.kind)
            row("stage", s.stage, "cases", String(s.cases))
            row("stage", s.stage, "visits", String(s.visits))
            row("stage", s.stage, "completed_visits", String(s.completedVisits))
            if let t = s.time {
                row("stage", s.stage, "median_hours", Numbers.hours(t.medianMillis))
                row("stage", s.stage, "p90_hours", Numbers.hours(t.p90Millis))
            }
            if let sla = s.sla { slaRows(sla, subject: s.stage, section: "stage") }
            if let g = s.gate {
                row("stage", s.stage, "approvals", String(g.approvals))
                row("stage", s.stage, "rejections", String(g.rejections))
                row("stage", s.stage, "gate_passed", String(g.passed))
                row("stage", s.stage, "gate_rejected", String(g.rejected))
                row("stage", s.stage, "rejection_pct", pct(g.rejectionPercent))
            }
        }
        if let c = f.caseSLA { slaRows(c, subject: process.workflow, section: "case_sla") }
        for s in f.funnel {
            row("funnel", s.stage, "entered", String(s.entered))
            row("funnel", s.stage, "moved_forward", String(s.movedForward))
            row("funnel", s.stage, "went_back", String(s.wentBack))
            for o in s.left { row("funnel", s.stage, "left_\(o.outcome)", String(o.cases)) }
            row("funnel", s.stage, "cancelled", String(s.cancelled))
            row("funnel", s.stage, "open_now", String(s.openNow))
            row("funnel", s.stage, "conversion_pct", pct(s.conversionPercent))
        }
        for o in f.outcomes.closed { row("outcome", o.outcome, "closed", String(o.cases)) }
        row("outcome", "cancelled", "cases", String(f.outcomes.cancelled))
        row("outcome", "open", "cases", String(f.outcomes.open))
        row("outcome", process.mainOutcome ?? "", "win_pct", pct(f.outcomes.winPercent))
        for l in f.leadTimes { cycleRows("lead_time", l.outcome, l.time) }
        if let s = f.span {
            if let t = s.time { cycleRows("span", "\(s.from)->\(s.to)", t) } else { row("span", "\(s.from)->\(s.to)", "cases", "0") }
        }
        for b in f.bottlenecks {
            row("bottleneck", b.stage, "rank", String(b.rank))
            row("bottleneck", b.stage, "score", Numbers.fixed(b.score, 1))
            row("bottleneck", b.stage, "target", b.target ?? "")
            row("bottleneck", b.stage, "miss_pct", Numbers.fixed(b.breachPercent, 1))
            row("bottleneck", b.stage, "overrun", b.overrun.map { Numbers.fixed($0, 2) } ?? "")
            row("bottleneck", b.stage, "p90_hours", Numbers.hours(b.p90Millis))
            row("bottleneck", b.stage, "why", b.why)
        }
        for (section, rows) in [("person", f.people), ("role", f.roles)] {
            for w in rows {
                row(section, w.name, "stages_completed", String(w.stagesCompleted))
                row(section, w.name, "tasks_completed", String(w.tasksCompleted))
                row(section, w.name, "median_hours", hours(w.time?.medianMillis))
                row(section, w.name, "p90_hours", hours(w.time?.p90Millis))
                row(section, w.name, "sla_judged", String(w.slaJudged))
                row(section, w.name, "sla_met_pct", pct(w.slaMetPercent))
                row(section, w.name, "approvals", String(w.approvals))
                row(section, w.name, "rejections", String(w.rejections))
            }
        }
        for t in f.trend {
            row("trend", t.period, "start", t.start)
            row("trend", t.period, "opened", String(t.opened))
            for o in t.closed { row("trend", t.period, "closed_\(o.outcome)", String(o.cases)) }
            row("trend", t.period, "cancelled", String(t.cancelled))
            row("trend", t.period, "open", String(t.open))
            row("trend", t.period, "win_pct", pct(t.winPercent))
            row("trend", t.period, "lead_p50_hours", hours(t.leadP50WorkingMillis))
            row("trend", t.period, "lead_p50_calendar_hours", hours(t.leadP50CalendarMillis))
            row("trend", t.period, "sla_met_pct", pct(t.slaMetPercent))
            for k in t.kpis { row("trend", t.period, "kpi_\(k.key)", k.value.map { Numbers.fixed($0, 4) } ?? "") }
        }
    }

    private mutating func cycleRows(_ section: String, _ subject: String, _ t: CycleTime) {
        row(section, subject, "cases", String(t.cases))
        row(section, subject, "p50_hours", Numbers.hours(t.workingP50Millis))
        row(section, subject, "p90_hours", Numbers.hours(t.workingP90Millis))
        row(section, subject, "p50_calendar_hours", Numbers.hours(t.calendarP50Millis))
        row(section, subject, "p90_calendar_hours", Numbers.hours(t.calendarP90Millis))
    }

    private mutating func slaRows(_ sla: SLAFigures, subject: String, section: String) {
        row(section, subject, "sla_judged", String(sla.judged))
        row(section, subject, "sla_met", String(sla.met))
        row(section, subject, "sla_met_pct", pct(sla.metPercent))
        row(section, subject, "warnings", String(sla.warnings))
        row(section, subject, "breaches", String(sla.breaches))
        for l in sla.escalations { row(section, subject, "escalations_level_\(l.level)", String(l.count)) }
    }
}
