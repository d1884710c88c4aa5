import CaseflowModel

/// What `caseflow report` measures for this workflow.
extension ProcessDocument {
    func kpis() -> String {
        let clock = workflow.calendar.map { "working time on the \(MarkdownText.code($0.value)) calendar" } ?? "elapsed time (no calendar)"
        var rows: [[String]] = []
        for stage in workflow.stages {
            var measures: [String]
            switch stage.kind {
            case .end:
                measures = ["cases ending here (outcome \(MarkdownText.code(stage.outcome?.value ?? stage.id.value)))"]
            case .automatic:
                measures = ["cases entered", "where they went next"]
            case .timer:
                measures = ["cases entered", "time waited"]
            case .worked, .gate:
                measures = ["cases entered", "time spent (median, p90)"]
                if let sla = stage.sla {
                    measures.append("SLA met %")
                    if sla.warn != nil { measures.append("warnings") }
                    measures.append("breaches")
                    if let ladder = definitions.ladder(sla.escalation) {
                        measures.append("escalations by level (\(ladder.levels.count) level\(ladder.levels.count == 1 ? "" : "s"))")
                    }
                }
                if stage.kind == .gate { measures += ["approval and rejection rate", "returns to \(MarkdownText.code(stage.gate?.onReject.value ?? ""))"] }
            }
            rows.append([stageRef(stage.id.value), measures.joined(separator: ", ")])
        }
        let id = workflow.id.value
        return """
        ## KPIs

        `caseflow report --workflow \(id)` measures, from the cases' history, per stage: the cases \
        that entered it, the time spent in it (median and p90, in \(clock)), the share of visits \
        that met the SLA, warnings, breaches, escalations by level, and at gates the rejection \
        rate. It also shows the funnel (how many cases went from each stage to the next, and the \
        outcomes they reached) and ranks the stages as bottlenecks by how often they miss their \
        own SLA target and by how far past it they run, so a stage that is long by design is \
        not mistaken for one where cases get stuck.

        \(MarkdownText.table(["Stage", "Measured"], rows))
        """ + declared()
    }

    /// The business figures the workflow declares (`kpis:`).
    private func declared() -> String {
        guard !workflow.kpis.isEmpty else { return "" }
        let rows = workflow.kpis.map { k -> [String] in
            let of = k.expression.map { MarkdownText.code($0.text) } ?? "every case"
            let over = k.condition.map { " of cases where " + MarkdownText.code($0.text) } ?? ""
            let target = k.target.map { t -> String in
                let shown: String
                if k.aggregate == .rate { shown = ProcessWording.percent(t.value, space: true) }
                else if k.expression.map({ ["lead_time", "lead_time_working"].contains($0.text) }) == true {
                    shown = DurationSpec.compact(Int64(t.value * 1000))
                } else { shown = "\(t.value == t.value.rounded() ? String(Int64(t.value)) : String(t.value))" }
                return (k.better == .higher ? "at least " : "at most ") + shown
            } ?? ""
            return [MarkdownText.plain(k.title ?? k.key.value), "\(k.aggregate.rawValue) of \(of)\(over)", target,
                    MarkdownText.plain(k.unit ?? "")]
        }
        return "\n\nThe business figures this process is run by (`kpis:`), computed by the same report:\n\n"
            + MarkdownText.table(["KPI", "Computed as", "Target", "Unit"], rows)
    }
}
