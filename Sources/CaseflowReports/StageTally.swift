import CaseflowModel

/// Running totals for one stage while histories are added.
struct StageTally {
    var cases = 0
    var visits = 0
    var durations: [Int64] = []
    var movedOn = 0
    var stillHere = 0
    var sla = SLATally()
    var approvals = 0
    var rejections = 0
    var passed = 0
    var rejected = 0
}

/// Running totals for one SLA clock (a stage's, or the case's).
struct SLATally {
    var clocks = 0
    var judged = 0
    var met = 0
    var warnings = 0
    var breaches = 0
    var levels: [Int: Int] = [:]

    var figures: SLAFigures {
        SLAFigures(judged: judged, met: met, metPercent: Percentiles.percent(met, of: judged), warnings: warnings,
                   breaches: breaches, escalations: levels.keys.sorted().map { LevelCount(level: $0, count: levels[$0] ?? 0) })
    }
}
