import CaseflowRules

/// `rules`: evaluations per second of a compiled condition.
struct RulesBench {
    static let expression = "budget > 100000.0 && potential in ['high','medium']"
    let settings: BenchSettings

    init(_ settings: BenchSettings) { self.settings = settings }

    func run() throws -> BenchResult {
        var declarations = Declarations()
        declarations.declare("budget", .double)
        declarations.declare("potential", .string)
        let program: Program
        switch compile(Self.expression, declarations, expecting: .bool) {
        case .success(let p): program = p
        case .failure(let d): throw SalesScript.Missing(description: "cannot compile \(Self.expression): \(d)")
        }
        // Four cases that take every path of the expression.
        let activations = [Activation([.double(800_000), .string("high")]), Activation([.double(50_000), .string("high")]),
                           Activation([.double(200_000), .string("low")]), Activation([.double(150_000), .string("medium")])]
        let batch = 10_000
        var recorder = LatencyRecorder()
        var evaluations = 0, trues = 0
        var ticker = BenchSystem.Ticker()
        let start = BenchSystem.now()
        while BenchSystem.now() &- start < settings.durationNanos {
            let t0 = BenchSystem.now()
            for i in 0..<batch {
                if case .success(true) = program.evaluateBool(activations[i & 3]) { trues += 1 }
            }
            recorder.record(BenchSystem.now() &- t0)
            evaluations += batch
            if ticker.due() {
                BenchSystem.progress("rules: \(Int(Double(evaluations) / BenchSystem.seconds(since: start))) evaluations/s")
            }
        }
        let seconds = BenchSystem.seconds(since: start)
        guard trues == evaluations / 2 else { throw SalesScript.Missing(description: "wrong results: \(trues) true of \(evaluations)") }
        var result = BenchResult(scenario: "rules", seconds: seconds)
        result.add("condition evaluations/s", Double(evaluations) / seconds, "evals/s", target: "≥ 5,000,000")
        result.latency = recorder.summary(of: "evaluation (mean of batches of \(batch))", scale: 1 / Double(batch))
        result.notes.append("`\(Self.expression)`, compiled once")
        return result
    }
}
