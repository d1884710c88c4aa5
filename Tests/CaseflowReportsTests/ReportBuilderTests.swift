import CaseflowEngine
import CaseflowModel
import Testing
@testable import CaseflowReports

/// Report figures against the hand-computed history of `DealFixture`.
@Suite struct ReportBuilderTests {
    static let hour: Int64 = 3_600_000

    func report(since: ReportSince? = nil) throws -> ProcessReport? {
        let engine = try DealFixture.engine()
        var builder = ReportBuilder(catalog: engine.catalog, workflow: "deal", since: since)
        for (id, events) in try DealFixture.histories(engine) { builder.add(caseID: id, events: events) }
        return builder.build().processes.first
    }

    @Test func intakeTimesAndSLA() throws {
        let p = try #require(try report())
        #expect(p.cases == 4)
        let intake = try #require(p.stages.first { $0.stage == "intake" })
        #expect(intake.cases == 4)
        #expect(intake.visits == 5)
        // Completed visits: 2h, 1h, 3h, 5h → median (rank 2 of 4) 2h, p90 (rank 4) 5h.
        #expect(intake.completedVisits == 4)
        #expect(intake.time == TimeFigures(medianMillis: 2 * Self.hour, p90Millis: 5 * Self.hour, maxMillis: 5 * Self.hour))
        // Met: c1, c2 twice; missed: c3 (stopped late) and c4 (breached, still running).
        let sla = try #require(intake.sla)
        #expect(sla.judged == 5)
        #expect(sla.met == 3)
        #expect(sla.metPercent == 60.0)
        #expect(sla.breaches == 2)
        #expect(sla.warnings == 0)
        #expect(sla.escalations.isEmpty)
        #expect(intake.gate == nil)
    }

    @Test func gateTimesAndRejectionRate() throws {
        let p = try #require(try report())
        let approval = try #require(p.stages.first { $0.stage == "approval" })
        #expect(approval.cases == 3)
        #expect(approval.visits == 4)
        // c1 1h (11:00–12:30, lunch excluded), c2 3h then 2h (17:00 → Tue 10:00); c3 cancelled there, not timed.
        #expect(approval.time == TimeFigures(medianMillis: 2 * Self.hour, p90Millis: 3 * Self.hour, maxMillis: 3 * Self.hour))
        #expect(approval.sla == nil)
        #expect(approval.gate == GateFigures(approvals: 2, rejections: 1, passed: 2, rejected: 1, rejectionPercent: 33.3))
    }

