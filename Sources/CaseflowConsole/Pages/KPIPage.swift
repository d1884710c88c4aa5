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
        var builder = ReportBuilder(catalog: v.active.engine.catalog, workflow: w.id, since: .instant(since))
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
        guard let report = builder.build().processes.first(where: { $0.workflow == w.id }) else { return console.html("kpis", c) }
        let t = { (key: String) in ConsoleText.text(key, v.language) }
        let title = { (id: String) in w.definition.stages.first { $0.id.value == id }?.title ?? id }
        var r: [String: Any] = ["cases": report.cases, "limit": Self.limit]
        r["funnel"] = ReportChart.bars(report.funnel.map { step in
            .init(label: title(step.stage), value: Double(step.entered), text: "\(step.entered)")
        }, title: t("funnel"))
        r["dwell"] = ReportChart.bars(report.stages.compactMap { s in
            s.time.map { .init(label: title(s.stage), value: Double($0.medianMillis) / 3_600_000, text: Self.hours($0.medianMillis)) }
        }, title: t("dwell"))
        r["sla"] = ReportChart.bars(report.stages.compactMap { s in
            s.sla?.metPercent.map { .init(label: title(s.stage), value: $0, text: String(format: "%.1f %%", $0), alert: $0 < 80) }
        }, title: t("sla_met"), maximum: 100)
        r["bottlenecks"] = report.bottlenecks.prefix(10).map { b -> [String: Any] in
            ["rank": b.rank, "stage": title(b.stage), "score": String(format: "%.1f", b.score),
             "why": "p90 \(Self.hours(b.p90Millis)), " + String(format: "%.1f %%", b.breachPercent) + " breached"]
        }
        c["report"] = r
        return console.html("kpis", c)
    }

    static func hours(_ ms: Int64) -> String {
        let h = Double(ms) / 3_600_000
        return h >= 48 ? String(format: "%.1f d", h / 24) : String(format: "%.1f h", h)
    }
}
