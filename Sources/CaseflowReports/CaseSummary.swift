import CaseflowEngine
import CaseflowModel
import CaseflowRules

/// One case as the report's business figures read it: its final data, how it ended, and how
/// long it took from opening to closing. Made from the case's history; not kept after use.
public struct CaseSummary: Sendable {
    public var caseID: String
    public var workflow: CompiledWorkflow
    /// The case's data fields at the end of its history, in the workflow's field order.
    public var slots: [Value]
    public var status: CaseState.Status
    public var outcome: String?
    public var openedAt: Instant
    /// When it closed or was cancelled; nil while open.
    public var endedAt: Instant?

    public init(caseID: String, workflow: CompiledWorkflow, slots: [Value], status: CaseState.Status, outcome: String?,
                openedAt: Instant, endedAt: Instant?) {
        self.caseID = caseID
        self.workflow = workflow
        self.slots = slots
        self.status = status
        self.outcome = outcome
        self.openedAt = openedAt
        self.endedAt = endedAt
    }

    /// From a whole history (nil when the events do not replay on the loaded definitions).
    public init?(caseID: String, events: [CaseEvent], catalog: WorkflowCatalog) {
        guard let state = CaseState.replay(events, in: catalog), let w = catalog.workflow(state.workflowID, version: state.version) else {
            return nil
        }
        var ended: Instant?
        for e in events.reversed() {
            switch e.kind {
            case .caseClosed, .caseCancelled: ended = e.at
            default: continue
            }
            break
        }
        self.init(caseID: caseID, workflow: w, slots: state.slots, status: state.status, outcome: state.outcome,
                  openedAt: state.openedAt, endedAt: ended)
    }

    /// Calendar time from opening to the end (nil while open).
    public var leadMillis: Int64? { endedAt.map { $0.millis - openedAt.millis } }

    /// Working time on the workflow's calendar from opening to the end (nil while open).
    public var leadWorkingMillis: Int64? { endedAt.map { workflow.calendar.workingTime(from: openedAt, to: $0) } }

    /// A data field's value by name (`.null` for a field the workflow does not have).
    public func value(_ field: String) -> Value {
        guard let slot = workflow.fieldSlots[field], slot < slots.count else { return .null }
        return slots[slot]
    }
}
