import CaseflowEngine
import CaseflowModel
import CaseflowRules
import CaseflowServer
import CaseflowStore
import Synchronization

/// Turns a write's events into outbox deliveries and inbox notifications, in the same
/// transaction as the events: each webhook receiver gets the escalations (or every event), and
/// each person an escalation level reached gets one inbox notification and, with SMTP set up and
/// an `email` in the directory, one email.
public final class OutboxPlanner: NotificationPlanner {
    struct Settings: Sendable {
        var endpoints: [WebhookEndpoint]
        var email: Bool
        var publicURL: String?
    }

    private let settings: Mutex<Settings>
    private let wake: @Sendable () -> Void

    public init(endpoints: [WebhookEndpoint], email: Bool, publicURL: String?, wake: @escaping @Sendable () -> Void = {}) {
        settings = Mutex(Settings(endpoints: endpoints, email: email, publicURL: publicURL.map(Self.trimmed)))
        self.wake = wake
    }

    public var endpoints: [WebhookEndpoint] { settings.withLock { $0.endpoints } }

    func replace(endpoints: [WebhookEndpoint]) { settings.withLock { $0.endpoints = endpoints } }

    public func committed() { wake() }

    public func plan(_ events: [CaseEvent], state: CaseState, workflow: CompiledWorkflow,
                     directory: PeopleDirectory) -> PlannedNotifications {
        let s = settings.withLock { $0 }
        var planned = PlannedNotifications()
        let stages = Self.stages(of: events, standing: workflow.stages[state.stage].id)
        for (index, event) in events.enumerated() {
            let escalation: EscalationRecord? = if case .escalationRaised(let r) = event.kind { r } else { nil }
            let receivers = s.endpoints.filter { $0.allEvents || escalation != nil }
            guard escalation != nil || !receivers.isEmpty else { continue }
            let message = "\(state.id)/\(event.sequence)"
            let notice = Notice(event: event, escalation: escalation, state: state, workflow: workflow, publicURL: s.publicURL,
                                stage: stages[index])
            if !receivers.isEmpty {
                let body = notice.webhookBody(message: message)
                for r in receivers {
                    planned.deliveries.append(NewDelivery(message: message, caseID: state.id, channel: "webhook", receiver: r.name,
                                                          payload: body))
                }
            }
            guard let escalation else { continue }
            for person in escalation.notified {
                let contact = directory.contact(person)
                let asked = notice.asked(of: person, directory: directory)
                planned.notifications.append(NewNotification(person: person, message: message, caseID: state.id,
                                                             payload: notice.inboxPayload(message: message, asked: asked)))
                if s.email, let address = contact?.email {
                    let mail = EmailText.compose(notice, to: person, name: contact?.name, asked: asked, locale: contact?.locale)
                    planned.deliveries.append(NewDelivery(message: message, caseID: state.id, channel: "email", receiver: person,
                                                          payload: mail.payload(to: address)))
                }
            }
        }
        return planned
    }

    static func trimmed(_ url: String) -> String { url.hasSuffix("/") ? String(url.dropLast()) : url }

    /// The stage each event of a write happened at (a webhook's `stage`): the stage it names;
    /// else the stage entered last before it in the write; else the stage the write completes
    /// after it (an event before any entry happened where the case stood); else where the case
    /// stands (`standing`). Not simply where the case stands after the write: a completion's
    /// `sla_met` and `stage_completed` belong to the stage left, not the one entered.
    static func stages(of events: [CaseEvent], standing: String) -> [String] {
        func named(_ kind: EventKind) -> String? {
            switch kind {
            case .stageEntered(let s, _, _), .stageCompleted(let s, _), .taskCompleted(let s, _), .assigned(let s, _, _),
                 .unassigned(let s, _), .voteCast(let s, _, _), .gatePassed(let s), .gateRejected(let s, _):
                return s
            case .moved(_, let to, _): return to
            case .escalationRaised(let r): return r.stage
            default: return nil
            }
        }
        var result = [String?](repeating: nil, count: events.count)
        var entered: String?
        for (i, e) in events.enumerated() {
            result[i] = named(e.kind) ?? entered
            switch e.kind {
            case .stageEntered(let s, _, _), .moved(_, let s, _): entered = s
            default: break
            }
        }
        var completedLater: String?
        for i in events.indices.reversed() {
            switch events[i].kind {
            case .stageCompleted(let s, _), .moved(let s, _, _): completedLater = s  // a move leaves its stage without completing it
            default: break
            }
            if result[i] == nil { result[i] = completedLater ?? standing }
        }
        return result.map { $0 ?? standing }
    }
}

