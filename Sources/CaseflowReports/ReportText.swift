/// The report as readable text tables, one block per workflow.
enum ReportText {
    static func render(_ report: Report) -> String {
        var out = ""
        if report.processes.isEmpty { out += "No cases to report.\n" }
        for (i, p) in report.processes.enumerated() {
            if i > 0 { out += "\n" }
            out += process(p)
        }
        for s in report.skipped {
            out += "\nSkipped \(s.cases) case\(s.cases == 1 ? "" : "s") of workflow \(s.workflow): it is not among the loaded definitions.\n"
        }
        return out
    }

    static func process(_ p: ProcessReport) -> String {
        var out = "Process report: \(p.workflow)" + (p.title.map { " — \($0)" } ?? "") + "\n"
        out += "Cases: \(p.cases). Times are working hours on the \(p.calendar) calendar (\(p.zone)); "
            + "median and p90 by nearest rank over completed visits.\n\n"

        out += "Stages\n"
        var stages = TextTable(header: ["stage", "kind", "cases", "visits", "median", "p90", "SLA met", "warned", "breached",
                                        "escalations", "rejected"],
                               right: [2, 3, 4, 5, 6, 7, 8, 10])
        for s in p.stages {
            stages.rows.append([
                s.stage, s.kind, String(s.cases), String(s.visits),
                s.time.map { Numbers.hours($0.medianMillis) + "h" } ?? "-",
                s.time.map { Numbers.hours($0.p90Millis) + "h" } ?? "-",
                s.sla.map { Numbers.percent($0.metPercent) } ?? "-",
                s.sla.map { String($0.warnings) } ?? "-",
                s.sla.map { String($0.breaches) } ?? "-",
                s.sla.map { levels($0.escalations) } ?? "-",
                s.gate.map { g in Numbers.percent(g.rejectionPercent) + " (\(g.rejected)/\(g.passed + g.rejected))" } ?? "-",
            ])
        }
        out += stages.render()
        out += "  SLA met: clocks stopped within target / clocks judged. escalations: count by level (L1, L2, …). "
            + "rejected: gate visits rejected / decided.\n"

        if let c = p.caseSLA {
            out += "\nCase SLA: met \(Numbers.percent(c.metPercent)) (\(c.met) of \(c.judged) judged), "
                + "\(c.warnings) warned, \(c.breaches) breached, escalations \(levels(c.escalations)).\n"
        }

        out += "\nFunnel (process order)\n"
        var funnel = TextTable(header: ["stage", "entered", "moved on", "share", "still here"], right: [1, 2, 3, 4])
        for f in p.funnel {
            funnel.rows.append([f.stage, String(f.entered), String(f.movedOn), Numbers.percent(f.movedOnPercent), String(f.stillHere)])
        }
        out += funnel.render()

        out += "\nOutcomes\n"
        var outcomes = TextTable(header: ["outcome", "cases", "share"], right: [1, 2])
        let share = { (n: Int) in Numbers.percent(Percentiles.percent(n, of: p.cases)) }
        for o in p.outcomes.closed { outcomes.rows.append(["closed: \(o.outcome)", String(o.cases), share(o.cases)]) }
        outcomes.rows.append(["cancelled", String(p.outcomes.cancelled), share(p.outcomes.cancelled)])
        outcomes.rows.append(["still open", String(p.outcomes.open), share(p.outcomes.open)])
        out += outcomes.render()

        out += "\nBottlenecks (\(Report.rankingRule))\n"
        if p.bottlenecks.isEmpty {
            out += "  none: no worked stage or gate has a completed visit yet\n"
        } else {
            var table = TextTable(header: ["rank", "stage", "p90", "breach rate", "score"], right: [0, 2, 3, 4])
            for b in p.bottlenecks {
                table.rows.append([String(b.rank), b.stage, Numbers.hours(b.p90Millis) + "h", Numbers.fixed(b.breachPercent, 1) + "%",
                                   Numbers.fixed(b.score, 1)])
            }
            out += table.render()
        }
        return out
    }

    static func levels(_ levels: [LevelCount]) -> String {
        levels.isEmpty ? "0" : levels.map { "L\($0.level) \($0.count)" }.joined(separator: ", ")
    }
}