    @Test func funnelFollowsEachCase() throws {
        let p = try #require(try report())
        // intake: c1, c2, c3 moved on to approval; c4 still there. approval: c1 and c2 reached won
        // (the main outcome: forward, and left the process as won), c2 was sent back once, c3 cancelled there.
        #expect(p.funnel == [
            FunnelStep(stage: "intake", entered: 4, movedForward: 3, wentBack: 0, left: [], cancelled: 0, conversionPercent: 100.0,
                       openNow: 1),
            FunnelStep(stage: "approval", entered: 3, movedForward: 2, wentBack: 1, left: [OutcomeCount(outcome: "won", cases: 2)],
                       cancelled: 1, conversionPercent: 75.0, openNow: 0),
        ])
        #expect(p.outcomes == Outcomes(closed: [OutcomeCount(outcome: "won", cases: 2)], cancelled: 1, open: 1, winPercent: 100.0))
        #expect(p.mainOutcome == "won")
        #expect(p.stages.first { $0.stage == "won" }?.cases == 2)
        #expect(p.caseSLA == nil)
    }

    @Test func bottlenecksWeighMissesAgainstTheStagesOwnTarget() throws {
        let p = try #require(try report())
        // intake: 2 of 5 judged visits missed its 4 business hours (c3 stopped at 5h: 0.25× late; c4 still
        // running, late by an unknown amount): 100 × 0.4 × (1 + 0.25) = 50. approval has no target: after it.
        #expect(p.bottlenecks == [
            Bottleneck(rank: 1, stage: "intake", score: 50.0, target: "4 business hours", breachPercent: 40.0, overrun: 0.25,
                       p90Millis: 5 * Self.hour,
                       why: "misses its target of 4 business hours in 40.0% of visits (2 of 5), by 0.25× the target on average; "
                           + "p90 5.0 working hours", judged: 5, missed: 2, medianMillis: 2 * Self.hour),
            Bottleneck(rank: 2, stage: "approval", score: 0, target: nil, breachPercent: 0, overrun: nil, p90Millis: 3 * Self.hour,
                       why: "no SLA target: p90 3.0 working hours, median 2.0 working hours", medianMillis: 2 * Self.hour),
        ])
    }

    /// The console's KPI page for a reader of Chinese showed the report's body in English.
    @Test func theHTMLReportIsWordedInChineseForTheConsole() throws {
        let report = Report(processes: [try #require(try report())], skipped: [])
        let english = ReportHTML.sections(report)
        let chinese = ReportHTML.sections(report, wording: .chinese)
        #expect(english.contains("Bottlenecks") && english.contains("misses its target of 4 business hours in 40.0% of visits (2 of 5)"))
        for phrase in ["流程报告：", "个案件。", "瓶颈", "漏斗", "各阶段停留", "结果", "阶段", "5 次中 2 次（40.0%）未达到目标 4 business hours",
                       "平均超出目标 25%", "没有 SLA 目标：p90 3.0 个工作小时，中位数 2.0 个工作小时", "人员", "角色"] {
            #expect(chinese.contains(phrase), "\(phrase)")
        }
        // No English label is left: every heading, caption, table head and sentence is worded.
        let labels = try Regex("<(h1|h3|th|td|figcaption|small|p)[^>]*>([^<]*)(?=<)")
        #expect(chinese.matches(of: labels).count > 40)
        for match in chinese.matches(of: labels) {
            let text = String(match.output[2].substring ?? "")
            let words = text.split { !$0.isLetter }.filter { $0.count > 2 && $0.allSatisfy { $0.isASCII } }
            // What is not translated: ids, names, KPI titles and targets from the definitions and the data.
            let allowed: Set<String> = ["KPI", "SLA", "deal", "office", "Asia", "Shanghai", "intake", "approval", "won", "lost",
                                        "business", "hours", "Win", "rate", "ann", "ben", "rep", "boss"]
            #expect(words.allSatisfy { allowed.contains(String($0)) }, "\(text)")
        }
    }

    @Test func sinceLeavesOutEarlierCases() throws {
        #expect(try report(since: .date(LocalDate("2026-03-03")!))?.cases == 0)
        #expect(try report(since: .date(LocalDate("2026-03-02")!))?.cases == 4)
        #expect(ReportSince.parse("2026-03-02T09:00:00+08:00") == .instant(DealFixture.monday))
        #expect(ReportSince.parse("yesterday") == nil)
    }

    @Test func percentilesByNearestRank() {
        #expect(Percentiles.nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], percent: 50) == 5)
        #expect(Percentiles.nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], percent: 90) == 9)
        #expect(Percentiles.nearestRank([7], percent: 90) == 7)
        #expect(Percentiles.percent(1, of: 3) == 33.3)
        #expect(Percentiles.percent(1, of: 0) == nil)
    }

    @Test func formatsCarryTheFigures() throws {
        let engine = try DealFixture.engine()
        var builder = ReportBuilder(catalog: engine.catalog)
        for (id, events) in try DealFixture.histories(engine) { builder.add(caseID: id, events: events) }
        let report = builder.build()
        let text = ReportFormat.text.render(report)
        #expect(text.contains("Process report: deal"))
        #expect(text.contains("intake    worked      4       5    2.0h  5.0h    60.0%"))
        #expect(text.contains("33.3% (1/3)"))
        #expect(text.contains("closed: won"))
        let csv = ReportFormat.csv.render(report).split(separator: "\n").map(String.init)
        #expect(csv.first == "workflow,section,subject,measure,value")
        #expect(csv.contains("deal,stage,intake,p90_hours,5.0"))
        #expect(csv.contains("deal,stage,approval,rejection_pct,33.3"))
        #expect(csv.contains("deal,funnel,intake,moved_forward,3"))
        #expect(csv.contains("deal,outcome,won,closed,2"))
        #expect(csv.contains("deal,bottleneck,intake,score,50.0"))
        let json = ReportFormat.json.render(report)
        #expect(json.contains("\"p90_millis\" : 18000000"))
        #expect(json.contains("\"ranking_rule\""))
    }
}
