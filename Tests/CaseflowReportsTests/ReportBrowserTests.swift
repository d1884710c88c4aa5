import CaseflowEngine
import CaseflowReports
import CaseflowTestSupport
import Foundation
import Testing

/// The HTML report opened in headless Chromium as a manager would open the mailed file: it
/// renders from disk alone, every chart has a size, and the browser parsed it as XHTML would be.
@Suite(.serialized, .enabled(if: ChromeDriver.isAvailable, "needs chromium and chromium-driver: apt-get install chromium chromium-driver"))
struct ReportBrowserTests {
    @Test func theMailedPageRendersItsCharts() async throws {
        let engine = try DealFixture.engine()
        var builder = ReportBuilder(catalog: engine.catalog, query: ReportQuery(workflow: "deal", by: "channel", every: .week))
        for (id, events) in try DealFixture.histories(engine) { builder.add(caseID: id, events: events) }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("caseflow-report-\(UUID().uuidString).xhtml")
        try Data(ReportFormat.html.render(builder.build()).utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        try await ChromeDriver.withSession { b in
            // .xhtml: Chromium parses it with its XML parser and shows an error page for a page that is not well-formed.
            try await b.open(file.absoluteString)
            _ = try await b.waitFor("h1")
            #expect(try await b.title() == "Process report: deal")
            #expect(try await !b.exists("parsererror"))
            let charts = try await b.executeScript("""
                return Array.from(document.querySelectorAll('svg')).filter(s => s.getBoundingClientRect().width > 200
                    && s.getBoundingClientRect().height > 20).length
                """).int
            #expect(charts == 6 + 6 + 5 + 4)
            #expect(try await b.findAll("section.slice").count == 3)
            #expect(try await b.text("h1").contains("Process report: deal"))
            try await b.screenshot(named: "report-html")
        }
    }
}
