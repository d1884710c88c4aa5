/// The sections of one set of figures as text tables.
struct ReportTextSections {
    let process: ProcessReport
    let figures: ProcessFigures

    func render() -> String {
        [kpis(), stages(), caseSLA(), funnel(), outcomes(), leadTimes(), span(), bottlenecks(), work("People", "person", figures.people),
         work("Roles", "role", figures.roles), trend()].compactMap { $0 }.map { "\n" + $0 }.joined()
    }

    private var day: Int64 { process.dayMillis }

    func kpis() -> String? {
        guard !figures.kpis.isEmpty else { return nil }
        var table = TextTable(header: ["kpi", "value", "target", "met", "cases"], right: [1, 2, 4])
        for k in figures.kpis {
            table.rows.append([k.title, k.text, k.targetText ?? "-", k.met.map { $0 ? "yes" : "no" } ?? "-", String(k.cases)])
        }
        return "KPIs\n" + table.render()
    }

    func stages() -> String {
        var table = TextTable(header: ["stage", "kind", "cases", "visits", "median", "p90", "SLA met", "warned", "breached",
                                       "escalations", "rejected"],
                              right: [2, 3, 4, 5, 6, 7, 8, 10])
        for s in figures.stages {
            table.rows.append([
                s.stage, s.kind, String(s.cases), String(s.visits),
                s.time.map { Numbers.hours($0.medianMillis) + "h" } ?? "-",
                s.time.map { Numbers.hours($0.p90Millis) + "h" } ?? "-",
                s.sla.map { Numbers.percent($0.metPercent) } ?? "-",
                s.sla.map { String($0.warnings) } ?? "-",
                s.sla.map { String($0.breaches) } ?? "-",
                s.sla.map { Self.levels($0.escalations) } ?? "-",
                s.gate.map { g in Numbers.percent(g.rejectionPercent) + " (\(g.rejected)/\(g.passed + g.rejected))" } ?? "-",
            ])
        }
        return "Stages (working hours per completed visit)\n" + table.render()
            + "  SLA met: clocks stopped within target / clocks judged. escalations: count by level (L1, L2, …). "
            + "rejected: gate visits rejected / decided.\n"
    }

    func caseSLA() -> String? {
        guard let c = figures.caseSLA else { return nil }
        return "Case SLA: met \(Numbers.percent(c.metPercent)) (\(c.met) of \(c.judged) judged), "
            + "\(c.warnings) warned, \(c.breaches) breached, escalations \(Self.levels(c.escalations)).\n"
    }

    func funnel() -> String {
        let first = figures.funnel.first?.stage ?? ""
        var table = TextTable(header: ["stage", "entered", "forward", "back", "left the process", "cancelled", "open now", "conversion"],
                              right: [1, 2, 3, 5, 6, 7])
        for f in figures.funnel {
            let left = f.left.map { "\($0.outcome) \($0.cases)" }.joined(separator: ", ")
            table.rows.append([f.stage, String(f.entered), String(f.movedForward), String(f.wentBack), left.isEmpty ? "-" : left,
                               String(f.cancelled), String(f.openNow), Numbers.percent(f.conversionPercent)])
        }
        return "Funnel (process order; cases; conversion = entered / entered \(first))\n" + table.render()
    }

    func outcomes() -> String {
        var table = TextTable(header: ["outcome", "cases", "share"], right: [1, 2])
        let share = { (n: Int) in Numbers.percent(Percentiles.percent(n, of: figures.cases)) }
        for o in figures.outcomes.closed { table.rows.append(["closed: \(o.outcome)", String(o.cases), share(o.cases)]) }
        table.rows.append(["cancelled", String(figures.outcomes.cancelled), share(figures.outcomes.cancelled)])
        table.rows.append(["still open", String(figures.outcomes.open), share(figures.outcomes.open)])
        let win = process.mainOutcome.map { " — win rate \(Numbers.percent(figures.outcomes.winPercent)) (closed \($0) / closed)" } ?? ""
        return "Outcomes\(win)\n" + table.render()
    }

