import CaseflowEngine
import CaseflowModel

/// Folds case histories into KPI reports, one workflow at a time. Pure: histories come in,
/// figures come out. Add each case's events (in sequence order), then `build()`.
///
/// Rules, per stage:
/// - cases: cases that entered the stage at least once; visits: every entry.
/// - time: working time (the workflow's calendar) from entering to leaving, per completed visit;
///   median and p90 by nearest rank. Visits still in progress are not timed.
/// - SLA met %: stage clocks stopped within target / clocks judged (stopped, or breached while
///   the case still stands there). Warnings, breaches and escalations count their events.
/// - gates: rejection rate = rejected visits / (passed + rejected) visits.
/// - funnel: worked, automatic, gate and timer stages in process order: cases entered, cases
///   that left the stage at least once, open cases standing there now.
public struct ReportBuilder {
    public let catalog: WorkflowCatalog
    public var workflowFilter: String?
    public var since: ReportSince?

    private var tallies: [String: WorkflowTally] = [:]
    private var skipped: [String: Int] = [:]

    public init(catalog: WorkflowCatalog, workflow: String? = nil, since: ReportSince? = nil) {
        self.catalog = catalog
        self.workflowFilter = workflow
        self.since = since
    }

    /// Adds one case's history. Cases of other workflows than the one asked for are ignored.
    public mutating func add(caseID: String, events: [CaseEvent]) {
        guard let first = events.first, case .opened(let workflowID, _, _) = first.kind else { return }
        if let workflowFilter, workflowFilter != workflowID { return }
        guard let workflow = catalog.workflow(workflowID, version: first.version) ?? catalog.workflow(workflowID) else {
            skipped[workflowID, default: 0] += 1
            return
        }
        if let since, first.at < since.instant(in: workflow.calendar.zone) { return }
        if tallies[workflowID] == nil {
            tallies[workflowID] = WorkflowTally(workflow: catalog.workflow(workflowID) ?? workflow)
        }
        tallies[workflowID]!.add(events, calendar: workflow.calendar)
    }

    public func build() -> Report {
        var processes = tallies.keys.sorted().compactMap { tallies[$0]?.report() }
        if let workflowFilter, processes.isEmpty, let w = catalog.workflow(workflowFilter) {
            processes = [WorkflowTally(workflow: w).report()]
        }
        return Report(processes: processes,
                      skipped: skipped.keys.sorted().map { SkippedCases(workflow: $0, cases: skipped[$0] ?? 0) })
    }
}
