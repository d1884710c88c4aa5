/// The report as readable text tables, one block per workflow, then one per `--by` value.
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
        out += "Cases: \(p.cases). Times are working time on the \(p.calendar) calendar (\(p.zone)) unless marked calendar; "
            + "bd = business day of \(Numbers.hours(p.dayMillis)) working hours, d = calendar day. Median (p50) and p90 by nearest rank."
        if let main = p.mainOutcome { out += " Won = outcome \(main)." }
        out += "\n"
        out += ReportTextSections(process: p, figures: p.figures).render()
        for slice in p.slices {
            out += "\n\(p.by ?? "") = \(slice.value): \(slice.figures.cases) case\(slice.figures.cases == 1 ? "" : "s")\n"
            out += ReportTextSections(process: p, figures: slice.figures).render()
        }
        return out
    }
}
