import Foundation

/// The report as one CSV table in long form — `workflow,section,subject,measure,value` — so
/// every figure is one row that a spreadsheet pivot or a script can pick.
/// Sections: `stage`, `case_sla`, `funnel`, `outcome`, `bottleneck`. Times in working hours.
enum ReportCSV {
    static let header = "workflow,section,subject,measure,value"

    static func render(_ report: Report) -> String {
        var lines = [header]
        for p in report.processes {
            func row(_ section: String, _ subject: String, _ measure: String, _ value: String) {
                lines.append([p.workflow, section, subject, measure, value].map(field).joined(separator: ","))
            }
            func pct(_ v: Double?) -> String { v.map { Numbers.fixed($0, 1) } ?? "" }
            row("process", p.workflow, "cases", String(p.cases))
            for s in p.stages {
                row("stage", s.stage, "kind", s.kind)
                row("stage", s.stage, "cases", String(s.cases))
                row("stage", s.stage, "visits", String(s.visits))
                row("stage", s.stage, "completed_visits", String(s.completedVisits))
                if let t = s.time {
                    row("stage", s.stage, "median_hours", Numbers.hours(t.medianMillis))
                    row("stage", s.stage, "p90_hours", Numbers.hours(t.p90Millis))
                }
                if let sla = s.sla { slaRows(sla, subject: s.stage, section: "stage", row: row) }
                if let g = s.gate {
                    row("stage", s.stage, "approvals", String(g.approvals))
                    row("stage", s.stage, "rejections", String(g.rejections))
                    row("stage", s.stage, "gate_passed", String(g.passed))
                    row("stage", s.stage, "gate_rejected", String(g.rejected))
                    row("stage", s.stage, "rejection_pct", pct(g.rejectionPercent))
                }
            }
            if let c = p.caseSLA { slaRows(c, subject: p.workflow, section: "case_sla", row: row) }
            for f in p.funnel {
                row("funnel", f.stage, "entered", String(f.entered))
                row("funnel", f.stage, "moved_on", String(f.movedOn))
                row("funnel", f.stage, "moved_on_pct", pct(f.movedOnPercent))
                row("funnel", f.stage, "still_here", String(f.stillHere))
            }
            for o in p.outcomes.closed { row("outcome", o.outcome, "closed", String(o.cases)) }
            row("outcome", "cancelled", "cases", String(p.outcomes.cancelled))
            row("outcome", "open", "cases", String(p.outcomes.open))
            for b in p.bottlenecks {
                row("bottleneck", b.stage, "rank", String(b.rank))
                row("bottleneck", b.stage, "p90_hours", Numbers.hours(b.p90Millis))
                row("bottleneck", b.stage, "breach_pct", Numbers.fixed(b.breachPercent, 1))
                row("bottleneck", b.stage, "score", Numbers.fixed(b.score, 1))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func slaRows(_ sla: SLAFigures, subject: String, section: String,
                                row: (String, String, String, String) -> Void) {
        row(section, subject, "sla_judged", String(sla.judged))
        row(section, subject, "sla_met", String(sla.met))
        row(section, subject, "sla_met_pct", sla.metPercent.map { Numbers.fixed($0, 1) } ?? "")
        row(section, subject, "warnings", String(sla.warnings))
        row(section, subject, "breaches", String(sla.breaches))
        for l in sla.escalations { row(section, subject, "escalations_level_\(l.level)", String(l.count)) }
    }

    /// RFC 4180 quoting when a field holds a comma, quote or line break.
    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
