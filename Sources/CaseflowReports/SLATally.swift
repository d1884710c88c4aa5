/// Running totals for one SLA clock (a stage's, or the case's).
struct SLATally {
    var judged = 0
    var met = 0
    var warnings = 0
    var breaches = 0
    var levels: [Int: Int] = [:]
    /// Judged visits by the target in force, and the overruns of missed visits whose clock stopped.
    var targets: [String: Int] = [:]
    var overruns: [Double] = []
    /// Each target's length, for targets that count working time.
    var workingBudgets: [String: Int64] = [:]

    var figures: SLAFigures {
        SLAFigures(judged: judged, met: met, metPercent: Percentiles.percent(met, of: judged), warnings: warnings,
                   breaches: breaches, escalations: levels.keys.sorted().map { LevelCount(level: $0, count: levels[$0] ?? 0) },
                   target: targetNames.first, targetMillis: targetNames.first.flatMap { workingBudgets[$0] })
    }

    /// The targets, most judged first (ties by name).
    var targetNames: [String] {
        targets.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
    }
}
