import CaseflowEngine
import CaseflowModel

extension StoredCase {
    /// The stored form of a case the engine just produced.
    public init(state: CaseState, engine: Engine, updatedAt: Instant) throws(CodecError) {
        guard let workflow = engine.workflow(of: state), state.stage >= 0, state.stage < workflow.stages.count else {
            throw CodecError("case \(state.id): workflow \(state.workflowID) version \(state.version) is not loaded")
        }
        self.init(id: state.id, workflow: state.workflowID, workflowVersion: state.version, stage: workflow.stages[state.stage].id,
                  status: state.status.rawValue, role: state.role,
                  breached: state.stageClock?.isBreached == true || state.caseClock?.isBreached == true,
                  version: state.sequence, nextDue: state.isOpen ? engine.nextDue(state) : nil, updatedAt: updatedAt,
                  state: try StateCodec.encode(state))
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
