import CaseflowModel
import CaseflowServer
import CaseflowStore
import Foundation
import Hummingbird

/// `/`: the stages, tasks and votes the person can act on, overdue first, paged; `role=` shows
/// one role's whole queue (the team view).
struct WorkPage {
    let console: Console

    func register(on router: Router<CaseflowContext>) {
        router.get("/") { request, _ in await console.page(request) { v in try await show(request, v) } }
    }

    private func show(_ request: Request, _ v: Console.Visitor) async throws -> Response {
        let q = request.uri.queryParameters
        let role = q["role"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let page = try await WorkQueue(cases: console.daemon.cases, store: console.daemon.store)
            .tasks(of: v.person, role: role, limit: 50, after: q["after"].map(String.init))
        var c = console.base(v, language: v.language, nav: "work")
        let items: [[String: Any]] = page.items.map { item in
            var d = PlainValue.object(item)
            let remaining = d["remaining"] as? String
            d["overdue"] = remaining?.hasPrefix("-") == true
            d["kind_text"] = (d["kind"] as? String).map { kind in kind == "task" ? "\(kind): \(d["task"] ?? "")" : kind } ?? ""
            if d["customer"] == nil { d["customer"] = d["case"] }
            if let deadline = d["deadline"] as? String {
                // In the case's own workflow's zone: workflows of several offices differ.
                d["deadline_text"] = Self.readable(deadline, zone: v.zone(of: d["workflow"] as? String))
            }
            return d
        }
        c["items"] = items
        c["has_items"] = !items.isEmpty
        let viewable = Set(v.active.engine.catalog.latest.flatMap(\.roles)).filter { Access.mayViewQueue(v.person, role: $0, v.active.engine) }
        c["roles"] = viewable.sorted().map { ["name": $0, "selected": $0 == role] as [String: Any] }
        if let next = page.next {
            c["next"] = "after=\(next)" + (role.map { "&role=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" } ?? "")
        }
        c["may_open"] = !v.readsOnly
        return console.html("work", c)
    }

    /// An RFC 3339 instant as people read it in the workflow's zone.
    static func readable(_ text: String, zone: TimeZoneRules?) -> String {
        guard let zone, let instant = InstantText.parse(text) else { return text }
        return InstantText.readable(instant, zone: zone)
    }
}
