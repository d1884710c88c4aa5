/// Running totals of the cases opened in one trend period.
struct PeriodTally {
    var opened = 0
    var closed: [String: Int] = [:]
    var cancelled = 0
    var open = 0
    var won = 0
    var leadWorking: [Int64] = []
    var leadCalendar: [Int64] = []
    var judged = 0
    var met = 0
    var kpis: KPITally

    init(kpis: KPITally) { self.kpis = kpis }

    func figures(period: String, start: String) -> PeriodFigures {
        let closedCount = closed.values.reduce(0, +)
        return PeriodFigures(period: period, start: start, opened: opened, closed: OutcomeCount.sorted(closed), cancelled: cancelled,
                             open: open, winPercent: Percentiles.percent(won, of: closedCount),
                             leadP50WorkingMillis: leadWorking.isEmpty ? nil : Percentiles.nearestRank(leadWorking.sorted(), percent: 50),
                             leadP50CalendarMillis: leadCalendar.isEmpty ? nil : Percentiles.nearestRank(leadCalendar.sorted(), percent: 50),
                             slaMetPercent: Percentiles.percent(met, of: judged), kpis: kpis.figures())
    }
}
