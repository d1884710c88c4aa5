import CaseflowModel
import CaseflowRules
import CaseflowYAML

/// Runs `kind: scenario` files on a virtual clock through the same engine the daemon uses.
public struct ScenarioRunner: Sendable {
    public struct Failure: Sendable, CustomStringConvertible {
        public var location: SourceLocation
        public var step: String
        public var message: String
        public var description: String { "\(location): \(step): \(message)" }
    }

    public struct Result: Sendable {
        public var scenario: String
        public var location: SourceLocation
        public var steps: Int
        public var failures: [Failure]
        /// The case's history as the run wrote it, event by event.
        public var events: [CaseEvent] = []
        public var passed: Bool { failures.isEmpty }
    }

    public let engine: Engine

    public init(engine: Engine) { self.engine = engine }

    public func run(_ scenario: Scenario) -> Result {
        var result = Result(scenario: scenario.id.value, location: scenario.location, steps: 0, failures: [])
        guard let workflow = engine.catalog.workflow(scenario.workflow.value, version: scenario.version?.value) else {
            result.failures.append(Failure(location: scenario.version?.location ?? scenario.workflow.location, step: "workflow",
                                           message: "no workflow '\(scenario.workflow.value)'" + (scenario.version.map { " version \($0.value)" } ?? "")))
            return result
        }
        var run = Run(engine: engine, workflow: workflow, scenarioID: scenario.id.value, now: scenario.clock)
        for step in scenario.steps {
            result.steps += 1
            let problems = run.perform(step.action)
            for p in problems { result.failures.append(Failure(location: step.location, step: step.action.name, message: p)) }
            if run.halted { break }
        }
        result.events = run.events
        return result
    }
}

/// The state of one scenario run.
struct Run {
    let engine: Engine
    /// The version the case is on (a `migrate` step moves it).
    var workflow: CompiledWorkflow
    let scenarioID: String
    var now: Instant
    var state: CaseState?
    var events: [CaseEvent] = []
    /// A command was refused unexpectedly: later steps would only report the same problem again.
    var halted = false

    init(engine: Engine, workflow: CompiledWorkflow, scenarioID: String, now: Instant) {
        self.engine = engine
        self.workflow = workflow
        self.scenarioID = scenarioID
        self.now = now
    }

