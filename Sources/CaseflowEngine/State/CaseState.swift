import CaseflowModel
import CaseflowRules

/// Everything the engine knows about one case: the fold of its events.
public struct CaseState: Sendable, Equatable {
    public enum Status: String, Sendable {
        case open, closed, cancelled
    }

    public struct Vote: Sendable, Equatable {
        public var person: String
        public var approve: Bool
    }

    /// A gate's passed approval: the values of its protected fields when it passed.
    public struct Approval: Sendable, Equatable {
        public var gate: String
        public var values: [FieldChange]

        public init(gate: String, values: [FieldChange]) {
            self.gate = gate
            self.values = values
        }
    }

    public var id: String
    public var workflowID: String
    public var version: Int
    public var status: Status = .open
    public var outcome: String?
    public var stage: Int = 0
    /// Field values by slot, then the `case` object and `now` (the expression activation).
    public var slots: [Value]
    public var openedAt: Instant
    public var openedBy: String
    /// Events applied so far: the case's version for `If-Match`.
    public var sequence = 0
    public var lastEventAt: Instant

    // The current stage visit.
    public var stageEnteredAt: Instant
    /// The role that works the stage now (`reassign` changes it for the rest of the visit).
    public var role: String?
    public var assignee: String?
    public var tasksDone: [String] = []
    /// Tasks of the stage a person took (claim), by task id.
    public var taskAssignees: [String: String] = [:]
    public var votes: [Vote] = []
    /// When a `wait` stage moves on.
    public var waitUntil: Instant?
    public var stageClock: SLAClock?
    public var caseClock: SLAClock?
    /// Escalations raised in this case, and those still open (their stage or case not yet left).
    public var escalationCount = 0
    public var openEscalations: [EscalationRecord] = []
    /// People who opened, completed a stage or task, or changed data (four-eyes), sorted: a
    /// handful per case, found by comparing short strings rather than hashing them, and in one
    /// order however the case was built (replayed, or read from a snapshot).
    public var actors: [String] = []
    /// Approvals in force: a protected field may not change without a fresh vote at its gate.
    public var approvals: [Approval] = []

    init(id: String, workflow: CompiledWorkflow, openedBy: String, at: Instant) {
        self.id = id
        self.workflowID = workflow.id
        self.version = workflow.version
        self.openedAt = at
        self.openedBy = openedBy
        self.lastEventAt = at
        self.stageEnteredAt = at
        self.slots = [Value](repeating: .null, count: workflow.fields.count + 2)
    }

    /// The case data, by field slot.
    public func value(_ slot: Int) -> Value { slots[slot] }

    public var isOpen: Bool { status == .open }

    /// A running clock of the stage or the case has passed its deadline (the row's `breached`).
    public var isBreached: Bool { stageClock?.isBreached == true || caseClock?.isBreached == true }
}
