import CaseflowModel
import CaseflowRules
import CaseflowServer
import CaseflowStore
import Foundation
import Hummingbird

/// `/admin` (admins only): reload the definitions and see what the validator said, the latest
/// deliveries and batches.
struct AdminPage {
    let console: Console

    func register(on router: Router<CaseflowContext>) {
        router.get("/admin") { request, _ in await console.page(request) { v in try await show(v, reload: nil) } }
        router.post("/admin/reload") { request, _ in
            await console.action(request) { v, _ in
                let person = try Access.admin(v.person, v.directory, to: "reload definitions")
                let lang = v.language
                let result: [String: Any]
                switch await console.daemon.registry.reload(by: person) {
                case .loaded(let workflows, let warnings):
                    result = ["ok": true, "headline": "\(ConsoleText.text("reload_ok", lang)): \(workflows)",
                              "lines": warnings.map(\.description)]
                case .refused(let errors):
                    result = ["ok": false, "headline": ConsoleText.text("reload_refused", lang), "lines": errors.map(\.description)]
                }
                // The page shows the result at once: a reload is not repeated by reloading the page
                // (the browser asks first), and doing it twice is harmless.
                guard let fresh = console.visitor(request) else { return HTMLResponse.redirect("/login") }
                return try await show(fresh, reload: result)
            }
        }
    }

    private func show(_ v: Console.Visitor, reload: [String: Any]?) async throws -> Response {
        _ = try Access.admin(v.person, v.directory, to: "open the admin pages")
        var c = console.base(v, language: v.language, nav: "admin")
        if let reload { c["reload"] = reload }
        let zone = v.zone(of: nil)
        let when = { (i: Instant) in zone.map { InstantText.readable(i, zone: $0) } ?? InstantText.format(i) }
        c["deliveries"] = try await console.daemon.store.deliveries(state: nil, before: nil, limit: 50).map { d -> [String: Any] in
            var r: [String: Any] = ["id": d.id, "channel": d.channel, "receiver": d.receiver, "state": d.state.rawValue, "attempts": d.attempts]
            if !d.caseID.isEmpty { r["case"] = d.caseID }
            if let e = d.lastError { r["error"] = e }
            return r
        }
        c["batches"] = try await console.daemon.store.batches(status: nil, limit: 50).map { b -> [String: Any] in
            let spec = PlainValue.object((try? JSONParser.parse(b.spec).get()) ?? .null)
            return ["id": b.id, "action": (spec["action"] as? [String: Any])?.keys.sorted().joined(separator: ", ") ?? (spec["action"] as? String ?? ""),
                    "status": b.status, "by": b.createdBy, "counts": "\(b.done) / \(b.refused)", "created": when(b.createdAt)]
        }
        return console.html("admin", c)
    }
}