/// What one event says to the people and systems it reaches.
struct Notice {
    let event: CaseEvent
    let escalation: EscalationRecord?
    let state: CaseState
    let workflow: CompiledWorkflow
    let publicURL: String?
    /// The stage the event happened at (see `OutboxPlanner.stages`).
    let stage: String

    var caseID: String { state.id }
    var stageID: String { escalation?.stage ?? stage }
    var stageTitle: String { workflow.definition.stages.first { $0.id.value == stageID }?.title ?? stageID }
    var instructions: String? { workflow.definition.stages.first { $0.id.value == stageID }?.instructions }
    var link: String? { publicURL.map { "\($0)/cases/\(caseID)" } }

    /// The case's `customer` field when the workflow has one, else the case id.
    var customer: String {
        if let slot = workflow.fieldSlots["customer"], case .string(let name) = state.value(slot), !name.isEmpty { return name }
        return caseID
    }

    /// How far past its deadline the clock the escalation belongs to is, when it is.
    var lateMillis: Int64? {
        guard let escalation else { return nil }
        let clock = escalation.scope == .stage ? state.stageClock : state.caseClock
        guard let deadline = clock?.deadline, event.at > deadline else { return nil }
        return event.at.millis - deadline.millis
    }

    var lateText: String? {
        lateMillis.flatMap { CELDuration(seconds: $0 / 1000, nanos: 0) }.map(DurationText.human)
    }

    /// How long until the deadline, when it has not passed (a warning comes before it).
    var dueInText: String? {
        // Only a warning comes before the deadline; and the clock must still be the one the
        // warning was about (a `goto` of the same write starts another stage's clock).
        guard let escalation, escalation.moment == "warn", escalation.goto == nil, lateMillis == nil else { return nil }
        if escalation.scope == .stage, workflow.stages[state.stage].id != escalation.stage { return nil }
        let clock = escalation.scope == .stage ? state.stageClock : state.caseClock
        guard let deadline = clock?.deadline, deadline > event.at else { return nil }
        return CELDuration(seconds: (deadline.millis - event.at.millis + 999) / 1000, nanos: 0).map(DurationText.human)
    }

    /// What is asked of this person: to do the stage's work, to vote, or to see that it gets done.
    func asked(of person: String, directory: PeopleDirectory) -> String {
        let stage = workflow.stage(stageID)
        if let gate = stage?.gate, gate.approvers.contains(where: { directory.has(person, $0) }) {
            return "Vote at the gate of \(stageTitle)."
        }
        if state.assignee == person || (state.assignee == nil && state.role.map { directory.has(person, $0) } ?? false) {
            // A warning comes before the deadline: say how long is left, not that it has passed.
            if let dueInText { return "Complete \(stageTitle): it is due in \(dueInText)." }
            return "Complete \(stageTitle): it is past its deadline."
        }
        let holder = state.assignee.map { "assigned to \($0)" } ?? state.role.map { "held by role \($0)" } ?? "held by no one"
        return "See that \(stageTitle) (\(holder)) is completed or reassigned."
    }

    func webhookBody(message: String) -> String {
        var fields: [(String, Value)] = [
            ("id", .string(message)), ("type", .string(event.kind.name)), ("case", .string(caseID)),
            ("workflow", .string(workflow.id)), ("stage", .string(stageID)), ("customer", .string(customer)),
            ("timestamp", ValueDecoder.timestamp(event.at)),
        ]
        if let escalation {
            fields += [("level", .int(escalation.level)), ("moment", .string(escalation.moment)),
                       ("notified", .list(escalation.notified.map(Value.string)))]
            if let lateText { fields.append(("late", .string(lateText))) }
        }
        if let link { fields.append(("url", .string(link))) }
        let head = JSONPrinter.print(.stringMap(fields))
        return String(head.dropLast()) + ",\"event\":" + EventCodec.encode(event, caseID: caseID) + "}"
    }

    func inboxPayload(message: String, asked: String) -> String {
        var fields: [(String, Value)] = [
            ("case", .string(caseID)), ("workflow", .string(workflow.id)), ("stage", .string(stageID)),
            ("stage_title", .string(stageTitle)), ("customer", .string(customer)), ("asked", .string(asked)),
        ]
        if let escalation {
            fields += [("level", .int(escalation.level)), ("moment", .string(escalation.moment)),
                       ("scope", .string(escalation.scope == .stage ? "stage" : "case"))]
        }
        if let lateText { fields.append(("late", .string(lateText))) }
        if let link { fields.append(("url", .string(link))) }
        return JSONPrinter.print(.stringMap(fields))
    }
}
