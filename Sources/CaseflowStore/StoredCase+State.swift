import CaseflowEngine
import CaseflowModel
import CaseflowRules

extension StoredCase {
    /// The stored form of a case the engine just produced.
    public init(state: CaseState, engine: Engine, updatedAt: Instant) throws(CodecError) {
        guard let workflow = engine.workflow(of: state), state.stage >= 0, state.stage < workflow.stages.count else {
            throw CodecError("case \(state.id): workflow \(state.workflowID) version \(state.version) is not loaded")
        }
        self.init(id: state.id, workflow: state.workflowID, workflowVersion: state.version, stage: workflow.stages[state.stage].id,
                  status: state.status.rawValue, role: state.role,
                  breached: state.isBreached,
                  version: state.sequence, nextDue: state.isOpen ? engine.nextDue(state) : nil, updatedAt: updatedAt,
                  state: try StateCodec.encode(state))
        search = Self.searchValues(state, workflow)
        hasSearchFields = !workflow.definition.search.isEmpty
    }

    /// The values of the workflow's `search:` fields, as equality search compares them: text as
    /// it is, numbers as JSON writes them, `true`/`false`, dates as `YYYY-MM-DD`. Unset fields
    /// are left out.
    public static func searchValues(_ state: CaseState, _ workflow: CompiledWorkflow) -> [String: String] {
        var values: [String: String] = [:]
        for name in workflow.definition.search {
            guard let slot = workflow.fieldSlots[name.value], let text = searchText(state.value(slot), workflow) else { continue }
            values[name.value] = text
        }
        return values
    }

    public static func searchText(_ v: Value, _ workflow: CompiledWorkflow) -> String? {
        switch v {
        case .null: return nil
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case .timestamp(let t): return workflow.calendar.zone.localDateTime(of: Instant(seconds: t.seconds)).date.description
        default: return nil
        }
    }

    /// The case state kept with the snapshot.
    public func decodedState() throws(CodecError) -> CaseState {
        try StateCodec.decode(state)
    }
}

extension CaseWrite {
    /// The write for an engine outcome on a case that stood at `expectedVersion`.
    public init(outcome: Outcome, engine: Engine, expectedVersion: Int, at now: Instant,
                idempotency: StoredResponse? = nil) throws(CodecError) {
        self.init(caseID: outcome.state.id, expectedVersion: expectedVersion, events: outcome.events,
                  snapshot: try StoredCase(state: outcome.state, engine: engine, updatedAt: now), idempotency: idempotency)
    }
}