    func leadTimes() -> String? {
        guard !figures.leadTimes.isEmpty else { return nil }
        var table = TextTable(header: ["outcome", "cases", "p50", "p90", "p50 calendar", "p90 calendar"], right: [1, 2, 3, 4, 5])
        for l in figures.leadTimes { table.rows.append([l.outcome] + cycle(l.time)) }
        return "Lead-to-close (opened → closed)\n" + table.render()
    }

    func span() -> String? {
        guard let s = figures.span else { return nil }
        guard let t = s.time else { return "From \(s.from) to \(s.to): no case reached both.\n" }
        var table = TextTable(header: ["cases", "p50", "p90", "p50 calendar", "p90 calendar"], right: [0, 1, 2, 3, 4])
        table.rows.append(cycle(t))
        return "From \(s.from) to \(s.to) (first entries)\n" + table.render()
    }

    private func cycle(_ t: CycleTime) -> [String] {
        [String(t.cases), Numbers.businessDays(t.workingP50Millis, day), Numbers.businessDays(t.workingP90Millis, day),
         Numbers.days(t.calendarP50Millis), Numbers.days(t.calendarP90Millis)]
    }

    func bottlenecks() -> String {
        var out = "Bottlenecks (\(Report.rankingRule))\n"
        guard !figures.bottlenecks.isEmpty else { return out + "  none: no worked stage or gate has a completed visit yet\n" }
        var table = TextTable(header: ["rank", "stage", "score", "why"], right: [0, 2])
        for b in figures.bottlenecks {
            table.rows.append([String(b.rank), b.stage, b.target == nil ? "-" : Numbers.fixed(b.score, 1), b.why])
        }
        out += table.render()
        return out
    }

    func work(_ title: String, _ what: String, _ rows: [WorkFigures]) -> String? {
        guard !rows.isEmpty else { return nil }
        var table = TextTable(header: [what, "stages", "tasks", "median", "p90", "SLA met", "approved", "rejected"],
                              right: [1, 2, 3, 4, 5, 6, 7])
        for w in rows {
            table.rows.append([w.name, String(w.stagesCompleted), String(w.tasksCompleted),
                               w.time.map { Numbers.hours($0.medianMillis) + "h" } ?? "-", w.time.map { Numbers.hours($0.p90Millis) + "h" } ?? "-",
                               w.slaJudged == 0 ? "-" : Numbers.percent(w.slaMetPercent) + " (\(w.slaMet)/\(w.slaJudged))",
                               String(w.approvals), String(w.rejections)])
        }
        return "\(title) (stages and tasks completed, working hours from entering the stage to their completion or vote)\n" + table.render()
    }

    func trend() -> String? {
        guard !figures.trend.isEmpty else { return nil }
        let keys = figures.trend.first?.kpis.map(\.key) ?? []
        var table = TextTable(header: ["period", "opened", "closed", "cancelled", "open", "win rate", "lead p50", "lead p50 calendar", "SLA met"] + keys,
                              right: Set(1..<(9 + keys.count)))
        for t in figures.trend {
            let closed = t.closed.reduce(0) { $0 + $1.cases }
            table.rows.append([t.period, String(t.opened), String(closed), String(t.cancelled), String(t.open),
                               Numbers.percent(t.winPercent), t.leadP50WorkingMillis.map { Numbers.businessDays($0, day) } ?? "-",
                               t.leadP50CalendarMillis.map(Numbers.days) ?? "-", Numbers.percent(t.slaMetPercent)] + t.kpis.map(\.text))
        }
        return "Trend by \(process.every ?? "period") of opening\n" + table.render()
    }

    static func levels(_ levels: [LevelCount]) -> String {
        levels.isEmpty ? "0" : levels.map { "L\($0.level) \($0.count)" }.joined(separator: ", ")
    }
}
