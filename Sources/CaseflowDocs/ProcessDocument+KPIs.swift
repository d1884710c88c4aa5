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
        outcomes they reached) and ranks the stages as bottlenecks by the time cases spend in \
        them and how often they breach their SLA.

        \(MarkdownText.table(["Stage", "Measured"], rows))
        """
    }
}
