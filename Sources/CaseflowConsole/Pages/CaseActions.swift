import CaseflowEngine
import CaseflowModel
import CaseflowRules
import CaseflowServer
import Foundation
import Hummingbird

/// The actions a case page offers, and the form posts that carry them out through the command
/// path. What is offered is only a convenience: the engine decides every command, and a refusal
/// is shown next to the form with the case unchanged.
struct CaseActions {
    let console: Console
    let page: CasePage

    static func offer(into c: inout [String: Any], state: CaseState, w: CompiledWorkflow, v: Console.Visitor, form: FormBody?) {
        let directory = v.directory
        guard state.isOpen, !v.readsOnly else {
            c["readonly"] = true
            return
        }
        let p = v.person
        let stage = w.stages[state.stage]
        let holdsRole = state.role.map { directory.has(p, $0) } ?? false
        let submitted = { (name: String) in form?[FieldControl.prefix + name] }
        if stage.kind == .worked, holdsRole || v.isAdmin {
            let required = Set(stage.requires)
            let entries = w.fields.enumerated().map { slot, f in
                (required.contains(slot), FieldControl.entry(f, w, current: state.slots[slot], submitted: submitted(f.name),
                                                             required: required.contains(slot), idPrefix: "c-"))
            }
            let more = entries.filter { !$0.0 }.map(\.1)
            c["complete"] = ["fields": entries.filter(\.0).map(\.1), "more": more, "has_more": !more.isEmpty] as [String: Any]
        }
        let tasks = stage.tasks.map { t -> [String: Any] in
            let done = state.tasksDone.contains(t.id)
            let taker = state.taskAssignees[t.id]
            var d: [String: Any] = ["id": t.id, "role": t.role, "done": done,
                                    "may": !done && directory.has(p, t.role) && (taker == nil || taker == p || v.isAdmin),
                                    "claimable": !done && taker == nil && directory.has(p, t.role),
                                    "mine": !done && taker == p]
            if let taker { d["taker"] = taker }
            return d
        }
        c["tasks"] = tasks
        c["has_tasks"] = !tasks.isEmpty
        c["votes"] = state.votes.map { ["person": $0.person, "approve": $0.approve] as [String: Any] }
        c["has_votes"] = !state.votes.isEmpty
        if let gate = stage.gate, gate.approvers.contains(where: { directory.has(p, $0) }), !state.votes.contains(where: { $0.person == p }) {
            c["vote"] = true
        }
        if stage.kind == .worked, holdsRole, state.assignee == nil { c["claim"] = true }
        if state.assignee == p { c["unassign"] = true }
        if stage.kind == .worked, holdsRole || v.isAdmin, let role = state.role {
            let people = directory.roles.filter { $0.value.contains(role) }.map(\.key).sorted()
            if !people.isEmpty { c["assign"] = ["people": people] }
        }
        // The engine says whether this person may change data here (at a gate, only an admin may):
        // a change of nothing is refused for exactly the reasons a real change would be.
        if case .success = v.active.engine.handle(.setData([]), on: state, by: p, at: state.lastEventAt) {
            c["edit"] = w.fields.enumerated().map { slot, f in
                FieldControl.entry(f, w, current: state.slots[slot], submitted: nil, required: false, idPrefix: "e-")
            }
            c["has_edit"] = true
        }
        // Likewise a cancel: the person who opened the case, or an admin (it was offered to anyone
        // holding the stage's role, and then refused).
        if case .success = v.active.engine.handle(.cancel(reason: "a cancel this page may offer"), on: state, by: p, at: state.lastEventAt) {
            c["cancel"] = true
        }
    }

    func register(on router: Router<CaseflowContext>) {
        post(router, "complete") { form, w in .complete(task: form.text("task"), data: FieldControl.values(form, w)) }
        post(router, "approve") { form, _ in .approve(comment: form.text("comment")) }
        post(router, "reject") { form, _ in .reject(reason: form.text("reason") ?? "") }
        post(router, "claim") { form, _ in .claim(task: form.text("task")) }
        post(router, "unassign") { form, _ in .unassign(task: form.text("task")) }
        post(router, "assign") { form, _ in .assign(to: form.text("to") ?? "") }
        post(router, "cancel", bound: false) { form, _ in .cancel(reason: form.text("reason")) }
        post(router, "data", bound: false) { form, w in .setData(FieldControl.values(form, w)) }
    }

    /// `bound`: the form names the stage it was shown for, so a repeated post never acts on the
    /// next stage; every form names the case version it was shown at (a stale page is refused).
    private func post(_ router: Router<CaseflowContext>, _ name: String, bound: Bool = true,
                      _ make: @escaping @Sendable (FormBody, CompiledWorkflow) -> Command) {
        router.post("/cases/:id/\(name)") { request, context in
            await console.action(request) { v, form in
                let id = try context.parameters.require("id")
                let person = try Access.writer(v.person, v.directory)
                let (_, w) = try await console.daemon.cases.readable(id, by: person)
                let command = make(form, w)
                do {
                    // Every form carries the case version it was shown at, and a form that moves the
                    // case on the stage too: a post without them (not from the page) does nothing.
                    guard let version = form.text("version").flatMap({ Int($0) }) else {
                        throw APIError.badRequest("the form does not say which version of the case it was shown for; reload the page")
                    }
                    let stage = bound ? form.text("stage") : nil
                    if bound, stage == nil {
                        throw APIError.badRequest("the form does not say which stage it was shown for; reload the page")
                    }
                    _ = try await console.daemon.cases.handle(command, on: id, by: person, ifMatch: version, receipt: nil, stage: stage)
                } catch let refusal as APIError where refusal.status != .notFound && refusal.status != .internalServerError {
                    let c = try await page.model(id, v, request: request, form: form, error: refusal.message)
                    return console.html("case", c, status: refusal.status)
                }
                return HTMLResponse.redirect("/cases/\(id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? id)?done=\(name)")
            }
        }
    }
}
