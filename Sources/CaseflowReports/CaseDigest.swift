import CaseflowEngine
import CaseflowModel

/// What one case contributes to a report, read from its history once and then added to every
/// tally the case belongs to (all cases, its `--by` value).
struct CaseDigest {
    struct Visit {
        var stage: String
        var enteredAt: Instant
        /// Working time to leaving the stage; nil while there, or when cancelled or moved away.
        var workingMillis: Int64?
        var judged = false
        var met = false
        var target: String?
        var budget: Int64 = 0
        var business = false
        /// Time past the target as a multiple of it, for a clock that stopped missed.
        var overrun: Double?
        var warnings = 0
        var breaches = 0
    }

    enum Action { case stage, task, approve, reject }

    /// A completion or vote by a person.
    struct Work {
        var actor: String
        var role: String?
        var action: Action
        /// From entering the stage; nil for a stage completed by the same command as its last task.
        var millis: Int64?
        /// The stage clock's verdict, for a stage completion.
        var met: Bool?
    }

    var openedAt: Instant
    var status = CaseState.Status.open
    var outcome: String?
    var endedAt: Instant?
    var visits: [Visit] = []
    var escalations: [(stage: String, level: Int)] = []
    var votes: [(stage: String, approve: Bool)] = []
    var decisions: [(stage: String, passed: Bool)] = []
    var forward: Set<String> = []
    var back: Set<String> = []
    /// Transitions from a stage to an end stage: the stage left, the outcome reached.
    var left: [(stage: String, outcome: String)] = []
    var cancelledAt: String?
    /// Where an open case stands.
    var standingAt: String?
    var firstEntered: [String: Instant] = [:]
    var work: [Work] = []
    var caseSLA = SLATally()
    /// Stage clocks judged and met, over all the case's visits.
    var stageClocksJudged = 0
    var stageClocksMet = 0

    init(events: [CaseEvent], shape: ProcessShape, calendar: WorkingCalendar) {
        openedAt = events.first?.at ?? Instant(millis: 0)
        var current: Int?  // index in visits of the visit in progress
        var last: String?  // the stage entered most recently
        var previous: String?  // the stage before it
        var stageClockRunning = false
        var caseClockRunning = false
        var caseBreached = false
        var lastTask: (actor: String, at: Instant)?

        for e in events {
            switch e.kind {
            case .stageEntered(let stage, _, _):
                if let from = last {
                    if shape.isEnd(stage) {
                        if stage == shape.mainEnd { forward.insert(from) }
                    } else if shape.place(stage) > shape.place(from) {
                        forward.insert(from)
                    } else {
                        back.insert(from)
                    }
                }
                previous = last
                last = stage
                visits.append(Visit(stage: stage, enteredAt: e.at))
                current = visits.count - 1
                stageClockRunning = false
                if firstEntered[stage] == nil { firstEntered[stage] = e.at }
            case .stageCompleted(let stage, _):
                if let i = current, visits[i].stage == stage {
                    let millis = calendar.workingTime(from: visits[i].enteredAt, to: e.at)
                    visits[i].workingMillis = millis
                    if e.actor != CaseEvent.system {
                        let sameCommand = lastTask.map { $0.actor == e.actor && $0.at == e.at } ?? false
                        work.append(Work(actor: e.actor, role: e.role, action: .stage, millis: sameCommand ? nil : millis,
                                         met: visits[i].judged ? visits[i].met : nil))
                    }
                }
                current = nil
            case .taskCompleted:
                lastTask = (e.actor, e.at)
                if let i = current {
                    work.append(Work(actor: e.actor, role: e.role, action: .task,
                                     millis: calendar.workingTime(from: visits[i].enteredAt, to: e.at), met: nil))
                }
            case .voteCast(let stage, let approve, _):
                votes.append((stage, approve))
                let millis = current.map { calendar.workingTime(from: visits[$0].enteredAt, to: e.at) }
                work.append(Work(actor: e.actor, role: e.role, action: approve ? .approve : .reject, millis: millis, met: nil))
            case .gatePassed(let stage):
                decisions.append((stage, true))
            case .gateRejected(let stage, _):
                decisions.append((stage, false))
            case .slaStarted(let scope, let clock):
                if scope == .stage, let i = current {
                    stageClockRunning = true
                    visits[i].target = clock.target
                    visits[i].budget = clock.budget
                    visits[i].business = clock.business
                } else if scope == .case {
                    caseClockRunning = true
                }
            case .slaRetargeted(let scope, let target, let budget, _, _, _):
                if scope == .stage, let i = current {
                    visits[i].target = target
                    visits[i].budget = budget
                }
            case .slaWarned(let scope, _):
                if scope == .case { caseSLA.warnings += 1 } else if let i = current { visits[i].warnings += 1 }
            case .slaBreached(let scope, _):
                if scope == .case {
                    caseSLA.breaches += 1
                    caseBreached = true
                } else if let i = current {
                    visits[i].breaches += 1
                }
            case .slaStopped(let scope, let met, let consumed):
                if scope == .case {
                    caseClockRunning = false
                    caseSLA.judged += 1
                    if met { caseSLA.met += 1 }
                } else if let i = current {
                    stageClockRunning = false
                    visits[i].judged = true
                    visits[i].met = met
                    if !met, visits[i].budget > 0 {
                        visits[i].overrun = Double(max(0, consumed - visits[i].budget)) / Double(visits[i].budget)
                    }
                }
            case .escalationRaised(let record):
                if record.scope == .case {
                    caseSLA.levels[record.level, default: 0] += 1
                } else {
                    escalations.append((record.stage, record.level))
                }
            case .caseClosed(let outcome):
                status = .closed
                self.outcome = outcome
                endedAt = e.at
                // A case reopened by a move and closed again the same way counts once.
                if let from = previous, !left.contains(where: { $0.stage == from && $0.outcome == outcome }) { left.append((from, outcome)) }
            case .caseCancelled:
                status = .cancelled
                endedAt = e.at
                cancelledAt = last
            case .moved:
                if status != .open {
                    status = .open
                    outcome = nil
                    endedAt = nil
                }
                current = nil
            case .migrated(let m):
                last = m.toStage
                current = nil
            default:
                break
            }
        }
        if status == .open {
            standingAt = last
            // A clock breached and still running is already a miss.
            if let i = current, stageClockRunning, visits[i].breaches > 0 { visits[i].judged = true }
            if caseClockRunning, caseBreached { caseSLA.judged += 1 }
        }
        for v in visits where v.judged {
            stageClocksJudged += 1
            if v.met { stageClocksMet += 1 }
        }
    }

    /// Calendar time from opening to closing; nil unless closed.
    var leadMillis: Int64? { status == .closed ? endedAt.map { $0.millis - openedAt.millis } : nil }
}
