import CaseflowEngine
import CaseflowModel

/// What the report needs to know of a workflow's definition: the order of its stages, its end
/// stages, the main outcome and how long a business day is.
struct ProcessShape {
    let workflow: CompiledWorkflow
    /// Stage ids in the order the workflow lists them.
    let order: [String]
    let position: [String: Int]
    let kinds: [String: Stage.Kind]
    let start: String
    /// The end stage the default path reaches: from the start, at each stage the first branch
    /// without a condition (else the last), until an end stage. Nil when that path loops.
    let mainEnd: String?
    let mainOutcome: String?
    /// Working milliseconds in the calendar's longest working day (24 h for all-hours).
    let dayMillis: Int64

    init(_ workflow: CompiledWorkflow) {
        self.workflow = workflow
        order = workflow.stages.map(\.id)
        position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        kinds = Dictionary(uniqueKeysWithValues: workflow.stages.map { ($0.id, $0.kind) })
        start = workflow.stages[workflow.start].id
        var index = workflow.start
        var seen: Set<Int> = []
        var end: CompiledStage?
        while seen.insert(index).inserted {
            let stage = workflow.stages[index]
            if stage.kind == .end {
                end = stage
                break
            }
            guard let branch = stage.next.first(where: { $0.condition == nil }) ?? stage.next.last else { break }
            index = branch.to
        }
        mainEnd = end?.id
        mainOutcome = end.map { $0.outcome ?? $0.id }
        let minutes = Weekday.allCases.map { workflow.calendar.weeklyHours[$0].reduce(0) { $0 + $1.minutes } }.max() ?? 0
        dayMillis = Int64(minutes > 0 ? minutes : 1440) * 60_000
    }

    /// Place in process order; stages the newest version no longer has come after all others.
    func place(_ stage: String) -> Int { position[stage] ?? order.count }

    func isEnd(_ stage: String) -> Bool { kinds[stage] == .end }
}
