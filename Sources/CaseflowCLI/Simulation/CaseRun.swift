import CaseflowEngine
import CaseflowModel
import CaseflowRules

/// One synthetic case from its arrival until it ends (or nothing more can happen).
struct CaseRun {
    let simulator: Simulator
    let caseNumber: Int
    var rng: SplitMix64
    /// Why the case was left open, when a step was refused.
    var stopped: String?

    private var events: [CaseEvent] = []
    private var state: CaseState?
    /// Stage entries so far: a new entry gets a new plan.
    private var entries = 0
    private var planned = -1
    private var steps: [Step] = []

    struct Step {
        var at: Instant
        var actor: String
        var command: Command
    }

    init(simulator: Simulator, caseNumber: Int, rng: SplitMix64) {
        self.simulator = simulator
        self.caseNumber = caseNumber
        self.rng = rng
    }

    var engine: Engine { simulator.engine }
    var workflow: CompiledWorkflow { simulator.workflow }
    var directory: PeopleDirectory { engine.directory }

    static let maxIterations = 10_000

    mutating func run(id: String, at arrival: Instant) -> [CaseEvent] {
        let opener = openingPerson()
        var data: [(field: String, value: Value)] = []
        let given = Set(simulator.plan.data.map(\.field))
        for (slot, field) in workflow.fields.enumerated() where field.required || given.contains(field.name) {
            data.append((field.name, sampler.value(slot: slot, caseNumber: caseNumber, now: arrival, rng: &rng)))
        }
        switch engine.open(caseID: id, workflow: workflow.id, data: data, by: opener, at: arrival) {
        case .success(let outcome): take(outcome)
        case .failure(let refusal):
            stopped = "open refused: \(refusal.message)"
            return events
        }
        var iterations = 0
        while let s = state, s.isOpen, iterations < Self.maxIterations {
            iterations += 1
            if planned != entries {
                plan(s)
                planned = entries
            }
            let due = engine.nextDue(s)
            if let due, steps.first.map({ due <= $0.at }) ?? true {
                let outcome = engine.advance(s, to: due)
                if outcome.events.isEmpty {
                    stopped = "a timer due at \(due.millis) fired nothing"
                    break
                }
                take(outcome)
                continue
            }
            guard !steps.isEmpty else {
                stopped = "nothing more can happen at stage \(workflow.stages[s.stage].id)"
                break
            }
            var step = steps.removeFirst()
            // An escalation may have handed the stage to another role meanwhile.
            if case .complete(nil, _) = step.command, let role = s.role, !directory.has(step.actor, role), let other = pick(role) {
                step.actor = other
            }
            switch engine.handle(step.command, on: s, by: step.actor, at: step.at) {
            case .success(let outcome): take(outcome)
            case .failure(let refusal):
                stopped = "\(step.command.name) by \(step.actor) at stage \(workflow.stages[s.stage].id) refused: \(refusal.message)"
                return events
            }
        }
        if iterations >= Self.maxIterations { stopped = "still open after \(Self.maxIterations) steps" }
        return events
    }

    private var sampler: DataSampler { DataSampler(workflow: workflow, plan: simulator.plan) }

    private mutating func take(_ outcome: Outcome) {
        for e in outcome.events {
            if case .stageEntered = e.kind { entries += 1 }
        }
        events += outcome.events
        state = outcome.state
    }

    private func openingPerson() -> String {
        let startStage = workflow.stages[workflow.start]
        for role in [startStage.role].compactMap({ $0 }) + workflow.definition.roles.map(\.value) {
            if let p = directory.people(holding: role).first { return p }
        }
        return directory.roles.keys.sorted().first { directory.isAdmin($0) } ?? ""
    }

    private mutating func pick(_ role: String, avoiding: Set<String> = []) -> String? {
        let people = directory.people(holding: role).filter { !avoiding.contains($0) }
        return people.isEmpty ? nil : people[rng.index(people.count)]
    }

    /// The commands that will work the stage just entered, each at its moment.
    private mutating func plan(_ s: CaseState) {
        steps = []
        let stage = workflow.stages[s.stage]
        guard stage.kind == .worked || stage.kind == .gate else { return }
        let length = simulator.duration(of: stage)
        let total = length.sample(&rng)
        let begin = s.stageEnteredAt
        func moment(_ share: Double) -> Instant {
            simulator.add(Int64((Double(total) * share).rounded()), business: length.business, to: begin)
        }
        let end = moment(1)
        if let gate = stage.gate {
            let voters = chooseVoters(gate, state: s)
            let chance = simulator.plan.stageApprove[stage.id] ?? simulator.plan.approve
            for (i, voter) in voters.enumerated() {
                let at = voters.count == 1 ? end : moment(Double(i + 1) / Double(voters.count))
                let command: Command = rng.unit() < chance ? .approve(comment: nil) : .reject(reason: "simulated rejection")
                steps.append(Step(at: at, actor: voter, command: command))
            }
            return
        }
        let required = requiredData(stage, state: s, at: end)
        let role = s.role ?? stage.role
        let worker = role.flatMap { pick($0) }
        let count = stage.tasks.count + (role == nil ? 0 : 1)
        for (i, task) in stage.tasks.enumerated() where !s.tasksDone.contains(task.id) {
            let last = role == nil && i == stage.tasks.count - 1
            let at = last ? end : moment(Double(i + 1) / Double(max(1, count)))
            steps.append(Step(at: at, actor: pick(task.role) ?? "", command: .complete(task: task.id, data: last ? required : [])))
        }
        if let worker { steps.append(Step(at: end, actor: worker, command: .complete(task: nil, data: required))) }
    }

    /// Values for the stage's required fields that are still empty.
    private mutating func requiredData(_ stage: CompiledStage, state s: CaseState, at now: Instant) -> [(field: String, value: Value)] {
        var data: [(field: String, value: Value)] = []
        for slot in stage.requires where s.slots[slot].isNull {
            data.append((workflow.fields[slot].name, sampler.value(slot: slot, caseNumber: caseNumber, now: now, rng: &rng)))
        }
        return data
    }

    /// Enough different people to meet the quorum; with four-eyes, none who acted on the case.
    private mutating func chooseVoters(_ gate: CompiledGate, state s: CaseState) -> [String] {
        let barred: Set<String> = gate.fourEyes ? Set(s.actors) : []
        var chosen: [String] = []
        switch gate.quorum {
        case .all:
            for role in gate.approvers {
                if let p = pick(role, avoiding: barred.union(chosen)) { chosen.append(p) }
            }
        case .count(let n):
            var pool = Array(Set(gate.approvers.flatMap { directory.people(holding: $0) })).sorted().filter { !barred.contains($0) }
            while chosen.count < n, !pool.isEmpty {
                chosen.append(pool.remove(at: rng.index(pool.count)))
            }
        }
        return chosen
    }
}
