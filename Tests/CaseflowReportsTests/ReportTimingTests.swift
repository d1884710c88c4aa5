import CaseflowEngine
import CaseflowStore
import CaseflowTestSupport
import Foundation
import Testing
@testable import CaseflowCLI

/// How long `caseflow report` takes over many closed cases: fills the SQLite file named by
/// `CASEFLOW_REPORT_DB` with `CASEFLOW_REPORT_CASES` (100,000) simulated sales cases (seed 7,
/// `Simulations/service-sales.yaml`) and times the built `caseflow report` over it. For the
/// release figure, run `.build/release/caseflow report --db FILE` on the same file afterwards.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["CASEFLOW_REPORT_DB"] != nil, "set CASEFLOW_REPORT_DB to measure"))
struct ReportTimingTests {
    @Test func reportOverAStoreOfSimulatedCases() async throws {
        let env = ProcessInfo.processInfo.environment
        let path = try #require(env["CASEFLOW_REPORT_DB"])
        let count = env["CASEFLOW_REPORT_CASES"].flatMap { Int($0) } ?? 100_000
        let root = CLIProcess.repository
        let command = try #require(CaseflowCommand.parseAsRoot([
            "simulate", "service-sales", "--cases", String(count), "--seed", "7",
            "--workflows", root.appendingPathComponent("Workflows").path, "--policies", root.appendingPathComponent("Policies").path,
            "--durations", root.appendingPathComponent("Simulations/service-sales.yaml").path,
        ]) as? SimulateCommand)
        let loaded = try LoadedDefinitions.load(command.definitions.paths)
        let engine = Engine(catalog: loaded.catalog)
        let simulator = try command.makeSimulator(engine, try #require(loaded.catalog.workflow("service-sales")))
        try? FileManager.default.removeItem(atPath: path)
        let store = try SQLiteStore(path: path)
        // The same arrivals and per-case streams as Simulator.run.
        var arrivals = SplitMix64(seed: simulator.seed, stream: UInt64.max)
        let gap = simulator.arrivals.meanGap(dayMillis: simulator.dayMillis)
        var arrival = simulator.add(0, business: true, to: simulator.start)
        for n in 1...count {
            if n > 1 { arrival = simulator.add(Int64(arrivals.exponential(mean: gap).rounded()), business: true, to: arrival) }
            var run = CaseRun(simulator: simulator, caseNumber: n, rng: SplitMix64(seed: simulator.seed, stream: UInt64(n)))
            let id = "sim-\(n)"
            let events = run.run(id: id, at: arrival)
            let state = try #require(CaseState.replay(events, in: loaded.catalog))
            try await store.commit(CaseWrite(caseID: id, expectedVersion: 0, events: events,
                                             snapshot: try StoredCase(state: state, engine: engine, updatedAt: state.lastEventAt)))
            if n % 10_000 == 0 { print("filled \(n)/\(count)") }
        }
        let start = Date()
        let report = try CLIProcess.run(["report", "--db", path, "--workflows", root.appendingPathComponent("Workflows").path,
                                         "--policies", root.appendingPathComponent("Policies").path])
        #expect(report.status == 0, "\(report.stderr)")
        print("caseflow report over \(count) cases: \(Date().timeIntervalSince(start)) s")
    }
}
