import CaseflowEngine

/// `memory`: N open cases held in memory, with the sales data filled in: bytes per case.
struct MemoryBench {
    let settings: BenchSettings

    init(_ settings: BenchSettings) { self.settings = settings }

    func run() throws -> BenchResult {
        let definitions = try LoadedDefinitions.load(settings.definitionPaths)
        let script = try SalesScript(definitions: definitions)
        let engine = Engine(catalog: definitions.catalog)
        let n = settings.cases ?? 100_000
        // Up to the contract's signing: customer, channel, budget, intent, potential, needs, quote,
        // discount, contract number and value are all set, and the case is still open.
        let filledSteps = max(0, script.stepsBeforeWait.count - 5)
        var held: [CaseState] = []
        held.reserveCapacity(n)
        let rssBefore = BenchSystem.rss()
        var recorder = LatencyRecorder(capacity: n)
        var ticker = BenchSystem.Ticker()
        let start = BenchSystem.now()
        for i in 0..<n {
            let t0 = BenchSystem.now()
            guard let state = script.openFilled(engine, caseID: "case-\(i)", customer: "Customer \(i) Ltd", stopBefore: filledSteps) else {
                throw SalesScript.Missing(description: "the sales script was refused while filling case \(i)")
            }
            held.append(state)
            recorder.record(BenchSystem.now() &- t0)
            if ticker.due() { BenchSystem.progress("memory: \(i + 1)/\(n) cases held") }
        }
        let seconds = BenchSystem.seconds(since: start)
        let rssAfter = BenchSystem.rss()
        let stage = held.last.map { script.workflow.stages[$0.stage].id } ?? "?"
        let filled = held.last.map { s in s.slots.prefix(script.workflow.fields.count).filter { !$0.isNull }.count } ?? 0
        var result = BenchResult(scenario: "memory", seconds: seconds)
        result.add("open cases held", Double(n), "")
        result.add("bytes per case (RSS delta)", Double(rssAfter - rssBefore) / Double(n), "B", target: "≤ 2,048")
        result.add("fields set per case", Double(filled), "")
        result.latency = recorder.summary(of: "case opened and filled")
        result.notes.append("cases stand at stage \(stage) with \(filled) of \(script.workflow.fields.count) fields set")
        withExtendedLifetime(held) {}
        return result
    }
}
