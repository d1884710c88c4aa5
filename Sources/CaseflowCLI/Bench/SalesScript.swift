import CaseflowEngine
import CaseflowModel
import CaseflowRules
import CaseflowYAML

/// A whole sales case as a list of commands, taken once from the shipped scenario
/// `sales-won-full-path` (its `expect` and `fails` steps left out): ~14 steps, ~7 human tasks.
struct SalesScript: Sendable {
    enum Step: Sendable {
        case command(actor: String, Command, http: HTTPCall)
        /// Moves the virtual clock (a `wait` of the scenario); timers due by then fire.
        case wait(millis: Int64)
    }

    /// The same step as an API request.
    struct HTTPCall: Sendable {
        var action: String
        var body: String
    }

    static let scenarioID = "sales-won-full-path"

    let workflow: CompiledWorkflow
    let start: Instant
    let opener: String
    let openData: [(field: String, value: Value)]
    let openBody: String
    let steps: [Step]

    /// Everyone the script acts as.
    var people: [String] {
        var seen: [String] = [opener]
        for case .command(let a, _, _) in steps where !seen.contains(a) { seen.append(a) }
        return seen
    }

    /// The steps up to (not including) the first wait: what a case goes through over HTTP in real time.
    var stepsBeforeWait: [Step] {
        Array(steps.prefix { if case .wait = $0 { return false } else { return true } })
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    init(definitions: LoadedDefinitions) throws {
        guard let scenario = definitions.set.scenarios.first(where: { $0.id.value == Self.scenarioID }) else {
            throw Missing(description: "scenario \(Self.scenarioID) not found under the definitions (Workflows/scenarios/sales-paths.yaml)")
        }
        guard let workflow = definitions.catalog.workflow(scenario.workflow.value) else {
            throw Missing(description: "workflow \(scenario.workflow.value) not loaded")
        }
        self.workflow = workflow
        start = scenario.clock
        var opener = "", openData: [(field: String, value: Value)] = [], openBody = ""
        var steps: [Step] = []
        for step in scenario.steps {
            switch step.action {
            case .open(let by, let data):
                opener = by.value
                openData = Self.values(data, workflow)
                openBody = "{\"workflow\":\(JSONPrinter.print(.string(workflow.id))),\"data\":\(Self.json(data))}"
            case .complete(let by, let task, let data, _):
                var body: [String] = []
                if let task { body.append("\"task\":\(JSONPrinter.print(.string(task.value)))") }
                if data != nil { body.append("\"data\":\(Self.json(data))") }
                steps.append(.command(actor: by.value, .complete(task: task?.value, data: Self.values(data, workflow)),
                                      http: HTTPCall(action: "complete", body: "{" + body.joined(separator: ",") + "}")))
            case .set(let by, let data):
                steps.append(.command(actor: by.value, .setData(Self.values(data, workflow)),
                                      http: HTTPCall(action: "data", body: "{\"data\":\(Self.json(data))}")))
            case .approve(let by, let comment, _):
                steps.append(.command(actor: by.value, .approve(comment: comment),
                                      http: HTTPCall(action: "approve", body: comment.map { "{\"comment\":\(JSONPrinter.print(.string($0)))}" } ?? "{}")))
            case .reject(let by, let reason, _):
                steps.append(.command(actor: by.value, .reject(reason: reason),
                                      http: HTTPCall(action: "reject", body: "{\"reason\":\(JSONPrinter.print(.string(reason)))}")))
            case .wait(let d):
                steps.append(.wait(millis: Self.millis(d.value, from: scenario.clock, workflow)))
            default:
                continue
            }
        }
        self.opener = opener
        self.openData = openData
        self.openBody = openBody
        self.steps = steps
    }

    /// Runs one whole case through the engine; returns the commands run (open included) or the refusal.
    @inline(__always)
    func run(_ engine: Engine, caseID: String, recorder: inout LatencyRecorder, record: Bool) throws(Refusal) -> Int {
        // The clock is read only in a recorded case: a read costs little, but not nothing.
        func clock() -> UInt64 { record ? BenchSystem.now() : 0 }
        var now = start
        var t0 = clock()
        var state: CaseState
        switch engine.open(caseID: caseID, workflow: workflow.id, data: openData, by: opener, at: now) {
        case .success(let o): state = o.state
        case .failure(let r): throw r
        }
        var t1 = clock()
        if record { recorder.record(t1 &- t0) }
        var commands = 1
        for step in steps {
            switch step {
            case .command(let actor, let command, _):
                t0 = t1
                // In place: the case is the caller's, changed only when the command succeeds.
                if case .failure(let r) = engine.handle(command, on: &state, by: actor, at: now) { throw r }
                t1 = clock()
                if record { recorder.record(t1 &- t0) }
                commands += 1
            case .wait(let ms):
                now = Instant(millis: now.millis + ms)
                _ = engine.advance(&state, to: now)
                t1 = clock()
            }
        }
        guard state.outcome != nil else { throw Refusal(.conflict, "the scripted case ended open at stage \(workflow.stages[state.stage].id)") }
        return commands
    }

    /// Opens a case and runs the steps before the first wait: a case with its sales data filled in.
    func openFilled(_ engine: Engine, caseID: String, customer: String, stopBefore: Int) -> CaseState? {
        var data = openData
        if let i = data.firstIndex(where: { $0.field == "customer" }) { data[i].value = .string(customer) }
        guard case .success(let o) = engine.open(caseID: caseID, workflow: workflow.id, data: data, by: opener, at: start) else { return nil }
        var state = o.state
        for case .command(let actor, let command, _) in stepsBeforeWait.prefix(stopBefore) {
            guard case .success(let o) = engine.handle(command, on: state, by: actor, at: start) else { return nil }
            state = o.state
        }
        return state
    }

    private static func values(_ node: YAMLNode?, _ workflow: CompiledWorkflow) -> [(field: String, value: Value)] {
        guard let pairs = node?.mapping else { return [] }
        return pairs.map { pair in
            let name = pair.key.text ?? ""
            if let slot = workflow.fieldSlots[name], case .success(let v) = workflow.values.value(pair.value, workflow.fields[slot].type) {
                return (name, v)
            }
            return (name, ValueDecoder.untyped(pair.value))
        }
    }

    private static func json(_ node: YAMLNode?) -> String {
        guard let node else { return "{}" }
        return JSONPrinter.print(ValueDecoder.untyped(node))
    }

    private static func millis(_ spec: DurationSpec, from t: Instant, _ workflow: CompiledWorkflow) -> Int64 {
        switch spec {
        case .elapsed(let ms): return ms
        case .businessTime(let ms): return ((try? workflow.calendar.addWorkingTime(ms, to: t)) ?? t) - t
        case .businessDays(let n): return ((try? workflow.calendar.addBusinessDays(n, to: t)) ?? t) - t
        }
    }
}
