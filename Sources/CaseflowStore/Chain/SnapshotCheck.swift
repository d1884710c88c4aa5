import CaseflowEngine
import CaseflowModel
import CaseflowRules

/// The snapshot is derived, never trusted: a case's events are replayed through the engine's
/// applier and the result compared with the stored snapshot and its columns.
public enum SnapshotCheck {
    public enum Result: Sendable, Equatable {
        /// The snapshot is what the events say.
        case matches(CaseState)
        /// Named fields differ (`stage: history says needs_survey, snapshot says won`).
        case differs([String])
        /// The case's workflow version is not loaded, so it cannot be replayed.
        case unchecked(String)
        /// The events' hash chain does not hold: the history itself was changed.
        case broken(ChainBreak)
    }

    /// Replays `events` (canonical JSON, in order) and compares with `snapshot`.
    /// The events' hash chain is recomputed first: a body changed without its hash (and the
    /// snapshot changed to match it) is a broken history, never a case to act on.
    /// With `timers`, also the timer index (`next_due`), as `caseflow verify` checks it: a row with
    /// no due time, or a later one than the history gives, silences its SLA clocks. (The daemon
    /// leaves it out: a calendar changed since the write moves a business-time delay.)
    /// `chainVerified`: the caller has just verified the chain of these same events (not done again).
    public static func check(events: [StoredEvent], snapshot: StoredCase?, catalog: WorkflowCatalog, timers: Bool = false,
                             chainVerified: Bool = false) -> Result {
        if !chainVerified, case .broken(let b) = HashChain.verify(events) { return .broken(b) }
        var decoded: [CaseEvent] = []
        decoded.reserveCapacity(events.count)
        for e in events {
            guard let (_, event) = try? EventCodec.decode(e.body) else {
                return .differs(["event \(e.sequence): cannot be read as an event"])
            }
            decoded.append(event)
        }
        guard let first = decoded.first, case .opened(let workflowID, _, _) = first.kind else {
            return snapshot == nil ? .differs(["no history"]) : .differs(["the history does not start with the case being opened"])
        }
        guard catalog.workflow(workflowID, version: first.version) != nil,
              let replayed = CaseState.replay(decoded, in: catalog) else {
            return .unchecked("workflow \(workflowID) version \(first.version) is not loaded")
        }
        guard let snapshot else { return .differs(["the case has a history but no snapshot row"]) }
        let stored: CaseState
        do {
            stored = try StateCodec.decode(snapshot.state)
        } catch {
            // The codec's message already says "snapshot cannot be read".
            return .differs(["the \(error)"])
        }
        var problems = differences(replayed, stored, workflow: catalog.workflow(workflowID, version: first.version)!)
        // The columns lists and timers filter on must say the same as the state.
        let workflow = catalog.workflow(workflowID, version: replayed.version)
        func column(_ name: String, _ history: String, _ row: String) {
            if history != row { problems.append("\(name) column: history says \(history), the row says \(row)") }
        }
        column("stage", workflow.map { $0.stages[replayed.stage].id } ?? "?", snapshot.stage)
        column("status", replayed.status.rawValue, snapshot.status)
        column("version", String(replayed.sequence), String(snapshot.version))
        column("workflow", "\(replayed.workflowID)@\(replayed.version)", "\(snapshot.workflow)@\(snapshot.workflowVersion)")
        column("role", replayed.role ?? "none", snapshot.role ?? "none")
        column("breached", String(replayed.isBreached), String(snapshot.breached))
        if timers, replayed.isOpen {
            let due = Engine(catalog: catalog).nextDue(replayed)
            // Later by more than a month: a calendar changed since the write moves a business-time
            // escalation delay by days (a long holiday added), never by that much.
            if let due, snapshot.nextDue.map({ $0.millis - due.millis > 31 * 86_400_000 }) ?? true {
                problems.append("next_due column: history says a timer is due at \(due.millis) ms after 1970, the row says "
                                + (snapshot.nextDue.map { "\($0.millis)" } ?? "none")
                                + ": its timers would fire late or never (or the calendars changed since it was written)")
            }
        }
        return problems.isEmpty ? .matches(replayed) : .differs(problems)
    }

