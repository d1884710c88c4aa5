import CaseflowEngine
import CaseflowModel
import CaseflowRules

/// Folds case histories into reports, one workflow at a time. Pure: histories come in, figures
/// come out. Add each case's events (in sequence order), then `build()`.
///
/// Rules, per stage:
/// - cases: cases that entered the stage at least once; visits: every entry.
/// - time: working time (the workflow's calendar) from entering to leaving, per completed visit;
///   median and p90 by nearest rank. Visits still in progress are not timed.
/// - SLA met %: stage clocks stopped within target / clocks judged (stopped, or breached while
///   the case still stands there). Warnings, breaches and escalations count their events.
/// - gates: rejection rate = rejected visits / (passed + rejected) visits.
/// - funnel, lead times, bottlenecks, people, roles, KPIs and trends: see the types they fill.
public struct ReportBuilder {
    public let catalog: WorkflowCatalog
    public let query: ReportQuery

    private var processes: [String: ProcessTally] = [:]
    private var skipped: [String: Int] = [:]

    public init(catalog: WorkflowCatalog, query: ReportQuery) {
        self.catalog = catalog
        self.query = query
    }

    public init(catalog: WorkflowCatalog, workflow: String? = nil, since: ReportSince? = nil) {
        self.init(catalog: catalog, query: ReportQuery(workflow: workflow, since: since))
    }

    /// Adds one case's history. Cases of other workflows than the one asked for are ignored.
    public mutating func add(caseID: String, events: [CaseEvent]) {
        guard let first = events.first, case .opened(let workflowID, _, _) = first.kind else { return }
        if let only = query.workflow, only != workflowID { return }
        guard let workflow = catalog.workflow(workflowID, version: first.version) ?? catalog.workflow(workflowID) else {
            skipped[workflowID, default: 0] += 1
            return
        }
        if let since = query.since, first.at < since.instant(in: workflow.calendar.zone) { return }
        if processes[workflowID] == nil {
            processes[workflowID] = ProcessTally(shape: ProcessShape(catalog.workflow(workflowID) ?? workflow), query: query)
        }
        processes[workflowID]!.add(caseID: caseID, events: events, calendar: workflow.calendar, catalog: catalog)
    }

    public func build() -> Report {
        var reports = processes.keys.sorted().compactMap { processes[$0]?.report() }
        if let only = query.workflow, reports.isEmpty, let w = catalog.workflow(only) {
            reports = [ProcessTally(shape: ProcessShape(w), query: query).report()]
        }
        return Report(processes: reports, skipped: skipped.keys.sorted().map { SkippedCases(workflow: $0, cases: skipped[$0] ?? 0) })
    }
}
