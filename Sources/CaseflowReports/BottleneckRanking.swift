import CaseflowModel

/// Ranks worked stages and gates as bottlenecks against their own SLA targets:
/// `score = 100 × miss rate × (1 + mean overrun)`, where the miss rate is judged visits that
/// missed / judged visits and the overrun is the working time past the target over the missed
/// visits, as a multiple of the target. A stage long by design that meets its target scores
/// low; one that misses often, or by far, scores high. Stages without a target rank after all
/// stages with one, by p90; ties go to the higher p90, then to process order.
struct BottleneckRanking {
    let shape: ProcessShape

    func rank(_ stages: [StageFigures], sla: [String: SLATally]) -> [Bottleneck] {
        var candidates: [(order: Int, hasTarget: Bool, b: Bottleneck)] = []
        for (order, f) in stages.enumerated() {
            guard f.kind == Stage.Kind.worked.rawValue || f.kind == Stage.Kind.gate.rawValue, let time = f.time else { continue }
            let tally = sla[f.stage] ?? SLATally()
            let targets = tally.targetNames.isEmpty ? declaredTargets(f.stage) : tally.targetNames
            guard !targets.isEmpty else {
                let why = ReportWording.english.why(targets: [], judged: 0, missed: 0, missPercent: 0, overrun: nil,
                                                    p90Millis: time.p90Millis, medianMillis: time.medianMillis, dayMillis: shape.dayMillis)
                candidates.append((order, false, Bottleneck(rank: 0, stage: f.stage, score: 0, target: nil, breachPercent: 0, overrun: nil,
                                                            p90Millis: time.p90Millis, why: why, medianMillis: time.medianMillis)))
                continue
            }
            let missed = tally.judged - tally.met
            let missRate = tally.judged == 0 ? 0 : Double(missed) / Double(tally.judged)
            let overrun = tally.overruns.isEmpty ? nil : tally.overruns.reduce(0, +) / Double(tally.overruns.count)
            let score = (100 * missRate * (1 + (overrun ?? 0)) * 10).rounded() / 10
            let why = ReportWording.english.why(targets: targets, judged: tally.judged, missed: missed, missPercent: missRate * 100,
                                                overrun: overrun, p90Millis: time.p90Millis, medianMillis: time.medianMillis,
                                                dayMillis: shape.dayMillis)
            candidates.append((order, true, Bottleneck(rank: 0, stage: f.stage, score: score, target: targets.joined(separator: " / "),
                                                       breachPercent: (missRate * 1000).rounded() / 10, overrun: overrun.map { ($0 * 100).rounded() / 100 },
                                                       p90Millis: time.p90Millis, why: why, judged: tally.judged, missed: missed,
                                                       medianMillis: time.medianMillis)))
        }
        let sorted = candidates.sorted { a, b in
            if a.hasTarget != b.hasTarget { return a.hasTarget }
            if a.b.score != b.b.score { return a.b.score > b.b.score }
            if a.b.p90Millis != b.b.p90Millis { return a.b.p90Millis > b.b.p90Millis }
            return a.order < b.order
        }
        return sorted.enumerated().map { i, c in
            var b = c.b
            b.rank = i + 1
            return b
        }
    }

    private func declaredTargets(_ stage: String) -> [String] { shape.workflow.stage(stage)?.sla?.targetNames ?? [] }
}
