import CaseflowEngine
import CaseflowModel
import Testing
@testable import CaseflowReports

/// Lead times, stage spans, people and roles, trends, slices and KPIs against the
/// hand-computed history of `DealFixture` (times on its 8-hour office calendar).
@Suite struct ReportSectionsTests {
    static let hour: Int64 = 3_600_000

    func report(_ query: ReportQuery = ReportQuery(workflow: "deal")) throws -> ProcessReport {
        let engine = try DealFixture.engine()
        var builder = ReportBuilder(catalog: engine.catalog, query: query)
        for (id, events) in try DealFixture.histories(engine) { builder.add(caseID: id, events: events) }
        return try #require(builder.build().processes.first)
    }

    @Test func leadToCloseByOutcome() throws {
        let p = try report()
        // c1: Monday 09:00 → 12:30: 3h working (lunch), 3.5h calendar. c2: → Tuesday 10:00: 8h + 1h working, 25h calendar.
        // p50 is rank 1 of 2, p90 rank 2. One outcome only: no `all` row.
        #expect(p.figures.leadTimes == [
            LeadTime(outcome: "won", time: CycleTime(cases: 2, workingP50Millis: 3 * Self.hour, workingP90Millis: 9 * Self.hour,
                                                     calendarP50Millis: 7 * Self.hour / 2, calendarP90Millis: 25 * Self.hour)),
        ])
        #expect(p.figures.span == nil)
    }

    @Test func timeBetweenTwoStages() throws {
        let p = try report(ReportQuery(workflow: "deal", from: "intake", to: "approval"))
        // First entries: c1 09:00 → 11:00 (2h), c2 → 10:00 (1h), c3 → 15:00 (5h working, 6h calendar); c4 never got there.
        #expect(p.figures.span == StageSpan(from: "intake", to: "approval", time: CycleTime(
            cases: 3, workingP50Millis: 2 * Self.hour, workingP90Millis: 5 * Self.hour,
            calendarP50Millis: 2 * Self.hour, calendarP90Millis: 6 * Self.hour)))
        let never = try report(ReportQuery(workflow: "deal", from: "approval", to: "intake"))
        // Only c2 entered intake again after approval, but its first entry into intake came first.
        #expect(never.figures.span == StageSpan(from: "approval", to: "intake", time: nil))
    }

    @Test func workByPersonAndRole() throws {
        let p = try report()
        // ann completed intake four times (c1 2h, c2 1h and 3h, c3 5h): median rank 2 of [1, 2, 3, 5] = 2h, p90 5h;
        // the clocks of those visits: met, met, met, missed. ben voted three times: c1 approve after 1h, c2 reject
        // after 3h, approve after 2h.
        let ann = WorkFigures(name: "ann", stagesCompleted: 4, tasksCompleted: 0,
                              time: TimeFigures(medianMillis: 2 * Self.hour, p90Millis: 5 * Self.hour, maxMillis: 5 * Self.hour),
                              slaJudged: 4, slaMet: 3, slaMetPercent: 75.0, approvals: 0, rejections: 0)
        let ben = WorkFigures(name: "ben", stagesCompleted: 0, tasksCompleted: 0,
                              time: TimeFigures(medianMillis: 2 * Self.hour, p90Millis: 3 * Self.hour, maxMillis: 3 * Self.hour),
                              slaJudged: 0, slaMet: 0, slaMetPercent: nil, approvals: 2, rejections: 1)
        #expect(p.figures.people == [ann, ben])
        var rep = ann, boss = ben
        rep.name = "rep"
        boss.name = "boss"
        #expect(p.figures.roles == [rep, boss])
    }

    @Test func trendPerWeekAndMonth() throws {
        let week = try report(ReportQuery(workflow: "deal", every: .week))
        // All four opened on Monday 2026-03-02, ISO week 10. Stage clocks: intake's five, three met.
        let expected = PeriodFigures(period: "2026-W10", start: "2026-03-02", opened: 4, closed: [OutcomeCount(outcome: "won", cases: 2)],
                                     cancelled: 1, open: 1, winPercent: 100.0, leadP50WorkingMillis: 3 * Self.hour,
                                     leadP50CalendarMillis: 7 * Self.hour / 2, slaMetPercent: 60.0,
                                     kpis: week.figures.kpis)
        #expect(week.figures.trend == [expected])
        #expect(week.every == "week")
        let month = try report(ReportQuery(workflow: "deal", every: .month))
        var m = expected
        m.period = "2026-03"
        m.start = "2026-03-01"
        #expect(month.figures.trend == [m])
        #expect(try report().figures.trend.isEmpty)
    }

    @Test func periodsAreISOWeeksAndMonths() {
        let friday = LocalDate("2027-01-01")!
        let week = ReportPeriod.week.start(of: friday)
        #expect(week == LocalDate("2026-12-28")!)
        #expect(ReportPeriod.week.label(week) == "2026-W53")
        #expect(ReportPeriod.week.label(LocalDate("2025-12-29")!) == "2026-W01")
        #expect(ReportPeriod.week.next(after: week) == LocalDate("2027-01-04")!)
        #expect(ReportPeriod.month.start(of: friday) == friday)
        #expect(ReportPeriod.month.label(LocalDate("2026-12-01")!) == "2026-12")
        #expect(ReportPeriod.month.next(after: LocalDate("2026-12-01")!) == LocalDate("2027-01-01")!)
    }

    @Test func slicesByAFieldOfTheFinalData() throws {
        let p = try report(ReportQuery(workflow: "deal", by: "channel"))
        #expect(p.by == "channel")
        #expect(p.slices.map(\.value) == ["fair", "web", ReportSlice.none])
        #expect(p.slices.map(\.figures.cases) == [1, 2, 1])
        let web = try #require(p.slices.first { $0.value == "web" }?.figures)
        #expect(web.funnel.map(\.entered) == [2, 2])
        #expect(web.funnel.last?.wentBack == 1)
        #expect(web.outcomes == Outcomes(closed: [OutcomeCount(outcome: "won", cases: 2)], cancelled: 0, open: 0, winPercent: 100.0))
        let fair = try #require(p.slices.first?.figures)
        #expect(fair.outcomes.cancelled == 1)
        #expect(fair.bottlenecks.first?.breachPercent == 100.0)
        // The slices add up to the whole.
        #expect(p.slices.map(\.figures.cases).reduce(0, +) == p.cases)
        #expect(p.slices.map { $0.figures.stages[0].visits }.reduce(0, +) == p.stages[0].visits)
    }

    @Test func declaredKPIsAreMeasured() throws {
        let p = try report(ReportQuery(workflow: "deal", by: "channel"))
        // win_rate: rate of outcome == "won" among closed cases: c1 and c2 of 2.
        let kpi = try #require(p.figures.kpis.first)
        #expect(kpi.key == "win_rate")
        #expect(kpi.value == 1.0)
        #expect(kpi.cases == 2)
        #expect(kpi.met == true)
        #expect(p.slices.first { $0.value == "fair" }?.figures.kpis.first?.cases == 0)
    }

    @Test func queriesAreChecked() throws {
        let catalog = try DealFixture.engine().catalog
        #expect(ReportQuery(workflow: "deal", by: "channel", from: "intake", to: "won").problem(in: catalog) == nil)
        #expect(ReportQuery(workflow: "deal", by: "colour").problem(in: catalog)?.contains("no data field 'colour'") == true)
        #expect(ReportQuery(workflow: "deal", from: "intake").problem(in: catalog) == "--from needs --to")
        #expect(ReportQuery(workflow: "deal", from: "intake", to: "signing").problem(in: catalog)?.contains("no stage 'signing'") == true)
        #expect(ReportQuery(workflow: "nope").problem(in: catalog) != nil)
    }
}
