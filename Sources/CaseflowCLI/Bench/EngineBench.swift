import CaseflowEngine

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
        let cpuStart = BenchSystem.threadCPU()
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
        let cpuSeconds = Double(BenchSystem.threadCPU() &- cpuStart) / 1e9
        var result = BenchResult(scenario: "engine", seconds: seconds)
        result.add("whole sales cases/s (one core)", Double(cases) / seconds, "cases/s", target: "≥ 100,000")
        result.add("cases per CPU-second (this thread)", Double(cases) / cpuSeconds, "cases/s")
        result.add("commands/s", Double(commands) / seconds, "commands/s")
        result.add("commands per case", Double(commands) / Double(max(cases, 1)), "")
        result.add("cases", Double(cases), "")
        result.latency = recorder.summary(of: "command")
        return result
    }
}
