import CaseflowEngine
import CaseflowModel
import CaseflowReports
import CaseflowServer
import CaseflowStore
import Foundation
import Hummingbird

/// `/kpis`: the report's funnel, time in stage, SLA met % and bottleneck ranking for one
/// workflow and period, as charts. One request reads at most `limit` cases (newest first is not
/// promised: the walk goes in case id order); `caseflow report` covers every case.
struct KPIPage {
    let console: Console
    static let limit = 2_000

    func register(on router: Router<CaseflowContext>) {
        router.get("/kpis") { request, _ in await console.page(request) { v in try await show(request, v) } }
    }

    private func show(_ request: Request, _ v: Console.Visitor) async throws -> Response {
        let q = request.uri.queryParameters
        let workflows = v.active.engine.catalog.latest.filter { Access.mayRead(v.person, $0, v.directory) }.sorted { $0.id < $1.id }
        let chosen = q["workflow"].map(String.init) ?? workflows.first?.id
        let days = min(3650, max(1, q["days"].flatMap { Int(String($0)) } ?? 90))
        var c = console.base(v, language: v.language, nav: "kpis")
        c["workflows"] = workflows.map { ["id": $0.id, "title": $0.definition.title ?? $0.id, "selected": $0.id == chosen] as [String: Any] }
        c["days"] = days
        guard let w = workflows.first(where: { $0.id == chosen }) else { return console.html("kpis", c) }
        let since = Instant(millis: console.daemon.cases.clock().millis - Int64(days) * 86_400_000)
        let by = q["by"].map(String.init).flatMap { w.fieldSlots[$0] != nil ? $0 : nil }
        let every = q["every"].flatMap { ReportPeriod(rawValue: String($0)) }
        c["fields"] = w.fields.map { ["name": $0.name, "selected": $0.name == by] as [String: Any] }
        c["periods"] = ReportPeriod.allCases.map { ["value": $0.rawValue, "selected": $0 == every] as [String: Any] }
        var builder = ReportBuilder(catalog: v.active.engine.catalog, query: ReportQuery(workflow: w.id, since: .instant(since), by: by, every: every))
        var query = CaseQuery(workflow: w.id, limit: 500)
        var read = 0
        walk: while read < Self.limit {
            let rows = try await console.daemon.store.cases(query)
            for row in rows {
                query.after = row.id
                read += 1
                let events = try await console.daemon.store.events(caseID: row.id).compactMap { try? EventCodec.decode($0.body).event }
                builder.add(caseID: row.id, events: events)
                if read >= Self.limit { break walk }
            }
            if rows.count < query.limit { break }
        }
        let report = builder.build()
        c["report"] = ["cases": read, "limit": Self.limit, "html": ReportHTML.sections(report, wording: v.language == .zh ? .chinese : .english)] as [String: Any]
        return console.html("kpis", c)
    }

    static func hours(_ ms: Int64) -> String {
        let h = Double(ms) / 3_600_000
        return h >= 48 ? String(format: "%.1f d", h / 24) : String(format: "%.1f h", h)
    }
}
