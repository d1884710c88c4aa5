import CaseflowYAML

/// Unreachable stages and stages from which no end can be reached. An escalation `goto` is a path.
struct GraphChecker {
    let workflow: Workflow
    let ladders: [(ladder: EscalationLadder, stage: String?)]

    func check(into log: inout DiagnosticLog) {
        let ids = Set(workflow.stages.map(\.id.value))
        guard ids.contains(workflow.start.value) else { return }
        var edges: [String: Set<String>] = [:]
        for stage in workflow.stages {
            edges[stage.id.value, default: []].formUnion(stage.successors.map(\.value).filter(ids.contains))
        }
        for (ladder, stage) in ladders {
            let gotos = ladder.levels.compactMap { $0.goto?.value }.filter(ids.contains)
            // A case-level ladder can move the case from whatever stage it is in.
            let from = stage.map { [$0] } ?? workflow.stages.filter { $0.kind != .end }.map(\.id.value)
            for s in from { edges[s, default: []].formUnion(gotos) }
        }
        let reachable = closure(from: [workflow.start.value], edges: edges)
        var reverse: [String: Set<String>] = [:]
        for (from, tos) in edges { for to in tos { reverse[to, default: []].insert(from) } }
        let ends = workflow.stages.filter { $0.kind == .end }.map(\.id.value)
        let canEnd = closure(from: ends, edges: reverse)
        if ends.isEmpty {
            log.error("workflow '\(workflow.id.value)' has no end stage: cases could never close", at: workflow.id.location)
        }
        for stage in workflow.stages {
            if !reachable.contains(stage.id.value) {
                log.error("stage '\(stage.id.value)' cannot be reached from the start stage '\(workflow.start.value)'",
                          at: stage.id.location)
            } else if !ends.isEmpty, !canEnd.contains(stage.id.value) {
                log.error("no end stage can be reached from stage '\(stage.id.value)': cases there could never close",
                          at: stage.id.location)
            }
        }
    }

    private func closure(from start: [String], edges: [String: Set<String>]) -> Set<String> {
        var seen = Set(start)
        var queue = start
        while let s = queue.popLast() {
            for next in edges[s] ?? [] where seen.insert(next).inserted { queue.append(next) }
        }
        return seen
    }
}
