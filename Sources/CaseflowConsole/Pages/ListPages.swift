import CaseflowEngine
import CaseflowModel
import CaseflowRules
import CaseflowServer
import CaseflowStore
import Foundation
import Hummingbird

/// Case search (the API's filters), opening a case, the escalations board and the inbox.
struct ListPages {
    let console: Console
    static let searchKeys = ["workflow", "stage", "status", "assignee", "breached", "where", "after"]

    func register(on router: Router<CaseflowContext>) {
        router.get("/cases") { request, _ in await console.page(request) { v in try await search(request, v) } }
        router.get("/cases/new") { request, _ in await console.page(request) { v in try newCase(request, v, form: nil, error: nil) } }
        router.post("/cases") { request, _ in await console.action(request) { v, form in try await open(request, v, form) } }
        router.get("/escalations") { request, _ in await console.page(request) { v in try await escalations(request, v) } }
        router.get("/inbox") { request, _ in await console.page(request) { v in try await inbox(request, v) } }
        router.post("/inbox/:id/read") { request, context in
            await console.action(request) { v, _ in
                guard let id = Int64(try context.parameters.require("id")),
                      try await console.daemon.store.markNotificationRead(id: id, person: v.person, at: WallClock.now())
                else { throw APIError.notFound("\(v.person) has no such notification") }
                return HTMLResponse.redirect("/inbox")
            }
        }
    }

    private func readableWorkflows(_ v: Console.Visitor, selected: String?) -> [[String: Any]] {
        v.active.engine.catalog.latest.filter { Access.mayRead(v.person, $0, v.directory) }.sorted { $0.id < $1.id }.map {
            ["id": $0.id, "title": $0.definition.title ?? $0.id, "selected": $0.id == selected] as [String: Any]
        }
    }

    private func search(_ request: Request, _ v: Console.Visitor) async throws -> Response {
        var filters: [String: String] = [:]
        // Read as the browser sent the form: a space in a condition arrives as `+`.
        for (k, value) in (try? QueryForm.pairs(request.uri.query ?? "")) ?? [] where Self.searchKeys.contains(k) && !value.isEmpty {
            filters[k] = value
        }
        var c = console.base(v, language: v.language, nav: "cases")
        c["workflows"] = readableWorkflows(v, selected: filters["workflow"])
        c["statuses"] = ["open", "closed", "cancelled"].map { ["value": $0, "selected": $0 == filters["status"]] as [String: Any] }
        c["f"] = ["stage": filters["stage"] ?? "", "assignee": filters["assignee"] ?? "", "where": filters["where"] ?? "",
                  "breached_true": filters["breached"] == "true", "breached_false": filters["breached"] == "false"] as [String: Any]
        c["searched"] = true
        filters["limit"] = "50"
        do {
            let page = try await CaseSearch(filters: filters, engine: v.active.engine, person: v.person)
                .run(store: console.daemon.store, now: console.daemon.cases.clock())
            let rows: [[String: Any]] = page.cases.compactMap { s in
                guard let w = v.active.engine.workflow(of: s) else { return nil }
                var r: [String: Any] = ["id": s.id, "workflow": w.id, "version": w.version, "stage": w.stages[s.stage].id,
                                        "status": s.status.rawValue, "opened": InstantText.readable(s.openedAt, zone: w.calendar.zone),
                                        "customer": w.fieldSlots["customer"].map { PlainValue.text(s.value($0)) } ?? s.id]
                if let a = s.assignee { r["assignee"] = a }
                if let o = s.outcome { r["outcome"] = o }
                return r
            }
            c["rows"] = rows
            c["has_rows"] = !rows.isEmpty
            c["scanned"] = page.scanned
            if let next = page.next {
                var q = filters
                q["limit"] = nil
                q["after"] = next
                c["next"] = q.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
                    .joined(separator: "&")
            }
        } catch let e as APIError where e.status == .badRequest {
            c["error"] = e.message
            c["searched"] = false
            return console.html("search", c, status: .badRequest)
        }
        return console.html("search", c)
    }

