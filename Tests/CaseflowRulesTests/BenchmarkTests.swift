import Testing
@testable import CaseflowRules
#if canImport(Glibc)
import Glibc
#endif

/// Run by hand: `CASEFLOW_BENCH=1 swift test -c release --filter BenchmarkTests`. Prints, never asserts a speed.
@Suite struct BenchmarkTests {
    @Test(.enabled(if: getenv("CASEFLOW_BENCH") != nil))
    func conditionEvaluationsPerSecond() throws {
        var d = Declarations()
        d.declare("budget", .double)
        d.declare("potential", .string)
        let p = try compile("budget > 100000.0 && potential in ['high','medium']", d, expecting: .bool).get()
        let acts = [Activation([.double(250_000), "medium"]), Activation([.double(50_000), "high"]),
                    Activation([.double(150_000), "low"]), Activation([.double(900_000), "high"])]
        let n = 10_000_000
        var hits = 0
        let start = ContinuousClock.now
        for i in 0..<n {
            if case .success(true) = p.evaluateBool(acts[i & 3]) { hits += 1 }
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("condition evaluations/s: \(Int(Double(n) / seconds)) (\(hits) true)")
    }
}