    /// Field by field, in words an auditor reads.
    static func differences(_ h: CaseState, _ s: CaseState, workflow: CompiledWorkflow) -> [String] {
        var out: [String] = []
        func cmp<T: Equatable>(_ name: String, _ a: T, _ b: T, _ show: (T) -> String) {
            if a != b { out.append("\(name): history says \(show(a)), the snapshot says \(show(b))") }
        }
        let stageName = { (i: Int) in i >= 0 && i < workflow.stages.count ? workflow.stages[i].id : "#\(i)" }
        cmp("id", h.id, s.id) { $0 }
        cmp("workflow", "\(h.workflowID)@\(h.version)", "\(s.workflowID)@\(s.version)") { $0 }
        cmp("stage", h.stage, s.stage, stageName)
        cmp("status", h.status.rawValue, s.status.rawValue) { $0 }
        cmp("outcome", h.outcome, s.outcome) { $0 ?? "none" }
        cmp("version", h.sequence, s.sequence) { String($0) }
        for (slot, field) in workflow.fields.enumerated() {
            let a = slot < h.slots.count ? h.slots[slot] : .null
            let b = slot < s.slots.count ? s.slots[slot] : .null
            cmp("data.\(field.name)", a, b) { JSONPrinter.print($0) }
        }
        if h.slots.count != s.slots.count { out.append("data: history has \(h.slots.count) slots, the snapshot \(s.slots.count)") }
        cmp("opened_by", h.openedBy, s.openedBy) { $0 }
        cmp("opened_at", h.openedAt, s.openedAt) { String($0.millis) }
        cmp("role", h.role, s.role) { $0 ?? "none" }
        cmp("assignee", h.assignee, s.assignee) { $0 ?? "none" }
        cmp("tasks_done", h.tasksDone, s.tasksDone) { $0.joined(separator: ", ") }
        cmp("votes", h.votes.map { "\($0.person):\($0.approve ? "approve" : "reject")" },
            s.votes.map { "\($0.person):\($0.approve ? "approve" : "reject")" }) { $0.joined(separator: ", ") }
        cmp("actors", h.actors.sorted(), s.actors.sorted()) { $0.joined(separator: ", ") }
        cmp("approvals", h.approvals, s.approvals) { $0.map { "\($0.gate)(\($0.values.map { "\($0.field)=\(JSONPrinter.print($0.value))" }.joined(separator: ", ")))" }.joined(separator: "; ") }
        cmp("wait_until", h.waitUntil, s.waitUntil) { $0.map { String($0.millis) } ?? "none" }
        // A clock on both sides: each part that differs by name (a moved deadline reads the same
        // as "3 business days running" on both sides).
        for (name, a, b) in [("stage_clock", h.stageClock, s.stageClock), ("case_clock", h.caseClock, s.caseClock)] {
            guard let a, let b else {
                cmp(name, a, b) { $0.map { "\($0.target) \($0.state)" } ?? "none" }
                continue
            }
            let instant = { (t: Instant?) in t.map { "\($0.millis) ms" } ?? "none" }
            cmp("\(name).target", a.target, b.target) { $0 }
            cmp("\(name).started_at", a.startedAt, b.startedAt) { instant($0) }
            cmp("\(name).budget", a.budget, b.budget) { "\($0) ms" }
            cmp("\(name).consumed", a.consumed, b.consumed) { "\($0) ms" }
            cmp("\(name).running_since", a.runningSince, b.runningSince, instant)
            cmp("\(name).deadline", a.deadline, b.deadline, instant)
            cmp("\(name).warn_at", a.warnAt, b.warnAt, instant)
            cmp("\(name).breached_at", a.breachedAt, b.breachedAt, instant)
            cmp("\(name).levels_fired", a.levelsFired, b.levelsFired) { String($0) }
            cmp("\(name).warned", a.warned, b.warned) { String($0) }
            cmp("\(name).business", a.business, b.business) { String($0) }
            cmp("\(name).working_moment", a.workingMoment, b.workingMoment) { String($0) }
        }
        cmp("stage_entered_at", h.stageEnteredAt, s.stageEnteredAt) { "\($0.millis) ms" }
        cmp("last_event_at", h.lastEventAt, s.lastEventAt) { "\($0.millis) ms" }
        cmp("task_assignees", h.taskAssignees.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" },
            s.taskAssignees.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }) { $0.joined(separator: ", ") }
        cmp("escalation_count", h.escalationCount, s.escalationCount) { String($0) }
        cmp("open_escalations", h.openEscalations, s.openEscalations) { "\($0.count)" }
        if out.isEmpty, h != s { out.append("the snapshot differs from the history") }
        return out
    }
}
