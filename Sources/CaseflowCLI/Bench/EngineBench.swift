import CaseflowEngine
import CaseflowStore

/// `engine`: whole sales cases through the engine in memory, on one core.
struct EngineBench {
    let settings: BenchSettings

    init(_ settings: BenchSettings) { self.settings = settings }

    func run() throws -> BenchResult {
        let definitions = try LoadedDefinitions.load(settings.definitionPaths)
        let script = try SalesScript(definitions: definitions)
        let engine = Engine(catalog: definitions.catalog)
        var recorder = LatencyRecorder(capacity: 1 << 20)
        // Warm up, and check that the script reaches its end.
        for i in 0..<200 { _ = try script.run(engine, caseID: "warm-\(i)", recorder: &recorder, record: false) }
        var cases = 0, commands = 0
        var ticker = BenchSystem.Ticker()
        let start = BenchSystem.now()
        let cpuStart = ThreadCPUClock.now()
        let limit = settings.durationNanos
        // Every 8th case is timed command by command (the clock reads cost little but not nothing).
        while BenchSystem.now() &- start < limit {
            commands += try script.run(engine, caseID: "case-\(cases)", recorder: &recorder, record: cases & 7 == 0)
            cases += 1
            if ticker.due() {
                BenchSystem.progress("engine: \(cases) cases, \(Int(Double(cases) / BenchSystem.seconds(since: start))) cases/s")
            }
        }
        let seconds = BenchSystem.seconds(since: start)
        let cpuSeconds = Double(ThreadCPUClock.now() &- cpuStart) / 1e9
        var result = BenchResult(scenario: "engine", seconds: seconds)
        result.add("whole sales cases/s (one core)", Double(cases) / seconds, "cases/s", target: "≥ 100,000")
        result.add("cases per CPU-second (this thread)", Double(cases) / cpuSeconds, "cases/s")
        result.add("commands/s", Double(commands) / seconds, "commands/s")
        result.add("commands per case", Double(commands) / Double(max(cases, 1)), "")
        result.add("cases", Double(cases), "")
        result.latency = recorder.summary(of: "command")
        let (early, late) = try longHistory(engine, script)
        result.add("data change, new case", early, "µs/command")
        result.add("data change after 5,000 events", late, "µs/command", target: "no more than on a new case")
        return result
    }

    /// One case, 5,000 data changes: the mean time per command of the first 500 and the last 500.
    private func longHistory(_ engine: Engine, _ script: SalesScript) throws -> (Double, Double) {
        guard case .success(let opened) = engine.open(caseID: "long-history", workflow: script.workflow.id, data: script.openData,
                                                      by: script.opener, at: script.start) else {
            throw SalesScript.Missing(description: "the long-history case was not opened")
        }
        var state = opened.state
        var early: UInt64 = 0, late: UInt64 = 0
        for i in 0..<5_000 {
            let t0 = BenchSystem.now()
            guard case .success = engine.handle(.setData([("budget", .double(Double(100_000 + i)))]), on: &state,
                                                by: script.opener, at: script.start) else {
                throw SalesScript.Missing(description: "data change \(i) on the long-history case was refused")
            }
            let took = BenchSystem.now() &- t0
            if i < 500 { early += took } else if i >= 4_500 { late += took }
        }
        return (Double(early) / 500 / 1000, Double(late) / 500 / 1000)
    }
}