    private func newCase(_ request: Request, _ v: Console.Visitor, form: FormBody?, error: String?, status: HTTPResponse.Status = .ok) throws -> Response {
        _ = try Access.writer(v.person, v.directory)
        let chosen = form?["workflow"] ?? request.uri.queryParameters["workflow"].map(String.init)
        var c = console.base(v, language: v.language, nav: "work")
        let workflows = v.active.engine.catalog.latest.filter { w in w.roles.contains { v.directory.has(v.person, $0) } || v.isAdmin }
            .sorted { $0.id < $1.id }
        let selected = chosen ?? workflows.first?.id
        c["workflows"] = workflows.map { ["id": $0.id, "title": $0.definition.title ?? $0.id, "selected": $0.id == selected] as [String: Any] }
        if let error { c["error"] = error }
        if let w = workflows.first(where: { $0.id == selected }) {
            c["workflow"] = w.id
            let entries = w.fields.map { f in
                (f.required, FieldControl.entry(f, w, current: nil, submitted: form?[FieldControl.prefix + f.name], required: f.required, idPrefix: "o-"))
            }
            c["fields"] = entries.filter(\.0).map(\.1)
            let more = entries.filter { !$0.0 }.map(\.1)
            c["more"] = more
            c["has_more"] = !more.isEmpty
        }
        return console.html("new_case", c, status: status)
    }

    private func open(_ request: Request, _ v: Console.Visitor, _ form: FormBody) async throws -> Response {
        let person = try Access.writer(v.person, v.directory)
        let id = form.text("workflow") ?? ""
        guard let w = v.active.engine.catalog.workflow(id) else { throw APIError.notFound("no workflow \(id)") }
        do {
            let state = try await console.daemon.cases.open(workflow: w.id, data: FieldControl.values(form, w), by: person)
            return HTMLResponse.redirect("/cases/\(state.id)?done=open")
        } catch let refusal as APIError where refusal.status != .internalServerError {
            return try newCase(request, v, form: form, error: refusal.message, status: refusal.status)
        }
    }

    /// Open escalations by level (highest first), the latest within a level first.
    private func escalations(_ request: Request, _ v: Console.Visitor) async throws -> Response {
        let page = try await WorkQueue(cases: console.daemon.cases, store: console.daemon.store)
            .escalations(of: v.person, openOnly: true, limit: 200, after: request.uri.queryParameters["after"].map(String.init))
        var byLevel: [Int: [[String: Any]]] = [:]
        for item in page.items {
            var d = PlainValue.object(item)
            let level = Int(d["level"] as? Int64 ?? 0)
            d["late"] = ((d["late_ms"] as? Int64).flatMap { CELDuration(seconds: $0 / 1000, nanos: 0) }).map(DurationText.human) ?? ""
            d["notified"] = (d["notified"] as? [Any])?.map { "\($0)" }.joined(separator: ", ") ?? ""
            byLevel[level, default: []].append(d)
        }
        var c = console.base(v, language: v.language, nav: "escalations")
        c["levels"] = byLevel.keys.sorted(by: >).map { level in
            let items = (byLevel[level] ?? []).sorted { ($0["late_ms"] as? Int64 ?? 0) > ($1["late_ms"] as? Int64 ?? 0) }
            return ["level": level, "count": items.count, "items": items] as [String: Any]
        }
        if let next = page.next { c["next"] = next }
        return console.html("escalations", c)
    }

    private func inbox(_ request: Request, _ v: Console.Visitor) async throws -> Response {
        let q = request.uri.queryParameters
        let unread = q["unread"] == "true"
        let limit = 50
        let items = try await console.daemon.store.notifications(person: v.person, unreadOnly: unread,
                                                                 before: q["before"].flatMap { Int64(String($0)) }, limit: limit)
        var c = console.base(v, language: v.language, nav: "inbox")
        c["unread"] = unread
        c["items"] = items.map { n -> [String: Any] in
            // The notification's own fields (OutboxPlanner's inbox payload): whose case, which stage,
            // the level, and what is asked of the reader. The page read keys the payload does not
            // have, and showed only the message's id.
            let about = PlainValue.object((try? JSONParser.parse(n.payload).get()) ?? .null)
            let level = (about["level"]).map { "L\($0)" + ((about["moment"] as? String).map { " " + $0 } ?? "") }
            let title = [about["customer"] as? String, (about["stage_title"] as? String) ?? (about["stage"] as? String), level]
                .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " · ")
            let zone = v.zone(of: about["workflow"] as? String)
            var item: [String: Any] = ["id": n.id, "case": n.caseID, "title": title.isEmpty ? n.message : title, "read": n.readAt != nil,
                                       "created": zone.map { InstantText.readable(n.createdAt, zone: $0) } ?? InstantText.format(n.createdAt)]
            if let asked = about["asked"] as? String { item["asked"] = asked }
            if let late = about["late"] as? String { item["late"] = late }
            return item
        }
        if items.count == limit, let last = items.last { c["next"] = last.id }
        return console.html("inbox", c)
    }
}
