/// Running totals of the work of one person or one role.
struct WorkTally {
    var stages = 0
    var tasks = 0
    var times: [Int64] = []
    var judged = 0
    var met = 0
    var approvals = 0
    var rejections = 0

    mutating func add(_ w: CaseDigest.Work) {
        switch w.action {
        case .stage: stages += 1
        case .task: tasks += 1
        case .approve: approvals += 1
        case .reject: rejections += 1
        }
        if let millis = w.millis { times.append(millis) }
        if let verdict = w.met {
            judged += 1
            if verdict { met += 1 }
        }
    }

    func figures(_ name: String) -> WorkFigures {
        WorkFigures(name: name, stagesCompleted: stages, tasksCompleted: tasks, time: TimeFigures(times), slaJudged: judged,
                    slaMet: met, slaMetPercent: Percentiles.percent(met, of: judged), approvals: approvals, rejections: rejections)
    }

    /// Sorted by work done (stages, tasks and votes), most first, then by name.
    static func figures(_ tallies: [String: WorkTally]) -> [WorkFigures] {
        tallies.map { $0.value.figures($0.key) }.sorted {
            let a = $0.stagesCompleted + $0.tasksCompleted + $0.approvals + $0.rejections
            let b = $1.stagesCompleted + $1.tasksCompleted + $1.approvals + $1.rejections
            return a != b ? a > b : $0.name < $1.name
        }
    }
}