    /// Performs one step; returns what went wrong (nothing when the step passed).
    mutating func perform(_ action: ScenarioAction) -> [String] {
        switch action {
        case .wait(let d):
            if let problem = advance(to: BusinessClock(workflow: workflow).add(d.value, to: now)) {
                halted = true
                return [problem]
            }
            return []
        case .expect(let e):
            return check(e)
        case .fails(let inner, let expected):
            switch execute(inner) {
            case .success:
                halted = true
                return ["expected this \(inner.name) to be refused\(expected.map { " with \"\($0)\"" } ?? ""), but it was accepted"]
            case .failure(let refusal):
                if let expected, !refusal.message.contains(expected) {
                    return ["expected a refusal containing \"\(expected)\", got \"\(refusal.message)\""]
                }
                return []
            }
        default:
            if case .failure(let refusal) = execute(action) {
                halted = true
                return ["refused: \(refusal.message)"]
            }
            return []
        }
    }

    /// Moves the virtual clock, firing each timer at its own due instant.
    /// No wait step fires more events than this: timers that send a case round a loop (an
    /// escalation's `goto` to a stage whose own ladder sends it back) would otherwise fire for
    /// as long as the wait is, without end for a long one.
    static let maxEventsPerWait = 100_000

    /// Fires what is due up to `target`; a problem when the timers fired without end.
    mutating func advance(to target: Instant) -> String? {
        var fired = 0
        while let s = state, let due = engine.nextDue(s), due <= target {
            let outcome = engine.advance(s, to: due)
            state = outcome.state
            events += outcome.events
            fired += outcome.events.count
            if outcome.events.isEmpty { break }
            if fired > Self.maxEventsPerWait {
                let stages = Array(Set(events.suffix(100).compactMap { e -> String? in
                    if case .stageEntered(let stage, _, _) = e.kind { return stage } else { return nil }
                })).sorted()
                return "the wait fired more than \(Self.maxEventsPerWait) events and was stopped: "
                    + "timers are sending the case round a loop" + (stages.isEmpty ? "" : " (through stages \(stages.joined(separator: ", ")))")
                    + "; an escalation's goto leads to a stage whose own ladder sends the case back"
            }
        }
        now = max(now, target)
        return nil
    }

    private mutating func execute(_ action: ScenarioAction) -> Swift.Result<Void, Refusal> {
        if case .open(let by, let data) = action {
            let values: [(field: String, value: Value)]
            switch fieldValues(data) {
            case .success(let v): values = v
            case .failure(let r): return .failure(r)
            }
            let id = "\(scenarioID)-1"
            switch engine.open(caseID: id, workflow: workflow.id, version: workflow.version, data: values, by: by.value, at: now) {
            case .success(let outcome):
                state = outcome.state
                events += outcome.events
                return .success(())
            case .failure(let r): return .failure(r)
            }
        }
        guard let current = state else { return .failure(Refusal(.conflict, "no case is open yet: the first command must be open")) }
        if case .migrate(let by, let to, let map, let set, let reason) = action {
            guard let target = engine.catalog.workflow(workflow.id, version: to.value) else {
                return .failure(Refusal(.notFound, "workflow '\(workflow.id)' has no version \(to.value)"))
            }
            let values: [(field: String, value: Value)]
            switch fieldValues(set, in: target) {
            case .success(let v): values = v
            case .failure(let r): return .failure(r)
            }
            let options = MigrationOptions(map: Dictionary(map.map { ($0.from.value, $0.to.value) }, uniquingKeysWith: { _, b in b }),
                                           set: values, reason: reason)
            switch engine.migrate(current, to: to.value, options: options, by: by.value, at: now) {
            case .success(let migrated):
                state = migrated.outcome.state
                events += migrated.outcome.events
                workflow = target
                return .success(())
            case .failure(let r): return .failure(r)
            }
        }
        let command: Command
        switch action {
        case .complete(_, let task, let data, _):
            switch fieldValues(data) {
            case .success(let v): command = .complete(task: task?.value, data: v)
            case .failure(let r): return .failure(r)
            }
        case .set(_, let data):
            switch fieldValues(data) {
            case .success(let v): command = .setData(v)
            case .failure(let r): return .failure(r)
            }
        case .approve(_, let comment, _): command = .approve(comment: comment)
        case .reject(_, let reason, _): command = .reject(reason: reason)
        case .assign(_, let to): command = .assign(to: to.value)
        case .cancel(_, let reason): command = .cancel(reason: reason)
        default: return .success(())
        }
        switch engine.handle(command, on: current, by: action.actor?.value ?? "", at: now, stage: action.stage?.value) {
        case .success(let outcome):
            state = outcome.state
            events += outcome.events
            return .success(())
        case .failure(let r): return .failure(r)
        }
    }

    /// YAML data read as each field's type (a plain `700` is a number where a number is expected,
    /// a quoted "700" stays text and is refused by the engine like any wrong type).
    private func fieldValues(_ node: YAMLNode?) -> Swift.Result<[(field: String, value: Value)], Refusal> {
        fieldValues(node, in: workflow)
    }

    private func fieldValues(_ node: YAMLNode?, in workflow: CompiledWorkflow) -> Swift.Result<[(field: String, value: Value)], Refusal> {
        guard let node else { return .success([]) }
        guard let pairs = node.mapping else { return .failure(Refusal(.invalidData, "data must be a mapping of fields")) }
        var out: [(field: String, value: Value)] = []
        for pair in pairs {
            let name = pair.key.text ?? ""
            if let slot = workflow.fieldSlots[name], case .success(let v) = workflow.values.value(pair.value, workflow.fields[slot].type) {
                out.append((name, v))
            } else {
                // Not of the field's type (or no such field): the engine refuses it, with every other violation.
                out.append((name, ValueDecoder.untyped(pair.value)))
            }
        }
        return .success(out)
    }

    private func check(_ e: ScenarioExpectation) -> [String] {
        guard let s = state else { return ["no case is open yet"] }
        var problems: [String] = []
        func compare(_ what: String, _ expected: String?, _ actual: String?) {
            guard let expected, expected != (actual ?? "none") else { return }
            problems.append("expected \(what) \(expected), actual \(actual ?? "none")")
        }
        compare("stage", e.stage?.value, workflow.stages[s.stage].id)
        compare("status", e.status?.value, s.status.rawValue)
        compare("outcome", e.outcome?.value, s.outcome)
        compare("sla", e.sla?.value, s.stageClock?.state ?? "none")
        compare("assignee", e.assignee?.value, s.assignee)
        if let n = e.escalations?.value, n != s.escalationCount {
            problems.append("expected escalations \(n), actual \(s.escalationCount)")
        }
        for pair in e.data?.mapping ?? [] {
            guard let name = pair.key.text, let slot = workflow.fieldSlots[name] else { continue }
            let actual = s.slots[slot]
            switch workflow.values.value(pair.value, workflow.fields[slot].type) {
            case .success(let expected) where expected != actual:
                problems.append("expected data \(name) = \(JSONPrinter.print(expected)), actual \(JSONPrinter.print(actual))")
            case .failure(let p):
                problems.append("expected data \(name): \(p.message)")
            default: break
            }
        }
        return problems
    }
}
