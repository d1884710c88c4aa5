import CaseflowDocs
import CaseflowEngine
import CaseflowModel
import CaseflowRules
import CaseflowServer
import CaseflowStore
import Foundation
import Hummingbird

/// `/cases/{id}`: header, data, SLA clocks, the diagram with the path taken, the timeline, the
/// chain check, and the actions the person may take now.
struct CasePage {
    let console: Console
    static let timelinePage = 200

    func register(on router: Router<CaseflowContext>) {
        router.get("/cases/:id") { request, context in
            await console.page(request) { v in
                let id = try context.parameters.require("id")
                var c = try await model(id, v, request: request)
                if let done = request.uri.queryParameters["done"], !done.isEmpty { c["notice"] = ConsoleText.text("accepted", v.language) }
                return console.html("case", c)
            }
        }
    }

    /// The page's context; `form` and `error`: a refused action shown next to its form, with
    /// what was typed kept.
    func model(_ id: String, _ v: Console.Visitor, request: Request, form: FormBody? = nil, error: String? = nil) async throws -> [String: Any] {
        let (state, w) = try await console.daemon.cases.readable(id, by: v.person)
        let events = try await console.daemon.store.events(caseID: id)
        let zone = w.calendar.zone
        let dateFields = Set(w.fields.filter { $0.type == .date }.map(\.name))
        let timeline = try HistoryFormatter.timeline(events, zone: zone, dateFields: dateFields)
        let stage = w.stages[state.stage]
        let title = { (sid: String) in w.definition.stages.first { $0.id.value == sid }?.title ?? sid }
        var c = console.base(v, language: v.language, nav: "cases")
        let customer = w.fieldSlots["customer"].map { PlainValue.text(state.value($0)) } ?? ""
        var header: [String: Any] = [
            "id": state.id, "workflow": w.id, "workflow_title": w.definition.title ?? w.id, "version_number": w.version,
            "stage": stage.id, "stage_title": title(stage.id), "status": state.status.rawValue, "version": state.sequence,
            "opened": InstantText.readable(state.openedAt, zone: zone), "opened_by": state.openedBy,
        ]
        if !customer.isEmpty { header["customer"] = customer }
        if let a = state.assignee { header["assignee"] = a }
        if let o = state.outcome { header["outcome"] = o }
        c["case"] = header
        if let error { c["error"] = error }
        c["data"] = w.fields.enumerated().map { slot, f in
            ["name": f.name, "value": PlainValue.text(CaseJSON.shown(state.slots[slot], f, w))] as [String: Any]
        }
        let clocks = [("stage_sla", state.stageClock), ("case_sla", state.caseClock)].compactMap { key, clock in
            clock.map { Self.clock($0, label: ConsoleText.text(key, v.language), w, now: console.daemon.cases.clock()) }
        }
        c["clocks"] = clocks
        c["has_clocks"] = !clocks.isEmpty
        c["diagram"] = diagram(w, v.active.set, state: state, timeline: timeline)
        addTimeline(&c, timeline, request: request)
        let check = HashChain.verify(events)
        c["verify"] = ["intact": check.isIntact, "events": events.count, "message": check.description] as [String: Any]
        if let text = w.definition.stages.first(where: { $0.id.value == stage.id })?.instructions {
            c["instructions"] = MarkdownHTML.render(text)
        }
        CaseActions.offer(into: &c, state: state, w: w, v: v, form: form)
        return c
    }

    static func clock(_ k: SLAClock, label: String, _ w: CompiledWorkflow, now: Instant) -> [String: Any] {
        var d: [String: Any] = ["label": label, "target": k.target, "state": k.state]
        d["state_class"] = k.state == "breached" ? "bad" : k.state == "warned" ? "warn" : k.state == "paused" ? "muted" : "good"
        if let deadline = k.deadline {
            d["deadline"] = InstantText.format(deadline)
            d["deadline_text"] = InstantText.readable(deadline, zone: w.calendar.zone)
            let left = WorkQueue.remaining(until: deadline, business: k.business, w, now: now)
            d["remaining"] = k.state == "paused" ? "—" : left
            d["overdue"] = left.hasPrefix("-")
        }
        return d
    }

    private func diagram(_ w: CompiledWorkflow, _ set: DefinitionSet, state: CaseState, timeline: [TimelineEntry]) -> String {
        var path: [String] = []
        for e in timeline {
            switch e.kind {
            case .stageEntered(let s, _, _): path.append(s)
            case .moved(_, let to, _): path.append(to)
            case .migrated: path.removeAll()
            default: break
            }
        }
        let taken = zip(path, path.dropFirst()).map { (from: $0.0, to: $0.1) }
        let svg = ProcessDiagram(graph: FlowGraph(workflow: w.definition, definitions: set))
            .svg(current: state.isOpen ? w.stages[state.stage].id : nil, visited: Set(path), taken: taken,
                 title: w.definition.title ?? w.id)
        return InlineSVG.embeddable(svg)
    }

    /// The last page of events by default; `before=SEQ` shows the page of events up to SEQ (the
    /// "earlier" link), `after=SEQ` the page from just after SEQ (the "later" link). A cursor
    /// outside the history shows the last page.
    private func addTimeline(_ c: inout [String: Any], _ all: [TimelineEntry], request: Request) {
        let last = all.last?.sequence ?? 0
        let q = request.uri.queryParameters
        let before = q["before"].flatMap { Int(String($0)) }.flatMap { $0 >= 1 && $0 <= last ? $0 : nil }
        let afterGiven = q["after"].flatMap { Int(String($0)) }.flatMap { $0 >= 0 && $0 < last ? $0 : nil }
        let after = before.map { max(0, $0 - Self.timelinePage) } ?? afterGiven ?? max(0, last - Self.timelinePage)
        let shown = all.filter { $0.sequence > after && $0.sequence <= (before ?? last) }.prefix(Self.timelinePage)
        c["timeline"] = shown.map { e -> [String: Any] in
            var d: [String: Any] = ["seq": e.sequence, "when": e.when, "actor": e.actor, "type": e.type, "what": e.what]
            if let r = e.role { d["role"] = r }
            if let w = e.why { d["why"] = w }
            if let r = e.release { d["release"] = r }
            return d
        }
        if after > 0 { c["earlier"] = after }
        if let end = shown.last?.sequence, end < last { c["later"] = end }
    }
}
