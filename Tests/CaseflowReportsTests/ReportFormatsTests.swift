import CaseflowEngine
import CaseflowModel
import Foundation
import Testing
@testable import CaseflowReports

/// Every section in every format, on `DealFixture` sliced by channel with weekly trends.
@Suite struct ReportFormatsTests {
    func report() throws -> Report {
        let engine = try DealFixture.engine()
        var builder = ReportBuilder(catalog: engine.catalog,
                                   query: ReportQuery(workflow: "deal", by: "channel", every: .week, from: "intake", to: "approval"))
        for (id, events) in try DealFixture.histories(engine) { builder.add(caseID: id, events: events) }
        return builder.build()
    }

    @Test func textHasEverySectionPerSlice() throws {
        let text = ReportFormat.text.render(try report())
        func count(_ heading: String) -> Int { text.components(separatedBy: "\n" + heading).count - 1 }
        // Once for all cases and once per slice (fair, web, none) ...
        for heading in ["KPIs", "Stages", "Funnel", "Outcomes", "From intake to approval", "Bottlenecks", "Trend by week"] {
            #expect(count(heading) == 4, "\(heading)")
        }
        // ... except where there is nothing to show: nothing closed in fair and none, no work done in none.
        #expect(count("Lead-to-close") == 2)
        #expect(count("People") == 3 && count("Roles") == 3)
        #expect(text.contains("\nchannel = web: 2 cases\n"))
        #expect(text.contains("\nchannel = (none): 1 case\n"))
        #expect(text.contains("  approval        3        2     1  won 2                     1         0       75.0%\n"))
        #expect(text.contains("  won          2  0.4 bd  1.1 bd         0.1 d         1.0 d\n"))
        #expect(text.contains("  Win rate  100.0%   30.0%  yes      2\n"))
        #expect(text.contains("  ann          4      0    2.0h  5.0h  75.0% (3/4)         0         0\n"))
        #expect(text.contains("  2026-W10       4       2          1     1    100.0%    0.4 bd              0.1 d    60.0%    100.0%\n"))
        #expect(text.contains("     1  intake  125.0  misses its target of 4 business hours in 100.0% of visits (1 of 1)"))
    }

    @Test func jsonKeysAreSnakeCase() throws {
        let json = ReportFormat.json.render(try report())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["ranking_rule", "processes", "skipped"])
        let process = try #require((object["processes"] as? [[String: Any]])?.first)
        // No title: the deal workflow has none.
        #expect(Set(process.keys) == ["workflow", "calendar", "zone", "day_millis", "main_outcome", "by", "every", "figures", "slices"])
        let figures = try #require(process["figures"] as? [String: Any])
        // No case_sla: the deal workflow has no case SLA, and unknown values are left out.
        #expect(Set(figures.keys) == ["cases", "stages", "funnel", "outcomes", "lead_times", "span", "bottlenecks", "people", "roles",
                                      "kpis", "trend"])
        let funnel = try #require((figures["funnel"] as? [[String: Any]])?.last)
        #expect(Set(funnel.keys) == ["stage", "entered", "moved_forward", "went_back", "left", "cancelled", "conversion_percent", "open_now"])
        #expect(json.contains("\"target_text\" : \"30.0%\""))
        #expect(json.contains("\"working_p90_millis\" : 32400000"))
        #expect(!json.contains("Millis\""))
        let camel = json.range(of: "\"[a-z0-9_]*[A-Z][A-Za-z0-9_]*\" :", options: .regularExpression)
        #expect(camel == nil, "a camelCase key: \(camel.map { String(json[$0]) } ?? "")")
    }

    @Test func csvRowsCarryTheSlice() throws {
        let rows = ReportFormat.csv.render(try report()).split(separator: "\n").map(String.init)
        #expect(rows.first == "workflow,section,subject,measure,value")
        #expect(rows.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count >= 5 })
        #expect(rows.contains("deal,funnel,approval,left_won,2"))
        #expect(rows.contains("deal,funnel/channel=web,approval,went_back,1"))
        #expect(rows.contains("deal,lead_time,won,p90_calendar_hours,25.0"))
        #expect(rows.contains("deal,span,intake->approval,p50_hours,2.0"))
        #expect(rows.contains("deal,person,ben,rejections,1"))
        #expect(rows.contains("deal,trend,2026-W10,sla_met_pct,60.0"))
        #expect(rows.contains("deal,kpi,win_rate,met,true"))
        #expect(rows.contains { $0.hasPrefix("deal,bottleneck,intake,why,\"misses its target of 4 business hours") })
    }

    @Test func htmlIsOneXMLPageWithCharts() throws {
        let report = try report()
        let html = ReportFormat.html.render(report)
        let check = XMLCheck.parse(html)
        #expect(check.error == nil, "\(check.error ?? "")")
        // Funnel, dwell, SLA met and three trend charts for all cases and for web; fair closed nothing (no lead-time
        // line), none neither, and completed no visit (no dwell chart).
        #expect(check.elements["svg"] == 6 + 6 + 5 + 4)
        #expect(check.elements["section"] == 1 + 3)
        #expect(!html.contains("<script"))
        #expect(!html.replacingOccurrences(of: "http://www.w3.org/", with: "").contains("http"), "nothing external")
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        let body = ReportHTML.sections(report)
        #expect(!body.contains("<html") && !body.contains("<style"))
        #expect(XMLCheck.parse("<div>" + body + "</div>").error == nil)
    }

    @Test func htmlEscapesText() throws {
        var report = try report()
        report.processes[0].title = "R&D <pilot> \"q\""
        report.processes[0].slices[0].value = "a<b & c"
        let html = ReportFormat.html.render(report)
        #expect(XMLCheck.parse(html).error == nil)
        #expect(html.contains("R&amp;D &lt;pilot&gt; &quot;q&quot;"))
        #expect(html.contains("a&lt;b &amp; c"))
    }

    @Test func chartsAreSVG() {
        let lines = ReportChart.lines([.init(name: "a & b", values: [1, nil, 3], colour: "#000")], labels: ["W1", "W2", "W3"], title: "t<")
        #expect(XMLCheck.parse(lines).error == nil)
        #expect(lines.components(separatedBy: "<polyline").count == 3, "the gap breaks the line in two")
        #expect(ReportChart.lines([.init(name: "x", values: [nil], colour: "#000")], labels: ["W1"], title: "t").isEmpty)
        let ranges = ReportChart.ranges([.init(label: "s", low: 1, high: 2, mark: 3, text: "1h / 2h")], title: "d",
                                        legend: ("median", "p90", "target"))
        #expect(XMLCheck.parse(ranges).error == nil)
        #expect(ranges.contains("<line"))
        #expect([439, 55.7, 100, 3].map(ReportChart.niceCeiling) == [500, 60, 100, 3])
    }
}
